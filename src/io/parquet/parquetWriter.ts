/**
 * Streaming Parquet writer for flat tables of REQUIRED columns, in pure TypeScript.
 *
 * Layout: `PAR1`, then each row group as it is written (one column chunk per column, PLAIN data pages
 * v1, optionally gzip-compressed), then at `close()` the footer (FileMetaData) and `PAR1`. Nothing of an
 * earlier row group stays in memory except its footer entry (~50–100 bytes per column chunk), and not
 * even that when the caller gives a `RowGroupEntryStore` on disk (the footer is then streamed from it).
 *
 * Output is deterministic: the same columns, options and row groups give the same bytes (with gzip,
 * on the same zlib build).
 *
 * Resume contract: after `writeRowGroup` returns, every byte of that row group has been handed to the
 * OS with positional writes, so `state()` then describes a valid prefix of the file (its length and
 * the footer entries of its row groups). A caller that persists `state()` after a row group can, after
 * the process dies at any later point (even SIGKILL mid-write, or during `close()`), call
 * `ParquetStreamWriter.resume(path, columns, options, state)`: it truncates the file to the recorded
 * length, dropping whatever was written after that state, and appending continues after exactly
 * `state.rowCount` rows. Writing the remaining row groups (the same ones an uninterrupted run would have
 * written after that point) with the same columns and options and closing gives a file byte-identical
 * to the uninterrupted run. Surviving power loss additionally needs the file fsync'ed before the state
 * is persisted; the writer does not fsync.
 *
 * With entries in memory, the state grows like the footer (one base64 entry of ~60–100 bytes per column
 * chunk). A caller with many row groups gives the writer its own append-only `RowGroupEntryStore`
 * instead: the state is then a few numbers, and resuming needs the store cut back to the state's
 * `rowGroupCount` entries.
 * Persisting less often than every row group is also fine: resuming from an older state just redoes the
 * row groups written after it.
 */

import { createHash } from "node:crypto";
import { closeSync, fstatSync, ftruncateSync, openSync, readSync } from "node:fs";
import { FileAppender } from "./fileAppender.js";
import type {
  ColumnChunkSummary,
  ParquetColumnData,
  ParquetCompression,
  PreparedColumnValues,
} from "./parquetColumnChunk.js";
import { prepareColumnValues, writeColumnChunk } from "./parquetColumnChunk.js";
import { encodeRowGroup, footerEnd, footerFrame, PARQUET_MAGIC } from "./parquetFooter.js";
import type { ParquetColumn } from "./parquetSchema.js";
import { validateParquetColumns } from "./parquetSchema.js";
import { MemoryRowGroupEntries, type RowGroupEntryStore } from "./rowGroupEntries.js";
import { ThriftCompactWriter } from "./thriftCompact.js";

export type { ParquetColumnData, ParquetCompression } from "./parquetColumnChunk.js";
export type { ParquetColumn, ParquetColumnType } from "./parquetSchema.js";

/** Options of a Parquet file; `resume` must be given the same ones as the original writer. */
export interface ParquetWriterOptions {
  /** Page compression (node:zlib gzip at its default level); default "none". */
  compression?: ParquetCompression;
  /** Key-value metadata of the footer, written in the object's key order. */
  keyValueMetadata?: Record<string, string>;
  /** The footer's created_by string; default "scifai". */
  createdBy?: string;
  /** Upper bound of a data page's uncompressed values, in bytes; default 8 MiB (minimum 64). */
  maxPageBytes?: number;
}

/** JSON-serialisable description of a written prefix of a file; see the resume contract above. */
export interface ParquetWriterState {
  /** Layout tag; `resume` refuses a state with another tag. */
  format: typeof STATE_FORMAT;
  /** Hash of the column list, compression and page size: the bytes on disk depend on them. */
  fingerprint: string;
  /** File length in bytes after the last row group of this state. */
  fileLength: number;
  /** Rows in the file's row groups so far. */
  rowCount: number;
  /** Row groups in the file so far. */
  rowGroupCount: number;
  /**
   * Each row group's footer entry (Thrift `RowGroup`), base64, in file order; empty when the writer
   * keeps its entries in a `RowGroupEntryStore` of the caller's (which must then be resumed with it).
   */
  rowGroups: string[];
}

const STATE_FORMAT = "scifai-parquet-writer-state/1";
const DEFAULT_MAX_PAGE_BYTES = 8 * 1024 * 1024;
const MIN_MAX_PAGE_BYTES = 64;
const DEFAULT_CREATED_BY = "scifai";

