import { lowerBound, upperBound } from "../../image/sortedSearch.js";
import type { Matrix } from "../matrix.js";
import { completePairs, correlationOfCentered, hasMissing } from "./pearson.js";

/**
 * Ranks 1…n of the first `count` values (default all), ties sharing the average of their ranks
 * (scipy's rankdata "average", pandas' rank()); NaN values are not allowed (their rank is undefined).
 */
export function averageRanks(
  values: Float64Array,
  count = values.length,
  out: Float64Array = new Float64Array(count),
): Float64Array {
  const sorted = values.slice(0, count).sort();
  for (let i = 0; i < count; i++) {
    const value = values[i];
    // Ties occupy sorted[low … high); their ranks low+1 … high average to (low + 1 + high) / 2.
    const low = lowerBound(sorted, value, 0, count);
    const high = upperBound(sorted, value, low, count);
    out[i] = (low + 1 + high) / 2;
  }
  return out;
}

/**
 * Spearman rank correlation of every pair of columns of X (cols × cols row-major): the Pearson
 * correlation of average ranks, as pandas' `DataFrame.corr("spearman")`. Pairs with missing
 * values (NaN) are ranked on the rows where both are present; a constant column or a pair with
 * fewer than 2 rows gives NaN.
 */
export function spearmanMatrix(X: Matrix): Float64Array {
  const { rows, cols, data } = X;
  if (!hasMissing(X)) {
    const centered = new Float64Array(rows * cols);
    const column = new Float64Array(rows);
    const mean = (rows + 1) / 2;
    for (let f = 0; f < cols; f++) {
      for (let r = 0; r < rows; r++) column[r] = data[r * cols + f];
      const ranks = centered.subarray(f * rows, (f + 1) * rows);
      averageRanks(column, rows, ranks);
      for (let r = 0; r < rows; r++) ranks[r] -= mean;
    }
    return correlationOfCentered(centered, rows, cols);
  }
  const out = new Float64Array(cols * cols);
  const x = new Float64Array(rows);
  const y = new Float64Array(rows);
  const rankX = new Float64Array(rows);
  const rankY = new Float64Array(rows);
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j <= i; j++) {
      const count = completePairs(X, i, j, x, y);
      const value = rankCorrelation(x, y, count, rankX, rankY);
      out[i * cols + j] = value;
      out[j * cols + i] = value;
    }
  }
  return out;
}

/** Spearman correlation of the first `count` values of x and y (NaN when count < 2 or one is constant). */
export function spearmanOfVectors(x: Float64Array, y: Float64Array, count = x.length): number {
  return rankCorrelation(x, y, count, new Float64Array(count), new Float64Array(count));
}

function rankCorrelation(
  x: Float64Array,
  y: Float64Array,
  count: number,
  rankX: Float64Array,
  rankY: Float64Array,
): number {
  if (count < 2) return Number.NaN;
  averageRanks(x, count, rankX);
  averageRanks(y, count, rankY);
  const mean = (count + 1) / 2;
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < count; i++) {
    const dx = rankX[i] - mean;
    const dy = rankY[i] - mean;
    xy += dx * dy;
    xx += dx * dx;
    yy += dy * dy;
  }
  const divisor = Math.sqrt(xx * yy);
  return divisor !== 0 ? xy / divisor : Number.NaN;
}
