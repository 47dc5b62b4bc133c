import type { Matrix } from "../../ml/matrix.js";
import { choleskySolve } from "./cholesky.js";
import { centerProblem, interceptFor, type LinearFit, predictLinear } from "./linearModel.js";

/** Hyper-parameters of {@link Ridge} (scikit-learn's names in camelCase and its defaults). */
export interface RidgeOptions {
  /** L2 penalty weight α > 0 (default 1). */
  alpha?: number;
  /** Fit a constant term by centring X and y first (default true). */
  fitIntercept?: boolean;
}

/**
 * Ridge regression, minimising ‖y − Xw − b‖² + α‖w‖², in closed form as scikit-learn 1.2's
 * `Ridge(solver="auto")` on dense data: (XᵀX + αI)w = Xᵀy by Cholesky when columns ≤ rows, else the
 * dual (XXᵀ + αI)d = y, w = Xᵀd. Throws a RangeError on NaN/∞, mismatched shapes, or α = 0 with a
 * singular system (scikit-learn falls back to least squares there).
 */
export class Ridge {
  readonly alpha: number;
  readonly fitIntercept: boolean;
  /** The fit (null before `fit`). */
  result: LinearFit | null = null;

  constructor(options: RidgeOptions = {}) {
    this.alpha = options.alpha ?? 1;
    this.fitIntercept = options.fitIntercept ?? true;
    if (!(this.alpha >= 0)) throw new RangeError(`alpha must be ≥ 0, got ${this.alpha}`);
  }

  /** Fits to X (rows = samples) and y; returns this. */
  fit(X: Matrix, y: ArrayLike<number>): this {
    const problem = centerProblem(X, y, this.fitIntercept);
    const { columns, target } = problem;
    const n = X.rows;
    const p = X.cols;
    let w: Float64Array;
    if (p <= n) {
      const gram = new Float64Array(p * p);
      const rhs = new Float64Array(p);
      for (let a = 0; a < p; a++) {
        for (let b = 0; b <= a; b++) {
          let sum = 0;
          for (let i = 0; i < n; i++) sum += columns[a * n + i] * columns[b * n + i];
          gram[a * p + b] = sum;
        }
        gram[a * p + a] += this.alpha;
        let sum = 0;
        for (let i = 0; i < n; i++) sum += columns[a * n + i] * target[i];
        rhs[a] = sum;
      }
      w = choleskySolve(gram, rhs, p);
    } else {
      const kernel = new Float64Array(n * n);
      for (let r = 0; r < n; r++) {
        for (let s = 0; s <= r; s++) {
          let sum = 0;
          for (let j = 0; j < p; j++) sum += columns[j * n + r] * columns[j * n + s];
          kernel[r * n + s] = sum;
        }
        kernel[r * n + r] += this.alpha;
      }
      const dual = choleskySolve(kernel, target, n);
      w = new Float64Array(p);
      for (let j = 0; j < p; j++) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += columns[j * n + i] * dual[i];
        w[j] = sum;
      }
    }
    this.result = { coefficients: w, intercept: interceptFor(problem, w) };
    return this;
  }

  /** Predictions X·w + b; throws before fit. */
  predict(X: Matrix): Float64Array {
    if (this.result === null) throw new Error("Ridge.predict called before fit");
    return predictLinear(this.result, X);
  }
}

/** Fits a {@link Ridge} and returns its fit (one-call form). */
export function ridge(X: Matrix, y: ArrayLike<number>, options: RidgeOptions = {}): LinearFit {
  return new Ridge(options).fit(X, y).result!;
}
