import type { Matrix } from "../matrix.js";

/**
 * A matrix as scikit-learn's trees see it: every value rounded to float32 (sklearn fits and
 * predicts on float32 copies of X), each column replaced by the dense rank of its value among the
 * column's distinct values. Sorting a node's rows by a feature is then an integer sort on small
 * keys (counting or radix sort) instead of a comparison sort on doubles, and the exact split
 * thresholds are still available from the distinct values.
 */
export interface RankedColumns {
  rows: number;
  cols: number;
  /** Column-major ranks: the rank of row r in column f is `ranks[f * rows + r]`. */
  ranks: Uint32Array;
  /** Distinct float32 values of all columns, ascending within each column, columns one after the other. */
  distinctValues: Float64Array;
  /** Start of column f's distinct values in `distinctValues` (cols + 1 entries). */
  distinctOffsets: Int32Array;
}

/**
 * Ranks the float32-rounded columns of X. Throws a RangeError naming the first offending cell when
 * a value is NaN or infinite or overflows float32 (scikit-learn 1.2's forests reject them too).
 */
export function rankColumns(X: Matrix, who = "RandomForest"): RankedColumns {
  const { rows, cols, data } = X;
  assertFiniteFloat32(X, who);
  const ranks = new Uint32Array(rows * cols);
  const distinctParts: Float64Array[] = [];
  const distinctOffsets = new Int32Array(cols + 1);
  const sorter = new Float32KeySorter(rows);
  const distinct = new Float64Array(rows);
  for (let f = 0; f < cols; f++) {
    const order = sorter.sortColumn(data, rows, cols, f);
    const keys = sorter.sortedKeys;
    const base = f * rows;
    let rank = -1;
    let previous = -1;
    for (let i = 0; i < rows; i++) {
      const key = keys[i];
      if (key !== previous) {
        rank++;
        previous = key;
        distinct[rank] = sorter.valueOfKey(key);
      }
      ranks[base + order[i]] = rank;
    }
    distinctParts.push(distinct.slice(0, rank + 1));
    distinctOffsets[f + 1] = distinctOffsets[f] + rank + 1;
  }
  const distinctValues = new Float64Array(distinctOffsets[cols]);
  for (let f = 0; f < cols; f++) distinctValues.set(distinctParts[f], distinctOffsets[f]);
  return { rows, cols, ranks, distinctValues, distinctOffsets };
}

// Sorts a column's float32 values by an LSD radix sort on their bits mapped to unsigned integers
// that order like the floats (three 11-bit passes): linear time, unlike a comparison sort.
class Float32KeySorter {
  private readonly keysA: Uint32Array;
  private readonly keysB: Uint32Array;
  private readonly rowsA: Uint32Array;
  private readonly rowsB: Uint32Array;
  private readonly counts = new Int32Array(2049);
  private readonly floatView = new Float32Array(1);
  private readonly bitsView = new Uint32Array(this.floatView.buffer);
  sortedKeys: Uint32Array;

  constructor(rows: number) {
    this.keysA = new Uint32Array(rows);
    this.keysB = new Uint32Array(rows);
    this.rowsA = new Uint32Array(rows);
    this.rowsB = new Uint32Array(rows);
    this.sortedKeys = this.keysA;
  }

  // Rows of column f in ascending value order; their keys are left in sortedKeys.
  sortColumn(data: Float64Array, rows: number, cols: number, f: number): Uint32Array {
    const { floatView, bitsView, counts } = this;
    let inKeys = this.keysA;
    let inRows = this.rowsA;
    let outKeys = this.keysB;
    let outRows = this.rowsB;
    for (let r = 0; r < rows; r++) {
      // + 0 turns −0 into +0, which sklearn's comparisons treat as equal.
      floatView[0] = data[r * cols + f] + 0;
      const bits = bitsView[0];
      inKeys[r] = bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
      inRows[r] = r;
    }
    for (let shift = 0; shift < 32; shift += 11) {
      counts.fill(0);
      for (let i = 0; i < rows; i++) counts[((inKeys[i] >>> shift) & 2047) + 1]++;
      for (let b = 1; b <= 2048; b++) counts[b] += counts[b - 1];
      for (let i = 0; i < rows; i++) {
        const key = inKeys[i];
        const at = counts[(key >>> shift) & 2047]++;
        outKeys[at] = key;
        outRows[at] = inRows[i];
      }
      const swapKeys = inKeys;
      inKeys = outKeys;
      outKeys = swapKeys;
      const swapRows = inRows;
      inRows = outRows;
      outRows = swapRows;
    }
    this.sortedKeys = inKeys;
    return inRows;
  }

  // The float32 value (as a double) whose key is `key`.
  valueOfKey(key: number): number {
    this.bitsView[0] = key & 0x80000000 ? key & 0x7fffffff : ~key;
    return this.floatView[0];
  }
}

/** Throws a RangeError at the first value of X that is NaN, ±∞ or outside the float32 range. */
export function assertFiniteFloat32(X: Matrix, who: string): void {
  const { data, cols } = X;
  for (let i = 0; i < data.length; i++) {
    const value = Math.fround(data[i]);
    if (value - value !== 0) {
      const row = Math.floor(i / cols);
      const column = i - row * cols;
      const what = Number.isNaN(data[i])
        ? "a missing value (NaN)"
        : `${data[i]}, which is not a finite float32`;
      throw new RangeError(
        `${who}: X has ${what} at row ${row}, column ${column}; like scikit-learn 1.2's trees, it ` +
          "accepts only finite values — impute missing values first (e.g. fillna(0))",
      );
    }
  }
}
