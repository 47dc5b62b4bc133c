/** Distributions up to this n are kept (≤ 40 KiB each); "auto" never goes beyond 50. */
const CACHE_LIMIT = 100;
const cache = new Map<number, Float64Array>();

/**
 * P(R+ = r) for r = 0 … n(n+1)/2, the null distribution of the Wilcoxon signed-rank sum of n
 * untied, non-zero differences, built exactly as SciPy 1.10's `_get_wilcoxon_distr` (halving and
 * shifting, one rank at a time), so the probabilities are bit-identical. Cached for n ≤ 100; the
 * returned array must not be modified. O(n³) time.
 */
export function wilcoxonDistribution(n: number): Float64Array {
  const cached = cache.get(n);
  if (cached !== undefined) return cached;
  let probabilities = new Float64Array(1).fill(1);
  for (let k = 1; k <= n; k++) {
    const previous = probabilities;
    probabilities = new Float64Array((k * (k + 1)) / 2 + 1);
    const m = previous.length;
    const shift = probabilities.length - m;
    for (let i = 0; i < m; i++) probabilities[i] = previous[i] * 0.5;
    for (let i = 0; i < m; i++) probabilities[shift + i] += previous[i] * 0.5;
  }
  if (n <= CACHE_LIMIT) cache.set(n, probabilities);
  return probabilities;
}
