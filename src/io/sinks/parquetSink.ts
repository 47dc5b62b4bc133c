import { rowMajorToColumns } from "../parquet/columnMajor.js";
import {
  type ParquetColumn,
  ParquetStreamWriter,
  type ParquetWriterState,
} from "../parquet/parquetWriter.js";
import type { RowText, SinkState, TableSchema, TableSink } from "../tableSink.js";

/**
 * Streams rows into a Parquet file, one row group per chunk: text columns as UTF-8 strings, feature
 * columns as float64 (NaN kept as NaN). Resumes by truncating to the last complete row group.
 */
export class ParquetSink implements TableSink {
  private readonly writer: ParquetStreamWriter;
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
    this.writer = resume
      ? ParquetStreamWriter.resume(path, columns, options, resume as unknown as ParquetWriterState)
      : new ParquetStreamWriter(path, columns, options);
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
  }

  state(): SinkState {
    return this.writer.state() as unknown as SinkState;
  }

  async finish(): Promise<void> {
    this.writer.close();
  }

  abandon(): void {
    this.writer.abandon();
  }
}
