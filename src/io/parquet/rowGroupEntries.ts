/**
 * Where a Parquet writer keeps the footer entry of each row group (its Thrift `RowGroup` bytes, about
 * 70–100 bytes per column) until `close()` writes the footer. A dataset of millions of cells has
 * thousands of row groups whose entries add up to tens of megabytes, so a caller that must keep its
 * memory flat gives the writer a store on disk.
 */
export interface RowGroupEntryStore {
  /** Entries added so far (including those of a resumed file). */
  readonly count: number;
  /** Appends the entry of the row group just written. */
  add(entry: Uint8Array): void;
  /** Every entry in file order; read once, by `close()`. */
  entries(): Iterable<Uint8Array>;
}

/** Entries held in memory; `encoded()` gives them in base64 for a writer state. */
export class MemoryRowGroupEntries implements RowGroupEntryStore {
  private readonly list: Uint8Array[];

  /** Starts from base64 entries of an earlier state (none for a new file). */
  constructor(encoded: readonly string[] = []) {
    this.list = encoded.map((entry) => new Uint8Array(Buffer.from(entry, "base64")));
  }

  get count(): number {
    return this.list.length;
  }

  add(entry: Uint8Array): void {
    this.list.push(entry);
  }

  entries(): Iterable<Uint8Array> {
    return this.list;
  }

  /** The entries in base64, in file order. */
  encoded(): string[] {
    return this.list.map((entry) =>
      Buffer.from(entry.buffer, entry.byteOffset, entry.length).toString("base64"),
    );
  }
}
