import { closeSync, ftruncateSync, openSync } from "node:fs";
import { csvText } from "../io/csvFormat.js";
import { writeFullyAt } from "../io/positionalFile.js";
import type { CellError } from "./chunkComputation.js";

/** The `OUT.errors.csv` of a run (file, stage, reason), appended chunk by chunk and resumable. */
export class ErrorLog {
  private readonly fd: number;
  private bytesWritten: number;
  private count: number;

  /** Opens the log; with a resume position, truncates to it and continues. */
  constructor(path: string, resume?: { bytes: number; count: number }) {
    if (resume) {
      this.fd = openSync(path, "r+");
      ftruncateSync(this.fd, resume.bytes);
      this.bytesWritten = resume.bytes;
      this.count = resume.count;
    } else {
      this.fd = openSync(path, "w");
      this.bytesWritten = 0;
      this.count = 0;
      this.write("file,stage,reason\n");
    }
  }

  /** Appends the errors of one chunk. */
  append(errors: readonly CellError[]): void {
    if (errors.length === 0) return;
    this.write(errors.map((e) => `${csvText(e.file)},${e.stage},${csvText(e.reason)}\n`).join(""));
    this.count += errors.length;
  }

  /** Errors logged so far. */
  get errorCount(): number {
    return this.count;
  }

  /** Resume position after the last append. */
  position(): { bytes: number; count: number } {
    return { bytes: this.bytesWritten, count: this.count };
  }

  close(): void {
    closeSync(this.fd);
  }

  private write(text: string): void {
    const buffer = Buffer.from(text, "utf8");
    writeFullyAt(this.fd, buffer, this.bytesWritten);
    this.bytesWritten += buffer.length;
  }
}
