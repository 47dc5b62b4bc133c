import type { CellError, ChunkResult } from "./chunkComputation.js";

/**
 * How an assembled chunk lays out its values: `rows` row-major (value (r, c) at r·columns + c), or
 * `columns`, one contiguous run per feature column (what a Parquet row group takes).
 */
export type ChunkLayout = "rows" | "columns";

/** Column tile of the batch transpose: 32 columns × 32 rows of float64 stay in the L1 cache. */
const TILE = 32;

/**
 * Collects the batch results of one output chunk in order into buffers allocated once per run
 * (`capacity` rows of `columns` values), so that writing a chunk needs no per-chunk allocation and
 * memory does not depend on the number of cells. In the `columns` layout a batch is transposed as it
 * arrives, so a column-major sink needs no second copy of the chunk.
 */
export class ChunkAssembly {
  private readonly rowBuffer: Int32Array;
  private readonly valueBuffer: Float64Array;
  private rowCount = 0;
  private errorList: CellError[] = [];
  private labelList: (string | null)[] = [];

  constructor(
    private readonly capacity: number,
    private readonly columns: number,
    readonly layout: ChunkLayout = "rows",
  ) {
    this.rowBuffer = new Int32Array(capacity);
    this.valueBuffer = new Float64Array(capacity * columns);
  }

  /** Appends a batch's rows, row-major values and errors; throws if the chunk would overflow. */
  add(result: ChunkResult): void {
    const rows = result.rows.length;
    if (this.rowCount + rows > this.capacity)
      throw new RangeError(`chunk overflow: ${this.rowCount + rows} rows, room for ${this.capacity}`);
    this.rowBuffer.set(result.rows, this.rowCount);
    if (this.layout === "rows") this.valueBuffer.set(result.values, this.rowCount * this.columns);
    else this.scatterColumns(result.values, rows);
    this.rowCount += rows;
    for (const error of result.errors) this.errorList.push(error);
    for (const label of result.labels) this.labelList.push(label);
  }

  /** Metadata rows of the cells with features so far (a view, valid until `clear`). */
  get rows(): Int32Array {
    return this.rowBuffer.subarray(0, this.rowCount);
  }

  /** Their values, row-major (a view, valid until `clear`); only in the `rows` layout. */
  get values(): Float64Array {
    if (this.layout !== "rows") throw new Error("ChunkAssembly: row-major values need the rows layout");
    return this.valueBuffer.subarray(0, this.rowCount * this.columns);
  }

  /** One view per feature column of the rows so far (valid until `clear`); only in the `columns` layout. */
  columnViews(): Float64Array[] {
    if (this.layout !== "columns") throw new Error("ChunkAssembly: column views need the columns layout");
    const views = new Array<Float64Array>(this.columns);
    for (let c = 0; c < this.columns; c++) {
      views[c] = this.valueBuffer.subarray(c * this.capacity, c * this.capacity + this.rowCount);
    }
    return views;
  }

  /** The label of each row's cell file (null: none), parallel to `rows`. */
  get labels(): readonly (string | null)[] {
    return this.labelList;
  }

  get errors(): readonly CellError[] {
    return this.errorList;
  }

  /** Starts the next chunk. */
  clear(): void {
    this.rowCount = 0;
    this.errorList = [];
    this.labelList = [];
  }

  /** Writes a row-major batch of `rows` rows into the column runs after the rows so far. */
  private scatterColumns(values: Float64Array, rows: number): void {
    const columns = this.columns;
    const capacity = this.capacity;
    const buffer = this.valueBuffer;
    const first = this.rowCount;
    for (let c0 = 0; c0 < columns; c0 += TILE) {
      const c1 = Math.min(columns, c0 + TILE);
      for (let c = c0; c < c1; c++) {
        const destination = c * capacity + first;
        for (let r = 0; r < rows; r++) buffer[destination + r] = values[r * columns + c];
      }
    }
  }
}
