/** Column layout of an output table: text (metadata) columns first, then float64 features. */
export interface TableSchema {
  textColumns: readonly string[];
  featureColumns: readonly string[];
}

/** JSON-serialisable position of a sink after its last complete chunk. */
export type SinkState = Record<string, unknown>;

/**
 * Where extracted rows go, chunk by chunk, so that a run can stop after any chunk and resume:
 * after `writeChunk` returns, `state()` describes a prefix of the output that a new sink opened
 * with that state continues exactly.
 */
export interface TableSink {
  /** Appends rows: `text(row)` gives the text values of metadata row `rows[i]`; `values` is row-major. */
  writeChunk(
    rows: Int32Array,
    values: Float64Array,
    text: (row: number) => readonly string[],
  ): void | Promise<void>;
  /** The resume position after the last written chunk. */
  state(): SinkState;
  /** Completes the output file (footer, assembly) and releases it. */
  finish(): Promise<void>;
  /** Releases the file without completing it (the run stopped). */
  abandon(): void;
}
