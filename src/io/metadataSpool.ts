import { createHash } from "node:crypto";
import { closeSync, openSync, rmSync } from "node:fs";
import { METADATA_COLUMNS, type MetadataRow } from "./metadata.js";
import { readFullyAt, writeFullyAt } from "./positionalFile.js";

/** The rows of a metadata table as extraction reads them: by index, mostly in increasing order. */
export interface MetadataRows {
  /** Absolute dataset root; `join(root, fileAt(r))` is the cell file of row r. */
  readonly root: string;
  readonly rowCount: number;
  /** The `file` of row `row` (relative to the root, `/` separators). */
  fileAt(row: number): string;
  /** The `object_number` of row `row`. */
  objectNumberAt(row: number): string;
  /** Row `row` in METADATA_COLUMNS order (a fresh array). */
  textAt(row: number): string[];
}

/** Rows per block of the spool: the unit of its index and of its reads. */
const BLOCK_ROWS = 1024;
/** Text the writer gathers before a write(2). */
const WRITE_BYTES = 1 << 20;
/** Blocks a reader keeps decoded: batches are planned a few hundred rows ahead of the chunk being written. */
const CACHED_BLOCKS = 4;

/** What a finished spool file holds, enough to open it (also from another thread). */
export interface SpoolDescription {
  path: string;
  root: string;
  rowCount: number;
  /** Byte offset of each block of BLOCK_ROWS rows, and the file length last. */
  blockOffsets: number[];
  /** SHA-256 of the rows (each row's fields joined by NUL, one line per row): identifies the table. */
  digest: string;
}

/**
 * Writes metadata rows to a file, one JSON array per line, so that a table of millions of rows costs
 * the process a few kilobytes (one offset per 1,024 rows) instead of memory per row.
 */
export class MetadataSpoolWriter {
  private readonly fd: number;
  private readonly hash = createHash("sha256");
  private readonly blockOffsets: number[] = [];
  private pending: string[] = [];
  private pendingBytes = 0;
  private bytes = 0;
  private rows = 0;
  private finished = false;

  /** Creates (or truncates) `path`; `root` is the absolute dataset root of the rows. */
  constructor(
    readonly path: string,
    readonly root: string,
  ) {
    this.fd = openSync(path, "w");
  }

  /** Appends one row; throws once finished. */
  push(row: MetadataRow): void {
    if (this.finished) throw new Error(`${this.path}: cannot add rows to a finished metadata spool`);
    const fields = METADATA_COLUMNS.map((column) => row[column]);
    this.hash.update(`${fields.join("\u0000")}\n`);
    if (this.rows % BLOCK_ROWS === 0) this.blockOffsets.push(this.bytes + this.pendingBytes);
    const line = `${JSON.stringify(fields)}\n`;
    this.pending.push(line);
    this.pendingBytes += Buffer.byteLength(line, "utf8");
    this.rows++;
    if (this.pendingBytes >= WRITE_BYTES) this.flush();
  }

  /** Writes what is left and closes the file; returns what `MetadataSpool.open` needs. */
  finish(): SpoolDescription {
    if (!this.finished) {
      this.flush();
      closeSync(this.fd);
      this.finished = true;
    }
    return {
      path: this.path,
      root: this.root,
      rowCount: this.rows,
      blockOffsets: [...this.blockOffsets, this.bytes],
      digest: this.hash.copy().digest("hex"),
    };
  }

  /** Closes and deletes the file (the run stopped before using it). */
  discard(): void {
    if (!this.finished) closeSync(this.fd);
    this.finished = true;
    rmSync(this.path, { force: true });
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const buffer = Buffer.from(this.pending.join(""), "utf8");
    writeFullyAt(this.fd, buffer, this.bytes);
    this.bytes += buffer.length;
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/**
 * Reads the rows of a spool file by index: a block of 1,024 rows is read and decoded when first asked
 * for, and the last few blocks stay decoded, so that reading in increasing order reads the file once.
 * Memory does not depend on the number of rows.
 */
export class MetadataSpool implements MetadataRows {
  private readonly fd: number;
  private readonly cache = new Map<number, string[][]>();

  private constructor(private readonly description: SpoolDescription) {
    this.fd = openSync(description.path, "r");
  }

  /** Opens a finished spool; throws if its file is missing. */
  static open(description: SpoolDescription): MetadataSpool {
    return new MetadataSpool(description);
  }

  /** Spools the rows of an in-memory table to `path` and opens the spool. */
  static of(path: string, root: string, rows: Iterable<MetadataRow>): MetadataSpool {
    const writer = new MetadataSpoolWriter(path, root);
    try {
      for (const row of rows) writer.push(row);
    } catch (error) {
      writer.discard();
      throw error;
    }
    return MetadataSpool.open(writer.finish());
  }

  get root(): string {
    return this.description.root;
  }

  get rowCount(): number {
    return this.description.rowCount;
  }

  /** SHA-256 of the rows (see SpoolDescription.digest). */
  get digest(): string {
    return this.description.digest;
  }

  fileAt(row: number): string {
    return this.fields(row)[0];
  }

  objectNumberAt(row: number): string {
    return this.fields(row)[4];
  }

  textAt(row: number): string[] {
    return [...this.fields(row)];
  }

  /** Closes and deletes the spool file. */
  close(): void {
    closeSync(this.fd);
    rmSync(this.description.path, { force: true });
  }

  private fields(row: number): string[] {
    if (!Number.isInteger(row) || row < 0 || row >= this.description.rowCount)
      throw new RangeError(`metadata row ${row} out of range 0…${this.description.rowCount - 1}`);
    const block = Math.floor(row / BLOCK_ROWS);
    let rows = this.cache.get(block);
    if (!rows) {
      rows = this.readBlock(block);
      if (this.cache.size >= CACHED_BLOCKS) this.cache.delete(this.cache.keys().next().value as number);
      this.cache.set(block, rows);
    }
    return rows[row - block * BLOCK_ROWS];
  }

  private readBlock(block: number): string[][] {
    const { blockOffsets, path } = this.description;
    const start = blockOffsets[block];
    const length = blockOffsets[block + 1] - start;
    const buffer = Buffer.alloc(length);
    readFullyAt(this.fd, buffer, start, path);
    const lines = buffer.toString("utf8").split("\n");
    lines.pop();
    return lines.map((line) => JSON.parse(line) as string[]);
  }
}
