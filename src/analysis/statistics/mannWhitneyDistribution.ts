import { binomialCoefficient } from "./binomialCoefficient.js";

/**
 * Work (table cells visited) up to which the exact distribution follows SciPy's recurrence (bit-
 * identical p-values, ~0.3 s at the limit); above it the generating function gives the same counts
 * in O(min(m, n)·k) (identical while counts stay below 2^53, ~1e-13 relative beyond).
 */
const RECURRENCE_WORK_LIMIT = 2e8;

/**
 * Numbers of arrangements f(m, n, k), k = 0 … maxK, of m x values among n y values with U = k, by
 * the recurrence SciPy 1.10 uses (Di Bucchianico 1999, Theorem 2.5):
 * f(m, n, k) = f(m − 1, n, k − n) + f(m, n − 1, k), f(·, ·, 0) = 1, f = 0 for k > m·n.
 * Every entry is the same double sum of the same two entries as in SciPy's memoised recursion, so
 * the values are identical even where counts exceed 2^53. Two layers of (min(m, n) + 1)·(maxK + 1)
 * doubles; O(m·n·maxK) time.
 */
export function arrangementCountsByRecurrence(m: number, n: number, maxK: number): Float64Array {
  const width = maxK + 1;
  // Layers run over the larger sample, rows over the smaller one (less memory, same values).
  const layersOverN = n >= m;
  const rows = layersOverN ? m : n;
  const layers = layersOverN ? n : m;
  // previous[row * width + k] = f at layer − 1; current the same for this layer.
  let previous = new Float64Array((rows + 1) * width);
  let current = new Float64Array((rows + 1) * width);
  // Layer 0 (no values of the larger sample): only k = 0 is possible.
  for (let row = 0; row <= rows; row++) previous[row * width] = 1;
  for (let layer = 1; layer <= layers; layer++) {
    for (let row = 0; row <= rows; row++) {
      const base = row * width;
      const limit = Math.min(maxK, layer * row);
      current[base] = 1;
      for (let k = 1; k <= limit; k++) {
        // With layers over n: f(row, layer, k) = f(row − 1, layer, k − layer) + f(row, layer − 1, k).
        // With layers over m: f(layer, row, k) = f(layer − 1, row, k − row) + f(layer, row − 1, k).
        let sum: number;
        if (layersOverN) {
          const fewerX = row > 0 && k - layer >= 0 ? current[base - width + k - layer] : 0;
          sum = fewerX + previous[base + k];
        } else {
          const fewerX = k - row >= 0 ? previous[base + k - row] : 0;
          const fewerY = row > 0 ? current[base - width + k] : 0;
          sum = fewerX + fewerY;
        }
        current[base + k] = sum;
      }
      current.fill(0, base + limit + 1, base + width);
    }
    const swap = previous;
    previous = current;
    current = swap;
  }
  return previous.slice(rows * width, (rows + 1) * width);
}

/**
 * The same counts f(m, n, 0 … maxK) as the coefficients of the Gaussian binomial
 * ∏_{i ≤ s} (1 − q^{b+i}) / (1 − q^i), s = min(m, n), b = max(m, n), truncated at q^maxK:
 * O(s·maxK) time and one array. Exact while counts stay below 2^53.
 */
export function arrangementCountsByGeneratingFunction(m: number, n: number, maxK: number): Float64Array {
  const small = Math.min(m, n);
  const big = Math.max(m, n);
  const counts = new Float64Array(maxK + 1);
  counts[0] = 1;
  for (let i = 1; i <= small; i++) {
    // Divide by (1 − q^i), then multiply by (1 − q^{big+i}): the result is again a polynomial
    // with non-negative coefficients, so intermediate values stay as small as the final ones.
    for (let k = i; k <= maxK; k++) counts[k] += counts[k - i];
    for (let k = maxK; k >= big + i; k--) counts[k] -= counts[k - big - i];
  }
  return counts;
}

/**
 * P(U ≥ u) under the null hypothesis for samples of m and n values without ties, as
 * `scipy.stats.mannwhitneyu(method="exact")` 1.10 evaluates it: by symmetry the CDF at m·n − u,
 * summed left to right over the probabilities f/C(m + n, m). `u` must be a whole number.
 */
export function mannWhitneySurvival(u: number, m: number, n: number): number {
  const k = Math.min(m * n - u, m * n);
  if (k < 0) return 0;
  const work = m * n * (k + 1);
  const counts =
    work <= RECURRENCE_WORK_LIMIT
      ? arrangementCountsByRecurrence(m, n, k)
      : arrangementCountsByGeneratingFunction(m, n, k);
  const total = binomialCoefficient(m + n, m);
  let cumulative = 0;
  for (let i = 0; i <= k; i++) cumulative += counts[i] / total;
  return cumulative;
}
