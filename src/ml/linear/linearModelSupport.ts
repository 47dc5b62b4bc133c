import type { Matrix } from "../matrix.js";
import { dotRange } from "./denseAlgebra.js";

/** The classes that occur in `y`, ascending, and each row's index among them. */
export interface PresentClasses {
  /** Original class indices that occur at least once, ascending. */
  classes: Int32Array;
  /** Per row: the position of its class in `classes`. */
  encoded: Int32Array;
  /** Rows per present class. */
  counts: Float64Array;
}

/**
 * Finds the classes present in `y` (as scikit-learn's `classes_` from `np.unique`), so that a class
 * absent from the training rows gets no parameters and probability 0. Throws on labels outside
 * [0, classCount), on fewer than two present classes, or on a length mismatch with `X`.
 */
export function presentClasses(name: string, X: Matrix, y: Int32Array, classCount: number): PresentClasses {
  if (y.length !== X.rows) throw new RangeError(`${name}.fit: ${X.rows} rows but ${y.length} labels`);
  if (!Number.isInteger(classCount) || classCount < 2)
    throw new RangeError(`${name}.fit: classCount must be an integer ≥ 2, got ${classCount}`);
  const fullCounts = new Float64Array(classCount);
  for (let i = 0; i < y.length; i++) {
    const label = y[i];
    if (!(label >= 0 && label < classCount))
      throw new RangeError(`${name}.fit: label ${label} at row ${i} outside [0, ${classCount})`);
    fullCounts[label]++;
  }
  const classes: number[] = [];
  const position = new Int32Array(classCount).fill(-1);
  for (let k = 0; k < classCount; k++) {
    if (fullCounts[k] > 0) {
      position[k] = classes.length;
      classes.push(k);
    }
  }
  if (classes.length < 2)
    throw new RangeError(`${name}.fit needs rows of at least two classes, got ${classes.length}`);
  const encoded = Int32Array.from(y, (label) => position[label]);
  const counts = Float64Array.from(classes, (k) => fullCounts[k]);
  return { classes: Int32Array.from(classes), encoded, counts };
}

/** Throws a clear error when `X` holds NaN or ±∞, which linear models cannot use (impute first). */
export function checkFiniteMatrix(name: string, X: Matrix, expectedColumns?: number): void {
  if (X.data.length !== X.rows * X.cols)
    throw new RangeError(`${name}: ${X.data.length} values for a ${X.rows} × ${X.cols} matrix`);
  if (expectedColumns !== undefined && X.cols !== expectedColumns)
    throw new RangeError(`${name}: the model was fitted on ${expectedColumns} features, got ${X.cols}`);
  const data = X.data;
  for (let i = 0; i < data.length; i++) {
    const value = data[i];
    if (!(value - value === 0)) {
      const row = Math.floor(i / X.cols);
      throw new RangeError(
        `${name}: X[${row}, ${i - row * X.cols}] is ${value}; linear models need finite values ` +
          "(fill missing values first, e.g. with scifai clean)",
      );
    }
  }
}

/**
 * Row-wise softmax in place over `width` columns, as scikit-learn's `extmath.softmax`:
 * exp(z − max z) / Σ exp(z − max z).
 */
export function softmaxRowsInPlace(values: Float64Array, rows: number, width: number): void {
  for (let r = 0; r < rows; r++) {
    const offset = r * width;
    let largest = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < width; k++) if (values[offset + k] > largest) largest = values[offset + k];
    let sum = 0;
    for (let k = 0; k < width; k++) {
      const e = Math.exp(values[offset + k] - largest);
      values[offset + k] = e;
      sum += e;
    }
    for (let k = 0; k < width; k++) values[offset + k] /= sum;
  }
}

/** The logistic function 1 / (1 + e^−z), as SciPy's `expit`. */
export function expit(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * Spreads probabilities over the present classes (rows × present) into rows × classCount, with 0 for
 * classes the model never saw.
 */
export function expandProbabilities(
  present: Float64Array,
  rows: number,
  classes: Int32Array,
  classCount: number,
): Float64Array {
  const out = new Float64Array(rows * classCount);
  const width = classes.length;
  for (let r = 0; r < rows; r++)
    for (let k = 0; k < width; k++) out[r * classCount + classes[k]] = present[r * width + k];
  return out;
}

/** Per row the original class with the largest score (the first on ties, as NumPy's argmax). */
export function argmaxClasses(scores: Float64Array, rows: number, classes: Int32Array): Int32Array {
  const width = classes.length;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let k = 1; k < width; k++) if (scores[r * width + k] > scores[r * width + best]) best = k;
    out[r] = classes[best];
  }
  return out;
}

/**
 * Decision values X·Wᵀ + b: rows × classRows, for W stored as classRows × cols and b per class row.
 */
export function linearDecision(
  X: Matrix,
  weights: Float64Array,
  intercepts: Float64Array,
  classRows: number,
): Float64Array {
  const { rows, cols, data } = X;
  const out = new Float64Array(rows * classRows);
  for (let r = 0; r < rows; r++) {
    const xOffset = r * cols;
    for (let k = 0; k < classRows; k++) {
      out[r * classRows + k] = dotRange(data, xOffset, weights, k * cols, cols) + intercepts[k];
    }
  }
  return out;
}

/** A nested number array (rows × cols) from a row-major array, for JSON. */
export function rowsToJSON(values: Float64Array, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from(values.subarray(r * cols, (r + 1) * cols)));
}

/** A row-major Float64Array from nested rows; throws unless it is rows × cols of finite numbers. */
export function rowsFromJSON(value: unknown, rows: number, cols: number, field: string): Float64Array {
  if (!Array.isArray(value) || value.length !== rows)
    throw new RangeError(`model state field ${field} must have ${rows} rows`);
  const out = new Float64Array(rows * cols);
  value.forEach((row: unknown, r: number) => {
    if (!Array.isArray(row) || row.length !== cols)
      throw new RangeError(`model state field ${field} row ${r} must have ${cols} numbers`);
    for (let c = 0; c < cols; c++) out[r * cols + c] = Number(row[c]);
  });
  return out;
}

/** A Float64Array from a JSON number array of the given length; throws otherwise. */
export function floatsFromJSON(value: unknown, length: number, field: string): Float64Array {
  if (!Array.isArray(value) || value.length !== length)
    throw new RangeError(`model state field ${field} must be an array of ${length} numbers`);
  return Float64Array.from(value, Number);
}
