import type { CellError, ChunkResult } from "./chunkComputation.js";

/**
 * Collects the batch results of one output chunk in order into buffers allocated once per run
 * (`chunkSize` rows of `columns` values), so that writing a chunk needs no per-chunk allocation and
 * memory does not depend on the number of cells.
 */
export class ChunkAssembly {
  private readonly rowBuffer: Int32Array;
  private readonly valueBuffer: Float64Array;
  private rowCount = 0;
  private errorList: CellError[] = [];
  private labelList: (string | null)[] = [];

  constructor(
    chunkSize: number,
    private readonly columns: number,
  ) {
    this.rowBuffer = new Int32Array(chunkSize);
    this.valueBuffer = new Float64Array(chunkSize * columns);
  }

  /** Appends a batch's rows, values and errors; throws if the chunk would overflow. */
  add(result: ChunkResult): void {
    const rows = result.rows.length;
    if (this.rowCount + rows > this.rowBuffer.length)
      throw new RangeError(`chunk overflow: ${this.rowCount + rows} rows, room for ${this.rowBuffer.length}`);
    this.rowBuffer.set(result.rows, this.rowCount);
    this.valueBuffer.set(result.values, this.rowCount * this.columns);
    this.rowCount += rows;
    for (const error of result.errors) this.errorList.push(error);
    for (const label of result.labels) this.labelList.push(label);
  }

  /** Metadata rows of the cells with features so far (a view, valid until `clear`). */
  get rows(): Int32Array {
    return this.rowBuffer.subarray(0, this.rowCount);
  }

  /** Their values, row-major (a view, valid until `clear`). */
  get values(): Float64Array {
    return this.valueBuffer.subarray(0, this.rowCount * this.columns);
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
}
