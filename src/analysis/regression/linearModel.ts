import type { Matrix } from "../../ml/matrix.js";

/** A fitted linear model y ≈ X·coefficients + intercept. */
export interface LinearFit {
  /** One coefficient per column of X. */
  coefficients: Float64Array;
  /** The constant term (0 when fitted without intercept). */
  intercept: number;
}

/** X·coefficients + intercept for every row (NaN in a row gives NaN); throws on a column mismatch. */
export function predictLinear(fit: LinearFit, X: Matrix): Float64Array {
  const { rows, cols, data } = X;
  const w = fit.coefficients;
  if (cols !== w.length) throw new RangeError(`model has ${w.length} coefficients, X has ${cols} columns`);
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    const offset = r * cols;
    for (let j = 0; j < cols; j++) sum += data[offset + j] * w[j];
    out[r] = sum + fit.intercept;
  }
  return out;
}

/** The centred copy of a regression problem that scikit-learn's `_preprocess_data` produces. */
export interface CenteredProblem {
  /** X − column means (or X itself without intercept), column-major: column j at [j·rows, (j+1)·rows). */
  columns: Float64Array;
  /** y − mean(y) (or y itself without intercept). */
  target: Float64Array;
  /** Column means subtracted (zeros without intercept). */
  xOffset: Float64Array;
  /** Mean of y subtracted (0 without intercept). */
  yOffset: number;
}

/**
 * Checks X and y (same rows, no NaN/∞, at least one row) and centres them when fitting an
 * intercept, as scikit-learn's linear models do before solving; throws a RangeError otherwise.
 */
export function centerProblem(X: Matrix, y: ArrayLike<number>, fitIntercept: boolean): CenteredProblem {
  const { rows, cols, data } = X;
  if (y.length !== rows) throw new RangeError(`X has ${rows} rows, y has ${y.length} values`);
  if (rows === 0) throw new RangeError("cannot fit a linear model to zero rows");
  for (let i = 0; i < data.length; i++)
    if (!Number.isFinite(data[i])) throw new RangeError("X contains NaN or infinite values");
  for (let i = 0; i < rows; i++)
    if (!Number.isFinite(y[i])) throw new RangeError("y contains NaN or infinite values");
  const xOffset = new Float64Array(cols);
  let yOffset = 0;
  if (fitIntercept) {
    for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) xOffset[j] += data[r * cols + j];
    for (let j = 0; j < cols; j++) xOffset[j] /= rows;
    for (let r = 0; r < rows; r++) yOffset += y[r];
    yOffset /= rows;
  }
  const columns = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < cols; j++) columns[j * rows + r] = data[r * cols + j] - xOffset[j];
  const target = new Float64Array(rows);
  for (let r = 0; r < rows; r++) target[r] = y[r] - yOffset;
  return { columns, target, xOffset, yOffset };
}

/** intercept = mean(y) − mean(X)·w, as scikit-learn's `_set_intercept` (0 without intercept). */
export function interceptFor(problem: CenteredProblem, coefficients: Float64Array): number {
  let dot = 0;
  for (let j = 0; j < coefficients.length; j++) dot += problem.xOffset[j] * coefficients[j];
  return problem.yOffset - dot;
}
