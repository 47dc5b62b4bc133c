import type { Matrix } from "../matrix.js";

/** `droppedBy` value of a column the correlation filter kept. */
export const KEPT = -1;
/** The column is constant (zero variance): it carries no information and has no correlation. */
export const CONSTANT = -2;

/** Result of {@link correlationFilter}. */
export interface CorrelationFilterResult {
  /** Columns kept, ascending. */
  kept: Int32Array;
  /**
   * Per input column: {@link KEPT}, {@link CONSTANT}, or the index of the earlier kept column it
   * nearly duplicates (|correlation| ≥ threshold).
   */
  droppedBy: Int32Array;
}

/** 1 for every column of X whose values are all equal (or that has no rows), else 0; NaN counts as a value. */
export function constantColumns(X: Matrix): Uint8Array {
  const { rows, cols, data } = X;
  const out = new Uint8Array(cols).fill(1);
  for (let f = 0; f < cols; f++) {
    const first = data[f];
    for (let r = 1; r < rows; r++) {
      const value = data[r * cols + f];
      if (value !== first && !(Number.isNaN(value) && Number.isNaN(first))) {
        out[f] = 0;
        break;
      }
    }
  }
  return out;
}

/**
 * Removes near-duplicate columns: walking the columns in order, a column is kept unless it is
 * constant or its |correlation| with an already kept column is ≥ threshold, so of a group of
 * near-duplicates the first in column order stays. `correlation` is cols × cols row-major (NaN
 * entries never count as duplicates). Unlike scifAI's step 1, a column correlated with a column
 * that was itself dropped is judged against the kept ones only.
 */
export function correlationFilter(
  correlation: Float64Array,
  cols: number,
  threshold: number,
  constant: Uint8Array = new Uint8Array(cols),
): CorrelationFilterResult {
  if (correlation.length !== cols * cols)
    throw new RangeError(`correlation has ${correlation.length} values, expected ${cols} × ${cols}`);
  if (!(threshold > 0 && threshold <= 1))
    throw new RangeError(`threshold must lie in (0, 1], got ${threshold}`);
  const droppedBy = new Int32Array(cols).fill(KEPT);
  const kept: number[] = [];
  for (let j = 0; j < cols; j++) {
    if (constant[j]) {
      droppedBy[j] = CONSTANT;
      continue;
    }
    for (const i of kept) {
      if (Math.abs(correlation[i * cols + j]) >= threshold) {
        droppedBy[j] = i;
        break;
      }
    }
    if (droppedBy[j] === KEPT) kept.push(j);
  }
  return { kept: Int32Array.from(kept), droppedBy };
}
