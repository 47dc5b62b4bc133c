import { closeSync, ftruncateSync, openSync, readSync, rmSync } from "node:fs";
import { rowMajorToColumns } from "../parquet/columnMajor.js";
import {
  type ParquetColumn,
  ParquetStreamWriter,
  type ParquetWriterState,
} from "../parquet/parquetWriter.js";
import type { RowGroupEntryStore } from "../parquet/rowGroupEntries.js";
import { writeFullyAt } from "../positionalFile.js";
import {
  type RowText,
  requireResumeFile,
  type SinkState,
  type TableSchema,
  type TableSink,
} from "../tableSink.js";

/** Read size when the footer entries are streamed back at close. */
const READ_BLOCK_BYTES = 4 * 1024 * 1024;

/**
 * Footer entries in an append-only side file, one base64 line per row group, written as each row group
 * is and read back block by block at close: the memory of a run does not grow with its row groups, and
 * a resumed run cuts the file back to the entries of its state.
 */
class SideFileEntries implements RowGroupEntryStore {
  private readonly fd: number;
  private entryCount: number;
  private byteLength: number;

  constructor(
    readonly path: string,
    resume?: { bytes: number; count: number },
  ) {
    if (resume) requireResumeFile(path);
    this.fd = openSync(path, resume ? "r+" : "w+");
    this.byteLength = resume?.bytes ?? 0;
    this.entryCount = resume?.count ?? 0;
    if (resume) ftruncateSync(this.fd, this.byteLength);
  }

  get count(): number {
    return this.entryCount;
  }

  /** Bytes of the side file (its resume position). */
  get bytes(): number {
    return this.byteLength;
  }

  add(entry: Uint8Array): void {
    const line = Buffer.from(
      `${Buffer.from(entry.buffer, entry.byteOffset, entry.length).toString("base64")}\n`,
    );
    writeFullyAt(this.fd, line, this.byteLength);
    this.byteLength += line.length;
    this.entryCount++;
  }

  *entries(): Iterable<Uint8Array> {
    const block = Buffer.alloc(READ_BLOCK_BYTES);
    let pending = "";
    for (let position = 0; position < this.byteLength; ) {
      const read = readSync(this.fd, block, 0, Math.min(block.length, this.byteLength - position), position);
      if (read === 0) throw new Error(`${this.path}: ends at ${position} bytes, expected ${this.byteLength}`);
      position += read;
      const lines = (pending + block.toString("latin1", 0, read)).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) yield new Uint8Array(Buffer.from(line, "base64"));
    }
    if (pending !== "") throw new Error(`${this.path}: the last footer entry is incomplete`);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Streams rows into a Parquet file, one row group per chunk: text columns as UTF-8 strings, feature
 * columns as float64 (NaN kept as NaN). Resumes by truncating to the last complete row group. The
 * footer entries of written row groups (about 70 bytes per column each) go to an append-only side
 * file and are streamed from it into the footer at the end, so neither the resume state nor the
 * memory grows with the number of row groups.
 */
export class ParquetSink implements TableSink {
  private readonly writer: ParquetStreamWriter;
  private readonly entries: SideFileEntries;
  private transposed = new Float64Array(0);

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
    const footerPath = `${path}.rowgroups`;
    if (resume) {
      const state = resume as unknown as Omit<ParquetWriterState, "rowGroups"> & {
        footerBytes: number;
      };
      requireResumeFile(path);
      this.entries = new SideFileEntries(footerPath, {
        bytes: state.footerBytes,
        count: state.rowGroupCount,
      });
      const writerState = { ...state, rowGroups: [] };
      this.writer = ParquetStreamWriter.resume(path, columns, options, writerState, this.entries);
    } else {
      this.entries = new SideFileEntries(footerPath);
      this.writer = new ParquetStreamWriter(path, columns, options, undefined, this.entries);
    }
  }

  writeChunk(rows: Int32Array, values: Float64Array): void {
    if (rows.length === 0) return;
    const features = this.schema.featureColumns.length;
    if (this.transposed.length < values.length) this.transposed = new Float64Array(values.length);
    this.writeColumns(rows, rowMajorToColumns(values, rows.length, features, this.transposed));
  }

  writeColumns(rows: Int32Array, columns: readonly Float64Array[]): void {
    if (rows.length === 0) return;
    // NaN has many bit patterns (x86 makes 0·inf a negative NaN); one canonical NaN keeps files
    // byte-identical however a value was produced or read back (merge re-encodes what DuckDB reads).
    for (const column of columns) {
      for (let i = 0; i < column.length; i++) if (Number.isNaN(column[i])) column[i] = Number.NaN;
    }
    const texts = Array.from(rows, (row) => this.text(row));
    const textColumns = this.schema.textColumns.map((_, c) => texts.map((t) => t[c]));
    this.writer.writeRowGroup([...textColumns, ...columns], rows.length);
  }

  state(): SinkState {
    // The side file holds the footer entries; the state records how far it goes (rowGroupCount entries).
    const { rowGroups: _rowGroups, ...rest } = this.writer.state();
    return { ...rest, footerBytes: this.entries.bytes };
  }

  async finish(): Promise<void> {
    this.writer.close();
    this.entries.close();
    rmSync(this.entries.path, { force: true });
  }

  abandon(): void {
    this.writer.abandon();
    this.entries.close();
  }
}
