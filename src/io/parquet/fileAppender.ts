/**
 * Appends bytes to an open file at explicit positions through a staging buffer, so that thousands of
 * small page writes become a few large `write(2)` calls. Positional writes make the result independent
 * of whatever lies beyond the append position (a resumed file is truncated first anyway).
 */
import { writeFullyAt } from "../positionalFile.js";

const DEFAULT_STAGING_BYTES = 4 * 1024 * 1024;

/** Buffered positional appender over a file descriptor; call `flush()` before relying on the file. */
export class FileAppender {
  private readonly staging: Uint8Array;
  private staged = 0;
  /** File offset of the first staged byte. */
  private flushedPosition: number;

  constructor(
    private readonly fd: number,
    startPosition: number,
    stagingBytes = DEFAULT_STAGING_BYTES,
  ) {
    this.flushedPosition = startPosition;
    this.staging = new Uint8Array(stagingBytes);
  }

  /** File offset at which the next appended byte will land (counting staged bytes). */
  get position(): number {
    return this.flushedPosition + this.staged;
  }

  /** Appends bytes; pieces larger than a quarter of the staging buffer bypass it without a copy. */
  append(bytes: Uint8Array): void {
    if (bytes.length > this.staging.length >>> 2) {
      this.flush();
      this.writeFully(bytes);
      return;
    }
    if (this.staged + bytes.length > this.staging.length) this.flush();
    this.staging.set(bytes, this.staged);
    this.staged += bytes.length;
  }

  /** Writes every staged byte to the file (to the OS, not necessarily to the disk). */
  flush(): void {
    if (this.staged === 0) return;
    const staged = this.staged;
    this.staged = 0;
    this.writeFully(this.staging.subarray(0, staged));
  }

  private writeFully(bytes: Uint8Array): void {
    writeFullyAt(this.fd, bytes, this.flushedPosition);
    this.flushedPosition += bytes.length;
  }
}
