import { closeSync, ftruncateSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { rowMajorToColumns } from "../parquet/columnMajor.js";
import {
  type ParquetColumn,
  ParquetStreamWriter,
  type ParquetWriterState,
} from "../parquet/parquetWriter.js";
import type { RowText, SinkState, TableSchema, TableSink } from "../tableSink.js";

/**
 * Streams rows into a Parquet file, one row group per chunk: text columns as UTF-8 strings, feature
 * columns as float64 (NaN kept as NaN). Resumes by truncating to the last complete row group. The
 * footer entries of written row groups (about 70 bytes per column each) go to an append-only side
 * file, so the resume state stays small however many row groups a run writes.
 */
export class ParquetSink implements TableSink {
  private readonly writer: ParquetStreamWriter;
  private transposed = new Float64Array(0);
  private readonly footerPath: string;
  private readonly footerFd: number;
  private footerBytes: number;
  private footerEntries: number;

  constructor(
    path: string,
    private readonly schema: TableSchema,
    private readonly text: RowText,
    resume?: SinkState,
  ) {
    const columns: ParquetColumn[] = [
      ...schema.textColumns.map((name) => ({ name, type: "string" as const })),
      ...schema.featureColumns.map((name) => ({ name, type: "double" as const })),
    ];
    const options = { createdBy: "scifai" };
    this.footerPath = `${path}.rowgroups`;
    if (resume) {
      const state = resume as unknown as Omit<ParquetWriterState, "rowGroups"> & {
        footerBytes: number;
        footerEntries: number;
      };
      this.footerBytes = state.footerBytes;
      this.footerEntries = state.footerEntries;
      this.footerFd = openSync(this.footerPath, "r+");
      ftruncateSync(this.footerFd, this.footerBytes);
      const rowGroups = readFileSync(this.footerPath, "utf8")
        .split("\n")
        .filter(Boolean)
        .slice(0, this.footerEntries);
      this.writer = ParquetStreamWriter.resume(path, columns, options, { ...state, rowGroups });
    } else {
      this.footerBytes = 0;
      this.footerEntries = 0;
      this.footerFd = openSync(this.footerPath, "w");
      this.writer = new ParquetStreamWriter(path, columns, options);
    }
  }

  writeChunk(rows: Int32Array, values: Float64Array): void {
    if (rows.length === 0) return;
    const features = this.schema.featureColumns.length;
    if (this.transposed.length < values.length) this.transposed = new Float64Array(values.length);
    const featureColumns = rowMajorToColumns(values, rows.length, features, this.transposed);
    // NaN has many bit patterns (x86 makes 0·inf a negative NaN); one canonical NaN keeps files
    // byte-identical however a value was produced or read back (merge re-encodes what DuckDB reads).
    const transposed = this.transposed;
    for (let i = 0; i < values.length; i++) if (Number.isNaN(transposed[i])) transposed[i] = Number.NaN;
    const texts = Array.from(rows, (row) => this.text(row));
    const textColumns = this.schema.textColumns.map((_, c) => texts.map((t) => t[c]));
    this.writer.writeRowGroup([...textColumns, ...featureColumns], rows.length);
    const entries = this.writer.state().rowGroups.slice(this.footerEntries);
    const line = Buffer.from(entries.map((e) => `${e}\n`).join(""), "utf8");
    let written = 0;
    while (written < line.length)
      written += writeSync(this.footerFd, line, written, line.length - written, this.footerBytes + written);
    this.footerBytes += line.length;
    this.footerEntries += entries.length;
  }

  state(): SinkState {
    const { rowGroups: _rowGroups, ...rest } = this.writer.state();
    return { ...rest, footerBytes: this.footerBytes, footerEntries: this.footerEntries };
  }

  async finish(): Promise<void> {
    this.writer.close();
    closeSync(this.footerFd);
    rmSync(this.footerPath, { force: true });
  }

  abandon(): void {
    this.writer.abandon();
    closeSync(this.footerFd);
  }
}
