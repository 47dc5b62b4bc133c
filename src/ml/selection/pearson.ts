import type { Matrix } from "../matrix.js";

/**
 * Pearson correlation of every pair of columns of X: a cols × cols row-major matrix with 1 on the
 * diagonal of non-constant columns. Like pandas' `DataFrame.corr()`: a pair uses the rows where
 * both values are present (NaN = missing); a pair with fewer than 2 such rows or a zero variance
 * gets NaN.
 */
export function pearsonMatrix(X: Matrix): Float64Array {
  const { rows, cols } = X;
  if (!hasMissing(X)) {
    const centered = columnMajor(X);
    for (let f = 0; f < cols; f++) {
      const column = centered.subarray(f * rows, (f + 1) * rows);
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += column[r];
      const mean = sum / rows;
      for (let r = 0; r < rows; r++) column[r] -= mean;
    }
    return correlationOfCentered(centered, rows, cols);
  }
  const out = new Float64Array(cols * cols);
  const x = new Float64Array(rows);
  const y = new Float64Array(rows);
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j <= i; j++) {
      const count = completePairs(X, i, j, x, y);
      const value = pearsonOfVectors(x, y, count);
      out[i * cols + j] = value;
      out[j * cols + i] = value;
    }
  }
  return out;
}

/** Pearson correlation of the first `count` values of x and y (NaN when count < 2 or a variance is 0). */
export function pearsonOfVectors(x: Float64Array, y: Float64Array, count: number): number {
  if (count < 2) return Number.NaN;
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < count; i++) {
    sumX += x[i];
    sumY += y[i];
  }
  const meanX = sumX / count;
  const meanY = sumY / count;
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let i = 0; i < count; i++) {
    const dx = x[i] - meanX;
    const dy = y[i] - meanY;
    xy += dx * dy;
    xx += dx * dx;
    yy += dy * dy;
  }
  const divisor = Math.sqrt(xx * yy);
  return divisor !== 0 ? xy / divisor : Number.NaN;
}

/**
 * Correlations of the columns of a column-major matrix whose columns are already centred:
 * Σ aᵢbᵢ / √(Σ aᵢ² Σ bᵢ²), cols × cols row-major; NaN for a column of zero variance or rows < 2.
 */
export function correlationOfCentered(centered: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(cols * cols);
  const squares = new Float64Array(cols);
  for (let f = 0; f < cols; f++) {
    let sum = 0;
    for (let r = 0, at = f * rows; r < rows; r++, at++) sum += centered[at] * centered[at];
    squares[f] = sum;
  }
  for (let i = 0; i < cols; i++) {
    const a = i * rows;
    for (let j = 0; j <= i; j++) {
      const b = j * rows;
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += centered[a + r] * centered[b + r];
      const divisor = Math.sqrt(squares[i] * squares[j]);
      const value = rows >= 2 && divisor !== 0 ? sum / divisor : Number.NaN;
      out[i * cols + j] = value;
      out[j * cols + i] = value;
    }
  }
  return out;
}

/** A column-major copy of X (column f occupies [f·rows, (f+1)·rows)). */
export function columnMajor(X: Matrix): Float64Array {
  const { rows, cols, data } = X;
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const source = r * cols;
    for (let f = 0; f < cols; f++) out[f * rows + r] = data[source + f];
  }
  return out;
}

/** True when X holds at least one NaN. */
export function hasMissing(X: Matrix): boolean {
  const data = X.data;
  for (let i = 0; i < data.length; i++) if (Number.isNaN(data[i])) return true;
  return false;
}

/** Copies the rows where columns i and j are both present into x and y; returns their number. */
export function completePairs(X: Matrix, i: number, j: number, x: Float64Array, y: Float64Array): number {
  const { rows, cols, data } = X;
  let count = 0;
  for (let r = 0; r < rows; r++) {
    const a = data[r * cols + i];
    const b = data[r * cols + j];
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    x[count] = a;
    y[count] = b;
    count++;
  }
  return count;
}
