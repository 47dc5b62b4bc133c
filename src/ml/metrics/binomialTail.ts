/**
 * Exact binomial probabilities without cancellation or overflow: each probability mass term is
 * computed on its own by Loader's saddle-point form (C. Loader, "Fast and accurate computation of
 * binomial probabilities", 2000; the method of R's dbinom), and a tail is the compensated sum of
 * its terms, taken on the side of the mean where the terms decrease. Relative error ~1e-14.
 */

const LN_2PI = 1.8378770664093456; // log(2π)

/** Stirling's error log(n!) − (n + ½)·log(n) + n − ½·log(2π) at n = 0…15 (n = 0 unused). */
// Values from mpmath at 40 digits, written as the nearest float64.
const STIRLING_ERROR_SMALL = [
  0, 0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093, 0.016644691189821193,
  0.013876128823070748, 0.01189670994589177, 0.010411265261972096, 0.009255462182712733, 0.00833056343336287,
  0.007573675487951841, 0.00694284010720953, 0.006408994188004207, 0.0059513701127588475,
  0.005554733551962801,
];

/** Stirling's error at a non-negative integer n (table up to 15, asymptotic series beyond). */
function stirlingError(n: number): number {
  if (n <= 15) return STIRLING_ERROR_SMALL[n];
  const nn = n * n;
  const s0 = 1 / 12;
  const s1 = 1 / 360;
  const s2 = 1 / 1260;
  const s3 = 1 / 1680;
  const s4 = 1 / 1188;
  if (n > 500) return (s0 - s1 / nn) / n;
  if (n > 80) return (s0 - (s1 - s2 / nn) / nn) / n;
  if (n > 35) return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
  return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
}

/**
 * Loader's deviance term x·log(x / m) + m − x for x > 0, with m = mHigh + mLow given as an
 * unevaluated sum (the rounding error of n·p matters when x is large).
 */
function devianceTerm(x: number, mHigh: number, mLow: number): number {
  let value: number;
  const v = (x - mHigh) / (x + mHigh);
  if (Math.abs(v) < 0.5) {
    // Series in v = (x − m)/(x + m): well conditioned here, where the closed form cancels.
    let sum = (x - mHigh) * v;
    let power = 2 * x * v;
    const v2 = v * v;
    for (let j = 1; j < 1000; j++) {
      power *= v2;
      const next = sum + power / (2 * j + 1);
      if (next === sum) break;
      sum = next;
    }
    value = sum;
  } else {
    value = x * Math.log(x / mHigh) + mHigh - x;
  }
  // First-order correction for the low part of m: d/dm [x·log(x/m) + m − x] = 1 − x/m.
  return value + (1 - x / mHigh) * mLow;
}

/** The exact product a·b as high + low parts (Dekker's split; no FMA in JavaScript). */
function twoProduct(a: number, b: number): [number, number] {
  const high = a * b;
  const split = 134217729; // 2^27 + 1
  const ac = split * a;
  const aHigh = ac - (ac - a);
  const aLow = a - aHigh;
  const bc = split * b;
  const bHigh = bc - (bc - b);
  const bLow = b - bHigh;
  const low = aLow * bLow - (high - aHigh * bHigh - aLow * bHigh - aHigh * bLow);
  return [high, low];
}

/** Mean n·p and n·(1 − p) as high + low parts, so that neither loses p's last bits. */
function means(n: number, p: number): [number, number, number, number] {
  const [npHigh, npLow] = twoProduct(n, p);
  // n − np exactly as a sum (Knuth's two-sum), then minus the low part of np.
  const nqHigh = n - npHigh;
  const virtualN = nqHigh + npHigh;
  const error = n - virtualN + (-npHigh - (nqHigh - virtualN));
  return [npHigh, npLow, nqHigh, error - npLow];
}

function checkArguments(n: number, p: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
}

function massTerm(x: number, n: number, p: number, m: [number, number, number, number]): number {
  if (x === 0) return Math.exp(n * Math.log1p(-p));
  if (x === n) return Math.exp(n * Math.log(p));
  const logScale =
    stirlingError(n) -
    stirlingError(x) -
    stirlingError(n - x) -
    devianceTerm(x, m[0], m[1]) -
    devianceTerm(n - x, m[2], m[3]);
  const logNormalizer = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return Math.exp(logScale - 0.5 * logNormalizer);
}

/** P(X = x) for X ~ Binomial(n, p): 0 outside 0…n or for non-integer x. Throws on invalid n or p. */
export function binomialProbability(x: number, n: number, p: number): number {
  checkArguments(n, p);
  if (!Number.isInteger(x) || x < 0 || x > n) return 0;
  if (p === 0) return x === 0 ? 1 : 0;
  if (p === 1) return x === n ? 1 : 0;
  return massTerm(x, n, p, means(n, p));
}

/**
 * Upper tail P(X ≥ k) for X ~ Binomial(n, p): the one-sided exact binomial test p-value (R's
 * `binom.test(k, n, p, alternative = "greater")`, SciPy's `binomtest`). 1 for k ≤ 0, 0 for k > n;
 * values below ~1e-308 underflow to 0. Throws on non-integer k or n, or p outside [0, 1].
 */
export function binomialUpperTail(k: number, n: number, p: number): number {
  checkArguments(n, p);
  if (!Number.isInteger(k)) throw new RangeError(`k must be an integer, got ${k}`);
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p === 0) return 0;
  if (p === 1) return 1;
  const m = means(n, p);
  if (k > n * p) return decreasingSum(k, 1, n, p, m);
  // Below the mean the lower tail is the short, accurate one: P(X ≥ k) = 1 − P(X ≤ k − 1).
  return 1 - decreasingSum(k - 1, -1, n, p, m);
}

/** Σ of mass terms from `start` stepping by `step` while they matter (they decrease that way). */
function decreasingSum(
  start: number,
  step: 1 | -1,
  n: number,
  p: number,
  m: [number, number, number, number],
): number {
  // Neumaier's compensated summation.
  let sum = 0;
  let compensation = 0;
  for (let x = start; x >= 0 && x <= n; x += step) {
    const term = massTerm(x, n, p, m);
    const next = sum + term;
    compensation += Math.abs(sum) >= term ? sum - next + term : term - next + sum;
    sum = next;
    if (term <= sum * 1e-18) break;
  }
  return sum + compensation;
}
