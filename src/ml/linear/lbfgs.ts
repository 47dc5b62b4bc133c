import { MoreThuenteSearch } from "./moreThuente.js";

/** f(x); writes ∇f(x) into `gradient`. */
export type ObjectiveWithGradient = (x: Float64Array, gradient: Float64Array) => number;

/** Stopping rules and sizes; the defaults are SciPy 1.10's `minimize(method="L-BFGS-B")`. */
export interface LbfgsOptions {
  /** Stop after this many iterations (SciPy's maxiter; scikit-learn passes max_iter). */
  maxIterations: number;
  /** Stop when the largest |gradient| entry is ≤ this (SciPy's gtol; scikit-learn passes tol). */
  gradientTolerance: number;
  /** Stop when (f_old − f) / max(|f_old|, |f|, 1) ≤ this (SciPy's ftol, default 2.22e-9 = factr 1e7 · ε). */
  relativeReduction?: number;
  /** Correction pairs kept (SciPy's maxcor, default 10). */
  memory?: number;
  /** Function evaluations allowed per line search (SciPy's maxls, default 20). */
  maxLineSearchEvaluations?: number;
  /** Function evaluations allowed in all (SciPy's maxfun, default 15000). */
  maxEvaluations?: number;
}

/** Why the minimisation stopped. */
export type LbfgsStatus =
  | "gradient-tolerance"
  | "relative-reduction"
  | "max-iterations"
  | "max-evaluations"
  | "line-search-failed";

/** The point reached and how. */
export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  evaluations: number;
  status: LbfgsStatus;
}

const DEFAULT_RELATIVE_REDUCTION = 1e7 * Number.EPSILON;
// L-BFGS-B's line-search constants and its largest step for unbounded problems.
const LINE_SEARCH = { ftol: 1e-3, gtol: 0.9, xtol: 0.1, stepMin: 0, stepMax: 1e10 };

/** Σ a·b over the common length. */
export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** Largest |a[i]|; NaN when any value is NaN, 0 for an empty array. */
export function maxAbs(a: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < a.length; i++) {
    const value = Math.abs(a[i]);
    if (value > largest || Number.isNaN(value)) largest = value;
  }
  return largest;
}

/**
 * Limited-memory BFGS for unconstrained problems with the control flow of L-BFGS-B 3.0 as SciPy 1.10
 * runs it without bounds: first step 1/‖d‖ along −∇f, Moré–Thuente line search (ftol 1e-3, gtol 0.9,
 * xtol 0.1), initial Hessian θI with θ = yᵀy / sᵀy, curvature pairs skipped when sᵀy ≤ ε·(−gᵀd)·stp,
 * memory reset after a failed line search, and SciPy's three stopping rules (iterations, projected
 * gradient, relative reduction) checked in SciPy's order. The search direction comes from the
 * two-loop recursion, which equals L-BFGS-B's compact-form direction in exact arithmetic, so
 * iterates agree with SciPy's to rounding (which can grow over many iterations on hard problems).
 */
