import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/** Random access to the bytes of a file (or of a buffer) without holding all of it in memory. */
export interface ByteSource {
  /** Size in bytes. */
  readonly size: number;
  /**
   * `length` bytes starting at `offset`. The view is only valid until the next call (it may share
   * a reusable buffer): parse or copy it at once. Throws OutOfRangeError past the end.
   */
  bytesAt(offset: number, length: number): Uint8Array;
  /** Releases the file; later reads throw. Closing twice is harmless. */
  close(): void;
}

/** A read that needs bytes beyond the end of the file: the file is truncated, or an offset is corrupt. */
export class OutOfRangeError extends RangeError {
  override readonly name = "OutOfRangeError";
  constructor(
    /** First byte asked for. */
    readonly offset: number,
    /** Number of bytes asked for. */
    readonly length: number,
    /** Size of the file. */
    readonly size: number,
  ) {
    super(`needs bytes ${offset}–${offset + length - 1} but the file has ${size} bytes`);
  }
}

/** Default read-ahead: IFDs and pixel strips of neighbouring Amnis objects are a few KiB apart. */
const DEFAULT_WINDOW = 1 << 16;

/**
 * A file read through a sliding window: a request inside the window costs nothing, one outside
 * refills the window from the requested offset (so sequential walks read each byte once, with
 * one system call per window). `windowSize` in bytes (default 64 KiB); small windows suit sparse
 * walks such as listing the IFDs only. Throws the fs error when the file cannot be opened.
 */
export class FileByteSource implements ByteSource {
  readonly size: number;
  private fd: number | null;
  private window: Uint8Array;
  private windowStart = 0;
  private windowLength = 0;

  constructor(
    readonly path: string,
    windowSize: number = DEFAULT_WINDOW,
  ) {
    this.fd = openSync(path, "r");
    try {
      const stats = fstatSync(this.fd);
      if (stats.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
      this.size = stats.size;
    } catch (error) {
      closeSync(this.fd);
      this.fd = null;
      throw error;
    }
    this.window = new Uint8Array(Math.max(64, windowSize));
  }

  bytesAt(offset: number, length: number): Uint8Array {
    checkRange(offset, length, this.size);
    if (offset >= this.windowStart && offset + length <= this.windowStart + this.windowLength) {
      const start = offset - this.windowStart;
      return this.window.subarray(start, start + length);
    }
    if (this.fd === null) throw new Error(`${this.path}: read after close`);
    if (length > this.window.length) this.window = new Uint8Array(length);
    const wanted = Math.min(this.window.length, this.size - offset);
    let filled = 0;
    while (filled < wanted) {
      const count = readSync(this.fd, this.window, filled, wanted - filled, offset + filled);
      if (count === 0) break; // the file shrank while open
      filled += count;
    }
    this.windowStart = offset;
    this.windowLength = filled;
    if (filled < length) throw new OutOfRangeError(offset, length, offset + filled);
    return this.window.subarray(0, length);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** A ByteSource over bytes already in memory (tests, or a file read whole by the caller). */
export class BufferByteSource implements ByteSource {
  readonly size: number;
  constructor(private readonly bytes: Uint8Array) {
    this.size = bytes.length;
  }

  bytesAt(offset: number, length: number): Uint8Array {
    checkRange(offset, length, this.size);
    return this.bytes.subarray(offset, offset + length);
  }

  close(): void {}
}

function checkRange(offset: number, length: number, size: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new OutOfRangeError(offset, length, size);
  }
  if (offset + length > size) throw new OutOfRangeError(offset, length, size);
}
