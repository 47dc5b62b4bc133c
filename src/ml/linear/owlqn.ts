import {
  dot,
  type LbfgsResult,
  type LbfgsStatus,
  maxAbs,
  type ObjectiveWithGradient,
  twoLoopRecursion,
} from "./lbfgs.js";

/** Stopping rules of {@link minimizeOwlqn}. */
export interface OwlqnOptions {
  /** Stop after this many iterations. */
  maxIterations: number;
  /** Stop when the largest |pseudo-gradient| entry is ≤ this (the L1 analogue of a zero gradient). */
  gradientTolerance: number;
  /** Stop when the objective fell by ≤ this relative amount in each of the last two iterations. */
  relativeReduction: number;
  /** Correction pairs kept (default 10). */
  memory?: number;
  /** Halvings allowed per backtracking line search (default 60). */
  maxBacktracks?: number;
}

const SUFFICIENT_DECREASE = 1e-4;

/**
 * The minimum-norm subgradient of f(x) + Σ λᵢ|xᵢ|: ∇f + λ·sign(x) off zero; at zero the one-sided
 * derivative that points downhill, or 0 when |∂f| ≤ λ (the coordinate is optimal at zero).
 */
export function pseudoGradient(
  x: Float64Array,
  gradient: Float64Array,
  l1: Float64Array,
  out: Float64Array,
): void {
  for (let i = 0; i < x.length; i++) {
    const lambda = l1[i];
    const g = gradient[i];
    if (lambda === 0) out[i] = g;
    else if (x[i] > 0) out[i] = g + lambda;
    else if (x[i] < 0) out[i] = g - lambda;
    else if (g + lambda < 0) out[i] = g + lambda;
    else if (g - lambda > 0) out[i] = g - lambda;
    else out[i] = 0;
  }
}

function l1Norm(x: Float64Array, l1: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) if (l1[i] !== 0) sum += l1[i] * Math.abs(x[i]);
  return sum;
}

/**
 * Minimises f(x) + Σ λᵢ|xᵢ| for a smooth convex f by orthant-wise limited-memory quasi-Newton
 * (OWL-QN; Andrew & Gao, 2007): L-BFGS directions from the pseudo-gradient, constrained to the
 * orthant of the current point, and a backtracking line search that projects trial points back onto
 * that orthant (coordinates that would change sign stop at exactly 0, which is how weights become
 * sparse). Deterministic; `value` in the result is the full objective, penalty included.
 */
export function minimizeOwlqn(
  smooth: ObjectiveWithGradient,
  x0: Float64Array,
  l1: Float64Array,
  options: OwlqnOptions,
): LbfgsResult {
  const n = x0.length;
  if (l1.length !== n) throw new RangeError(`l1 strengths: ${l1.length} for ${n} parameters`);
  const memory = options.memory ?? 10;
  const maxBacktracks = options.maxBacktracks ?? 60;
  let x = Float64Array.from(x0);
  let gradient = new Float64Array(n);
  let value = smooth(x, gradient) + l1Norm(x, l1);
  let evaluations = 1;
  const pseudo = new Float64Array(n);
  pseudoGradient(x, gradient, l1, pseudo);
  const finish = (status: LbfgsStatus, iterations: number): LbfgsResult => ({
    x,
    value,
    iterations,
    evaluations,
    status,
  });
  if (maxAbs(pseudo) <= options.gradientTolerance) return finish("gradient-tolerance", 0);

  const sHistory: Float64Array[] = [];
  const yHistory: Float64Array[] = [];
  const rhoHistory: number[] = [];
  const alphas = new Float64Array(memory);
  let gammaScale = 1;
  const direction = new Float64Array(n);
  let trial = new Float64Array(n);
  let trialGradient = new Float64Array(n);
  let iterations = 0;
  let smallReductions = 0;

  for (;;) {
    direction.set(pseudo);
    const stored = sHistory.length;
    twoLoopRecursion(direction, { sHistory, yHistory, rhoHistory, alphas }, (d) => {
      for (let j = 0; j < n; j++) d[j] *= gammaScale;
    });
    // d = −H·pg, kept only where it agrees in sign with −pg (a descent direction in each coordinate).
    let directionNormSquared = 0;
    for (let j = 0; j < n; j++) {
      const d = -direction[j];
      direction[j] = d * pseudo[j] < 0 ? d : 0;
      directionNormSquared += direction[j] * direction[j];
    }
    if (directionNormSquared === 0) return finish("gradient-tolerance", iterations);

    let step = stored === 0 ? 1 / Math.sqrt(directionNormSquared) : 1;
    let accepted = false;
    let trialValue = value;
    for (let backtrack = 0; backtrack <= maxBacktracks; backtrack++) {
      let predicted = 0;
      for (let j = 0; j < n; j++) {
        const current = x[j];
        let next = current + step * direction[j];
        if (l1[j] !== 0) {
          // Stay in the orthant of x (or, at zero, the orthant that −pg points into).
          const orthant = current !== 0 ? Math.sign(current) : -Math.sign(pseudo[j]);
          if (next * orthant <= 0) next = 0;
        }
        trial[j] = next;
        predicted += pseudo[j] * (next - current);
      }
      trialValue = smooth(trial, trialGradient) + l1Norm(trial, l1);
      evaluations++;
      if (trialValue <= value + SUFFICIENT_DECREASE * predicted) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      if (stored === 0) return finish("line-search-failed", iterations);
      sHistory.length = 0;
      yHistory.length = 0;
      rhoHistory.length = 0;
      gammaScale = 1;
      continue;
    }

    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      s[j] = trial[j] - x[j];
      y[j] = trialGradient[j] - gradient[j];
    }
    const curvature = dot(s, y);
    if (curvature > Number.EPSILON * dot(y, y)) {
      if (sHistory.length === memory) {
        sHistory.shift();
        yHistory.shift();
        rhoHistory.shift();
      }
      sHistory.push(s);
      yHistory.push(y);
      rhoHistory.push(1 / curvature);
      gammaScale = curvature / dot(y, y);
    }
    const previousValue = value;
    [x, trial] = [trial, x];
    [gradient, trialGradient] = [trialGradient, gradient];
    value = trialValue;
    pseudoGradient(x, gradient, l1, pseudo);
    iterations++;
    if (iterations >= options.maxIterations) return finish("max-iterations", iterations);
    if (maxAbs(pseudo) <= options.gradientTolerance) return finish("gradient-tolerance", iterations);
    const scale = Math.max(Math.abs(previousValue), Math.abs(value), 1);
    smallReductions = previousValue - value <= options.relativeReduction * scale ? smallReductions + 1 : 0;
    if (smallReductions >= 2) return finish("relative-reduction", iterations);
  }
}
