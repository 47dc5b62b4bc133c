import { closeSync, openSync, writeSync } from "node:fs";
import { csvText } from "../io/csvFormat.js";
import type { CropError } from "./cropJob.js";

/** `OUT.errors.csv` with the columns of `scifai extract`'s error log: file, stage, reason. */
export class ErrorCsv {
  private readonly fd: number;
  private open = true;
  /** Errors written so far. */
  count = 0;

  /** Creates (replaces) the file with its header line. */
  constructor(readonly path: string) {
    this.fd = openSync(path, "w");
    writeSync(this.fd, "file,stage,reason\n");
  }

  /** Appends one line per error. */
  append(errors: readonly CropError[]): void {
    if (errors.length === 0) return;
    writeSync(this.fd, errors.map((e) => `${csvText(e.file)},${e.stage},${csvText(e.reason)}\n`).join(""));
    this.count += errors.length;
  }

  /** Closes the file (again: nothing). */
  close(): void {
    if (!this.open) return;
    this.open = false;
    closeSync(this.fd);
  }
}
