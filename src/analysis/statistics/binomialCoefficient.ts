/** Whole-number multiplicands up to this size go through SciPy's exact-leaning product formula. */
const PRODUCT_FORMULA_LIMIT = 20;

/**
 * The binomial coefficient C(n, k) for whole n ≥ 0 and 0 ≤ k ≤ n as a double, as
 * `scipy.special.binom` 1.10 computes it: for min(k, n − k) < 20 the same running product (and the
 * same rescaling above 1e50), so the result is bit-identical; otherwise the exact integer rounded
 * once to the nearest double, where SciPy goes through its beta function (agreement ~1e-14
 * relative). k outside [0, n] gives 0; non-whole or negative arguments give NaN.
 */
export function binomialCoefficient(n: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(k) || n < 0) return Number.NaN;
  if (k < 0 || k > n) return 0;
  const kx = k > n / 2 && n > 0 ? n - k : k;
  if (kx < PRODUCT_FORMULA_LIMIT) {
    let numerator = 1;
    let denominator = 1;
    for (let i = 1; i <= kx; i++) {
      numerator *= i + n - kx;
      denominator *= i;
      if (Math.abs(numerator) > 1e50) {
        numerator /= denominator;
        denominator = 1;
      }
    }
    return numerator / denominator;
  }
  let exact = 1n;
  for (let i = 1; i <= kx; i++) exact = (exact * BigInt(n - kx + i)) / BigInt(i);
  return Number(exact);
}