interface ResolvedOptions {
  compression: ParquetCompression;
  keyValueMetadata: Record<string, string>;
  createdBy: string;
  maxPageBytes: number;
}

function resolveOptions(options: ParquetWriterOptions): ResolvedOptions {
  const compression = options.compression ?? "none";
  if (compression !== "none" && compression !== "gzip") {
    throw new Error(`unsupported Parquet compression "${String(compression)}"; use "none" or "gzip"`);
  }
  const maxPageBytes = options.maxPageBytes ?? DEFAULT_MAX_PAGE_BYTES;
  if (!Number.isInteger(maxPageBytes) || maxPageBytes < MIN_MAX_PAGE_BYTES || maxPageBytes > 2 ** 30) {
    throw new Error(`maxPageBytes must be an integer in [${MIN_MAX_PAGE_BYTES}, 2^30], got ${maxPageBytes}`);
  }
  const keyValueMetadata = { ...(options.keyValueMetadata ?? {}) };
  for (const [key, value] of Object.entries(keyValueMetadata)) {
    if (typeof value !== "string") throw new Error(`Parquet key-value metadata "${key}" must be a string`);
  }
  return { compression, keyValueMetadata, createdBy: options.createdBy ?? DEFAULT_CREATED_BY, maxPageBytes };
}

function fingerprintOf(columns: readonly ParquetColumn[], options: ResolvedOptions): string {
  const identity = JSON.stringify({
    columns: columns.map((column) => [column.name, column.type]),
    compression: options.compression,
    maxPageBytes: options.maxPageBytes,
  });
  return createHash("sha256").update(identity).digest("hex").slice(0, 32);
}

/**
 * Appends row groups to a Parquet file as they come and writes the footer on `close()`. Row groups are
 * column-major: one array per column, in schema order. See the module comment for the resume contract.
 */
export class ParquetStreamWriter {
  readonly path: string;
  readonly columns: readonly ParquetColumn[];
  private readonly options: ResolvedOptions;
  private readonly fingerprint: string;
  private readonly fd: number;
  private readonly appender: FileAppender;
  private readonly headerWriter = new ThriftCompactWriter(64);
  private readonly rowGroupEntries: RowGroupEntryStore;
  /** The entry store when it is the writer's own (its entries then go into `state()`). */
  private readonly memoryEntries: MemoryRowGroupEntries | null;
  private rows: number;
  private fileLength: number;
  private closed = false;
  private failure: unknown = null;

  /**
   * Creates (or truncates) `path` and writes the leading magic; with `resumeFrom`, instead continues
   * the file that state describes (same as `ParquetStreamWriter.resume`). Throws for an empty or
   * inconsistent column list or invalid options. Footer entries are kept in memory unless `entryStore`
   * is given (resuming, it must hold exactly the state's row groups).
   */
  constructor(
    path: string,
    columns: readonly ParquetColumn[],
    options: ParquetWriterOptions = {},
    resumeFrom?: ParquetWriterState,
    entryStore?: RowGroupEntryStore,
  ) {
    validateParquetColumns(columns);
    this.path = path;
    this.columns = columns.map((column) => ({ name: column.name, type: column.type }));
    this.options = resolveOptions(options);
    this.fingerprint = fingerprintOf(this.columns, this.options);
    if (resumeFrom) {
      checkState(resumeFrom, this.fingerprint, path);
      const expected = resumeFrom.rowGroupCount ?? resumeFrom.rowGroups.length;
      const held = entryStore ? entryStore.count : resumeFrom.rowGroups.length;
      if (held !== expected) {
        throw new Error(`${path}: the writer state has ${expected} row groups but ${held} footer entries`);
      }
      this.fd = openSync(path, "r+");
      try {
        truncateToState(this.fd, path, resumeFrom.fileLength);
      } catch (error) {
        closeSync(this.fd);
        throw error;
      }
      this.memoryEntries = entryStore ? null : new MemoryRowGroupEntries(resumeFrom.rowGroups);
      this.rowGroupEntries = entryStore ?? (this.memoryEntries as MemoryRowGroupEntries);
      this.rows = resumeFrom.rowCount;
      this.fileLength = resumeFrom.fileLength;
      this.appender = new FileAppender(this.fd, this.fileLength);
    } else {
      if (entryStore && entryStore.count !== 0) {
        throw new Error(
          `${path}: a new file needs an empty footer-entry store, got ${entryStore.count} entries`,
        );
      }
      this.fd = openSync(path, "w");
      this.memoryEntries = entryStore ? null : new MemoryRowGroupEntries();
      this.rowGroupEntries = entryStore ?? (this.memoryEntries as MemoryRowGroupEntries);
      this.rows = 0;
      this.appender = new FileAppender(this.fd, 0);
      this.appender.append(PARQUET_MAGIC);
      this.appender.flush();
      this.fileLength = PARQUET_MAGIC.length;
    }
  }

