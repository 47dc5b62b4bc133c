import { twoSampleRanks } from "./ranks.js";

/** U of the first sample (pairs x > y plus half the tied pairs), or NaN for NaN/empty input. */
function uOfFirst(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length === 0 || y.length === 0) return Number.NaN;
  const ranks = twoSampleRanks(x, y);
  if (ranks === null) return Number.NaN;
  return ranks.rankSumX - (x.length * (x.length + 1)) / 2;
}

/**
 * Cliff's delta = (#{x > y} − #{x < y}) / (n1·n2) over all pairs, in [−1, 1]: positive when x tends
 * to be larger than y. Computed from ranks in O(n log n) (exactly equal to the pair count). NaN in
 * either sample or an empty sample gives NaN.
 */
export function cliffsDelta(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const product = x.length * y.length;
  return (2 * uOfFirst(x, y) - product) / product;
}

/**
 * Rank-biserial correlation 1 − 2·U/(n1·n2), with U = SciPy's Mann–Whitney U of the first sample x
 * (Wendt's formula). Sign convention: positive when y tends to be larger than x (x "lower"), so
 * rankBiserial(x, y) = −cliffsDelta(x, y); swap the arguments for the opposite reading. NaN in
 * either sample or an empty sample gives NaN.
 */
export function rankBiserial(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return 1 - (2 * uOfFirst(x, y)) / (x.length * y.length);
}
