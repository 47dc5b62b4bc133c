import { existsSync } from "node:fs";

/** Column layout of an output table: text (metadata) columns first, then float64 features. */
export interface TableSchema {
  textColumns: readonly string[];
  featureColumns: readonly string[];
}

/** The text (metadata) values of metadata row `row`, in `TableSchema.textColumns` order. */
export type RowText = (row: number) => readonly string[];

/** JSON-serialisable position of a sink after its last complete chunk. */
export type SinkState = Record<string, unknown>;

/**
 * Where extracted rows go, chunk by chunk, so that a run can stop after any chunk and resume:
 * after `writeChunk` returns, `state()` describes a prefix of the output that a new sink opened
 * with that state continues exactly.
 */
export interface TableSink {
  /** Appends the rows of metadata rows `rows` (increasing); `values` is row-major, one row per entry. */
  writeChunk(rows: Int32Array, values: Float64Array): void | Promise<void>;
  /**
   * Same as `writeChunk` for a column-major sink, which offers it to spare the caller a transposed
   * copy: `columns[c]` holds feature column c of the rows. The sink may rewrite NaN payloads in place.
   */
  writeColumns?(rows: Int32Array, columns: readonly Float64Array[]): void | Promise<void>;
  /** The resume position after the last written chunk. */
  state(): SinkState;
  /** Completes the output file (footer, assembly) and releases it. */
  finish(): Promise<void>;
  /** Releases the file without completing it (the run stopped). */
  abandon(): void;
}

/** Throws, naming `path`, when a file a sink resumes from is gone (someone removed part of a run). */
export function requireResumeFile(path: string): void {
  if (!existsSync(path))
    throw new Error(`${path} is missing, so the run cannot resume; delete its .progress.json to start over`);
}