  /**
   * Reopens the file of a persisted `state()` after a crash: truncates it to `state.fileLength` and
   * continues after `state.rowCount` rows. `columns` and `options` must be those of the original writer
   * (the column list, compression and page size are checked against the state's fingerprint). Throws if
   * the file is missing, shorter than the state, or does not start with the Parquet magic.
   */
  static resume(
    path: string,
    columns: readonly ParquetColumn[],
    options: ParquetWriterOptions,
    state: ParquetWriterState,
    entryStore?: RowGroupEntryStore,
  ): ParquetStreamWriter {
    return new ParquetStreamWriter(path, columns, options, state, entryStore);
  }

  /** Rows written so far (including those before a resume). */
  get rowCount(): number {
    return this.rows;
  }

  /** Row groups written so far (including those before a resume). */
  get rowGroupCount(): number {
    return this.rowGroupEntries.count;
  }

  /**
   * Appends one row group of `rowCount` rows: `columns[c]` holds column c's values (Float64Array or
   * number[] for double, Float32Array or number[] for float, BigInt64Array or safe-integer number[] for
   * int64, Int32Array or number[] for int32, Uint8Array of 0/1 or boolean[] for boolean, string[] for
   * string), exactly `rowCount` of them. All input is checked before a byte is written, so a thrown
   * validation error leaves the writer usable; an I/O error leaves it failed (resume from the last
   * state). `rowCount` 0 writes nothing.
   */
  writeRowGroup(columns: readonly ParquetColumnData[], rowCount: number): void {
    this.assertWritable();
    if (!Number.isSafeInteger(rowCount) || rowCount < 0) {
      throw new Error(`row count must be a non-negative integer, got ${rowCount}`);
    }
    if (columns.length !== this.columns.length) {
      throw new Error(`a row group needs ${this.columns.length} columns, got ${columns.length}`);
    }
    const prepared: PreparedColumnValues[] = this.columns.map((column, c) =>
      prepareColumnValues(column, columns[c], rowCount),
    );
    if (rowCount === 0) return;
    try {
      const chunks: ColumnChunkSummary[] = new Array(this.columns.length);
      for (let c = 0; c < this.columns.length; c++) {
        chunks[c] = writeColumnChunk(
          this.columns[c],
          prepared[c],
          this.options.compression,
          this.options.maxPageBytes,
          this.appender,
          this.headerWriter,
        );
      }
      this.appender.flush();
      const rowGroup = encodeRowGroup(this.columns, chunks, rowCount, this.options.compression);
      this.rowGroupEntries.add(rowGroup);
      this.rows += rowCount;
      this.fileLength = this.appender.position;
    } catch (error) {
      this.failure = error;
      throw error;
    }
  }

  /**
   * The resumable description of everything written so far (a fresh object; persist it after a row
   * group). Its size grows with row groups × columns, like the footer; the state stays valid after
   * `close()` (resuming from it drops the footer).
   */
  state(): ParquetWriterState {
    return {
      format: STATE_FORMAT,
      fingerprint: this.fingerprint,
      fileLength: this.fileLength,
      rowCount: this.rows,
      rowGroupCount: this.rowGroupEntries.count,
      rowGroups: this.memoryEntries ? this.memoryEntries.encoded() : [],
    };
  }

  /** Writes the footer and closes the file; a second call does nothing. A file with no row group is valid. */
  close(): void {
    if (this.closed) return;
    this.assertWritable();
    try {
      const description = {
        columns: this.columns,
        rowCount: this.rows,
        keyValueMetadata: this.options.keyValueMetadata,
        createdBy: this.options.createdBy,
      };
      // Streamed entry by entry: the footer of a large file never needs to be in memory at once.
      const { head, tail } = footerFrame(description, this.rowGroupEntries.count);
      let metadataLength = head.length + tail.length;
      let entries = 0;
      this.appender.append(head);
      for (const entry of this.rowGroupEntries.entries()) {
        this.appender.append(entry);
        metadataLength += entry.length;
        entries++;
      }
      if (entries !== this.rowGroupEntries.count) {
        throw new Error(
          `${this.path}: ${this.rowGroupEntries.count} row groups but ${entries} footer entries`,
        );
      }
      this.appender.append(tail);
      this.appender.append(footerEnd(metadataLength));
      this.appender.flush();
    } catch (error) {
      this.failure = error;
      throw error;
    }
    this.closed = true;
    closeSync(this.fd);
  }