export function minimizeLbfgs(
  objective: ObjectiveWithGradient,
  x0: Float64Array,
  options: LbfgsOptions,
): LbfgsResult {
  const n = x0.length;
  const memory = options.memory ?? 10;
  const maxLineSearch = options.maxLineSearchEvaluations ?? 20;
  const maxEvaluations = options.maxEvaluations ?? 15000;
  const relativeReduction = options.relativeReduction ?? DEFAULT_RELATIVE_REDUCTION;
  const x = Float64Array.from(x0);
  const gradient = new Float64Array(n);
  let value = objective(x, gradient);
  let evaluations = 1;
  const finish = (status: LbfgsStatus, iterations: number): LbfgsResult => ({
    x,
    value,
    iterations,
    evaluations,
    status,
  });
  if (maxAbs(gradient) <= options.gradientTolerance) return finish("gradient-tolerance", 0);

  const sHistory: Float64Array[] = [];
  const yHistory: Float64Array[] = [];
  const rhoHistory: number[] = [];
  const alphas = new Float64Array(memory);
  let theta = 1;
  const direction = new Float64Array(n);
  const previousX = new Float64Array(n);
  const previousGradient = new Float64Array(n);
  const search = new MoreThuenteSearch(LINE_SEARCH);
  let iterations = 0;

  for (;;) {
    // Search direction d = −H·g (two-loop recursion with H₀ = I/θ), or −g with an empty memory.
    direction.set(gradient);
    twoLoopRecursion(direction, { sHistory, yHistory, rhoHistory, alphas }, (d) => {
      for (let j = 0; j < n; j++) d[j] /= theta;
    });
    for (let j = 0; j < n; j++) direction[j] = -direction[j];

    previousX.set(x);
    previousGradient.set(gradient);
    const previousValue = value;
    const initialSlope = dot(gradient, direction);
    let step = 0;
    let searchFailed = !(initialSlope < 0);
    if (!searchFailed) {
      const directionNorm = Math.sqrt(dot(direction, direction));
      const firstStep = iterations === 0 ? Math.min(1 / directionNorm, LINE_SEARCH.stepMax) : 1;
      let task = search.start(value, initialSlope, firstStep);
      let searchEvaluations = 0;
      while (task === "evaluate") {
        if (searchEvaluations >= maxLineSearch) {
          searchFailed = true;
          break;
        }
        step = search.step;
        for (let j = 0; j < n; j++) x[j] = previousX[j] + step * direction[j];
        value = objective(x, gradient);
        evaluations++;
        searchEvaluations++;
        task = search.next(value, dot(gradient, direction));
      }
    }
    if (searchFailed) {
      x.set(previousX);
      gradient.set(previousGradient);
      value = previousValue;
      if (sHistory.length === 0) return finish("line-search-failed", iterations);
      // Like L-BFGS-B: forget the curvature pairs and retry from steepest descent.
      sHistory.length = 0;
      yHistory.length = 0;
      rhoHistory.length = 0;
      theta = 1;
      continue;
    }

    iterations++;
    if (iterations >= options.maxIterations) return finish("max-iterations", iterations);
    if (evaluations > maxEvaluations) return finish("max-evaluations", iterations);
    if (maxAbs(gradient) <= options.gradientTolerance) return finish("gradient-tolerance", iterations);
    const scale = Math.max(Math.abs(previousValue), Math.abs(value), 1);
    if (previousValue - value <= relativeReduction * scale) return finish("relative-reduction", iterations);

    const finalSlope = dot(gradient, direction);
    const curvature = (finalSlope - initialSlope) * step;
    if (curvature <= Number.EPSILON * (-initialSlope * step)) continue;
    const s = sHistory.length === memory ? sHistory.shift()! : new Float64Array(n);
    const y = yHistory.length === memory ? yHistory.shift()! : new Float64Array(n);
    if (rhoHistory.length === memory) rhoHistory.shift();
    for (let j = 0; j < n; j++) {
      s[j] = step * direction[j];
      y[j] = gradient[j] - previousGradient[j];
    }
    sHistory.push(s);
    yHistory.push(y);
    rhoHistory.push(1 / dot(y, s));
    theta = dot(y, y) / curvature;
  }
}

/** The L-BFGS memory: step and gradient-change pairs, their 1/(y·s), and scratch for the recursion. */
export interface LbfgsMemory {
  sHistory: Float64Array[];
  yHistory: Float64Array[];
  rhoHistory: number[];
  alphas: Float64Array;
}

/**
 * Nocedal's two-loop recursion: replaces `direction` (a gradient) by H·direction, the inverse
 * Hessian approximation of `memory` applied to it, with `applyInitial` multiplying by H₀ between
 * the loops. An empty memory leaves H₀·direction.
 */
export function twoLoopRecursion(
  direction: Float64Array,
  memory: LbfgsMemory,
  applyInitial: (direction: Float64Array) => void,
): void {
  const { sHistory, yHistory, rhoHistory, alphas } = memory;
  const n = direction.length;
  const stored = sHistory.length;
  for (let i = stored - 1; i >= 0; i--) {
    const a = rhoHistory[i] * dot(sHistory[i], direction);
    alphas[i] = a;
    const y = yHistory[i];
    for (let j = 0; j < n; j++) direction[j] -= a * y[j];
  }
  applyInitial(direction);
  for (let i = 0; i < stored; i++) {
    const factor = alphas[i] - rhoHistory[i] * dot(yHistory[i], direction);
    const s = sHistory[i];
    for (let j = 0; j < n; j++) direction[j] += factor * s[j];
  }
}
