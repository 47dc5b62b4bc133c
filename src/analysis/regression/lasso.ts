import type { Matrix } from "../../ml/matrix.js";
import { centerProblem, interceptFor, type LinearFit, predictLinear } from "./linearModel.js";

/** Hyper-parameters of {@link Lasso} (scikit-learn's names in camelCase and its defaults). */
export interface LassoOptions {
  /** L1 penalty weight α ≥ 0 (default 1). */
  alpha?: number;
  /** Fit a constant term by centring X and y first (default true). */
  fitIntercept?: boolean;
  /** Maximum passes over the coefficients (default 1000). */
  maxIter?: number;
  /** Stop when the duality gap falls below tol·‖y‖² (default 1e-4). */
  tol?: number;
  /** Constrain the coefficients to be ≥ 0 (default false). */
  positive?: boolean;
}

/** A fitted lasso: coefficients, intercept and how the solver ended. */
export interface LassoFit extends LinearFit {
  /** Passes over the coefficients (scikit-learn's `n_iter_`). */
  iterations: number;
  /** Duality gap at the end (scikit-learn's `dual_gap_`, in its scaled units). */
  dualGap: number;
  /** False when maxIter passes ended before the gap fell below the tolerance (scikit-learn warns). */
  converged: boolean;
}

/** Σ a[aStart + i]·b[bStart + i] for i < length. */
function dot(a: Float64Array, aStart: number, b: Float64Array, bStart: number, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += a[aStart + i] * b[bStart + i];
  return sum;
}

/**
 * The lasso, minimising (1 / (2n))·‖y − Xw − b‖² + α‖w‖₁, by scikit-learn 1.2's cyclic coordinate
 * descent (`enet_coordinate_descent`): the same update order, the same stopping rule (largest
 * coefficient change relative to the largest coefficient below tol, then the duality gap below
 * tol·‖y‖²) and the same gap, so coefficients agree with `sklearn.linear_model.Lasso` to rounding.
 * Zero-variance columns get coefficient 0. Throws a RangeError on NaN/∞ or mismatched shapes.
 */
export class Lasso {
  readonly alpha: number;
  readonly fitIntercept: boolean;
  readonly maxIter: number;
  readonly tol: number;
  readonly positive: boolean;
  /** The fit (null before `fit`). */
  result: LassoFit | null = null;

  constructor(options: LassoOptions = {}) {
    this.alpha = options.alpha ?? 1;
    this.fitIntercept = options.fitIntercept ?? true;
    this.maxIter = options.maxIter ?? 1000;
    this.tol = options.tol ?? 1e-4;
    this.positive = options.positive ?? false;
    if (!(this.alpha >= 0)) throw new RangeError(`alpha must be ≥ 0, got ${this.alpha}`);
  }

  /** Fits to X (rows = samples) and y; returns this. */
  fit(X: Matrix, y: ArrayLike<number>): this {
    const problem = centerProblem(X, y, this.fitIntercept);
    const { columns, target } = problem;
    const n = X.rows;
    const p = X.cols;
    const l1 = this.alpha * n;
    const w = new Float64Array(p);
    const residual = Float64Array.from(target);
    const columnNorms = new Float64Array(p);
    for (let j = 0; j < p; j++) columnNorms[j] = dot(columns, j * n, columns, j * n, n);
    const gapTolerance = this.tol * dot(target, 0, target, 0, n);
    let iterations = 0;
    let gap = this.tol + 1;
    let converged = false;
    for (let pass = 0; pass < this.maxIter; pass++) {
      iterations = pass + 1;
      let largestCoefficient = 0;
      let largestChange = 0;
      for (let j = 0; j < p; j++) {
        if (columnNorms[j] === 0) continue;
        const start = j * n;
        const previous = w[j];
        if (previous !== 0) for (let i = 0; i < n; i++) residual[i] += previous * columns[start + i];
        const correlation = dot(columns, start, residual, 0, n);
        let updated: number;
        if (this.positive && correlation < 0) updated = 0;
        else updated = (Math.sign(correlation) * Math.max(Math.abs(correlation) - l1, 0)) / columnNorms[j];
        w[j] = updated;
        if (updated !== 0) for (let i = 0; i < n; i++) residual[i] -= updated * columns[start + i];
        largestChange = Math.max(largestChange, Math.abs(updated - previous));
        largestCoefficient = Math.max(largestCoefficient, Math.abs(updated));
      }
      if (
        largestCoefficient === 0 ||
        largestChange / largestCoefficient < this.tol ||
        pass === this.maxIter - 1
      ) {
        gap = dualityGap(columns, target, residual, w, n, l1, this.positive);
        if (gap < gapTolerance) {
          converged = true;
          break;
        }
      }
    }
    this.result = {
      coefficients: w,
      intercept: interceptFor(problem, w),
      iterations,
      dualGap: gap,
      converged,
    };
    return this;
  }

  /** Predictions X·w + b; throws before fit. */
  predict(X: Matrix): Float64Array {
    if (this.result === null) throw new Error("Lasso.predict called before fit");
    return predictLinear(this.result, X);
  }
}

/** The duality gap of the scaled lasso problem, as scikit-learn computes it (no L2 part). */
function dualityGap(
  columns: Float64Array,
  target: Float64Array,
  residual: Float64Array,
  w: Float64Array,
  n: number,
  l1: number,
  positive: boolean,
): number {
  let dualNorm = 0;
  for (let j = 0; j < w.length; j++) {
    const value = dot(columns, j * n, residual, 0, n);
    dualNorm = Math.max(dualNorm, positive ? value : Math.abs(value));
  }
  const residualNorm2 = dot(residual, 0, residual, 0, n);
  let constant: number;
  let gap: number;
  if (dualNorm > l1) {
    constant = l1 / dualNorm;
    gap = 0.5 * (residualNorm2 + residualNorm2 * constant * constant);
  } else {
    constant = 1;
    gap = residualNorm2;
  }
  let l1Norm = 0;
  for (let j = 0; j < w.length; j++) l1Norm += Math.abs(w[j]);
  return gap + l1 * l1Norm - constant * dot(residual, 0, target, 0, n);
}

/** Fits a {@link Lasso} and returns its fit (one-call form). */
export function lasso(X: Matrix, y: ArrayLike<number>, options: LassoOptions = {}): LassoFit {
  return new Lasso(options).fit(X, y).result!;
}