  /** Closes the file descriptor without writing a footer (the file stays resumable from its state). */
  abandon(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private assertWritable(): void {
    if (this.closed) throw new Error(`${this.path}: the Parquet writer is closed`);
    if (this.failure !== null) {
      throw new Error(
        `${this.path}: an earlier write failed (${String(this.failure)}); resume from the last state`,
      );
    }
  }
}

function checkState(state: ParquetWriterState, fingerprint: string, path: string): void {
  if (state === null || typeof state !== "object" || state.format !== STATE_FORMAT) {
    throw new Error(`${path}: not a Parquet writer state of format ${STATE_FORMAT}`);
  }
  if (state.fingerprint !== fingerprint) {
    throw new Error(`${path}: the state was written with other columns, compression or page size`);
  }
  if (!Number.isSafeInteger(state.fileLength) || state.fileLength < PARQUET_MAGIC.length) {
    throw new Error(`${path}: invalid file length ${state.fileLength} in the writer state`);
  }
  if (!Number.isSafeInteger(state.rowCount) || state.rowCount < 0 || !Array.isArray(state.rowGroups)) {
    throw new Error(`${path}: invalid row count or row groups in the writer state`);
  }
}

function truncateToState(fd: number, path: string, fileLength: number): void {
  const size = fstatSync(fd).size;
  if (size < fileLength) {
    throw new Error(
      `${path}: file has ${size} bytes but the writer state recorded ${fileLength}; cannot resume`,
    );
  }
  const magic = new Uint8Array(PARQUET_MAGIC.length);
  readSync(fd, magic, 0, magic.length, 0);
  if (!magic.every((byte, i) => byte === PARQUET_MAGIC[i])) {
    throw new Error(`${path}: does not start with the Parquet magic; cannot resume`);
  }
  ftruncateSync(fd, fileLength);
}

/** Options of `writeParquetTable`: the writer's, plus the row group size (default: one row group). */
export interface ParquetTableOptions extends ParquetWriterOptions {
  rowsPerRowGroup?: number;
}

/**
 * Writes a small in-memory table in one call: `data[c]` holds all rows of `columns[c]` (same types as
 * `writeRowGroup`), every column the same length. Zero rows give a valid empty file.
 */
export function writeParquetTable(
  path: string,
  columns: readonly ParquetColumn[],
  data: readonly ParquetColumnData[],
  options: ParquetTableOptions = {},
): void {
  validateParquetColumns(columns);
  if (data.length !== columns.length)
    throw new Error(`${columns.length} columns but ${data.length} data arrays`);
  const rowCount = data[0].length;
  const rowsPerRowGroup = options.rowsPerRowGroup ?? Math.max(1, rowCount);
  if (!Number.isSafeInteger(rowsPerRowGroup) || rowsPerRowGroup < 1) {
    throw new Error(`rowsPerRowGroup must be a positive integer, got ${rowsPerRowGroup}`);
  }
  data.forEach((values, c) => {
    if (values.length !== rowCount) {
      throw new Error(`column "${columns[c].name}" has ${values.length} values, column 0 has ${rowCount}`);
    }
  });
  const writer = new ParquetStreamWriter(path, columns, options);
  try {
    for (let start = 0; start < rowCount; start += rowsPerRowGroup) {
      const end = Math.min(rowCount, start + rowsPerRowGroup);
      writer.writeRowGroup(
        data.map((values) => rowRange(values, start, end, rowCount)),
        end - start,
      );
    }
    writer.close();
  } catch (error) {
    writer.abandon();
    throw error;
  }
}

/** Rows [start, end) of a column: the array itself when whole, a view of typed arrays, else a copy. */
function rowRange(
  values: ParquetColumnData,
  start: number,
  end: number,
  rowCount: number,
): ParquetColumnData {
  if (start === 0 && end === rowCount) return values;
  if (ArrayBuffer.isView(values)) {
    return (values as Float64Array).subarray(start, end) as unknown as ParquetColumnData;
  }
  return (values as readonly unknown[]).slice(start, end) as ParquetColumnData;
}
