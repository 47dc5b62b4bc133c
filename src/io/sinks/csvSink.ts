import { closeSync, ftruncateSync, openSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { csvFloat, csvText } from "../csvFormat.js";
import { writeFullyAt } from "../positionalFile.js";
import {
  type RowText,
  requireResumeFile,
  type SinkState,
  type TableSchema,
  type TableSink,
} from "../tableSink.js";

/**
 * Writes a CSV (or gzip CSV) as pandas' `to_csv(index=False)` would: header, then one line per
 * row, NaN as an empty field, infinities as `inf`. A .csv.gz is a sequence of gzip members, one per
 * chunk, which gzip, pandas and DuckDB read as one stream. Resumes by truncating to the last chunk.
 */
export class CsvSink implements TableSink {
  private readonly fd: number;
  private bytes: number;

  constructor(
    path: string,
    private readonly schema: TableSchema,
    private readonly text: RowText,
    private readonly gzip: boolean,
    resume?: SinkState,
  ) {
    if (resume) {
      requireResumeFile(path);
      this.bytes = Number(resume.bytes);
      this.fd = openSync(path, "r+");
      ftruncateSync(this.fd, this.bytes);
    } else {
      this.fd = openSync(path, "w");
      this.bytes = 0;
      this.append(`${[...schema.textColumns, ...schema.featureColumns].map(csvText).join(",")}\n`);
    }
  }

  writeChunk(rows: Int32Array, values: Float64Array): void {
    const columns = this.schema.featureColumns.length;
    const lines: string[] = [];
    for (let i = 0; i < rows.length; i++) {
      const fields = this.text(rows[i]).map(csvText);
      for (let c = 0; c < columns; c++) fields.push(csvFloat(values[i * columns + c]));
      lines.push(fields.join(","));
    }
    if (lines.length > 0) this.append(`${lines.join("\n")}\n`);
  }

  state(): SinkState {
    return { bytes: this.bytes };
  }

  async finish(): Promise<void> {
    closeSync(this.fd);
  }

  abandon(): void {
    closeSync(this.fd);
  }

  private append(text: string): void {
    const buffer = this.gzip ? gzipSync(text) : Buffer.from(text, "utf8");
    writeFullyAt(this.fd, buffer, this.bytes);
    this.bytes += buffer.length;
  }
}
