import { pairwiseSum, pairwiseSumOfProducts } from "./statistics.js";

/**
 * Dissimilarities between two flattened planes as `scipy.spatial.distance` 1.10 defines them, with
 * NumPy's summation order where it changes the last bits.
 */

/** Counts of a pair of 0/1 vectors: both 1, only the first, only the second. */
interface BooleanCounts {
  both: number;
  onlyFirst: number;
  onlySecond: number;
}

function booleanCounts(u: ArrayLike<number>, v: ArrayLike<number>): BooleanCounts {
  if (u.length !== v.length) throw new Error("vectors of different lengths");
  let both = 0;
  let onlyFirst = 0;
  let onlySecond = 0;
  for (let i = 0; i < u.length; i++) {
    const a = u[i] !== 0;
    const b = v[i] !== 0;
    if (a && b) both++;
    else if (a) onlyFirst++;
    else if (b) onlySecond++;
  }
  return { both, onlyFirst, onlySecond };
}

/**
 * SciPy `dice` dissimilarity from the counts of a pair of 0/1 vectors (n11 = both, n10 = only the
 * first, n01 = only the second): (n10 + n01) / (2·n11 + n10 + n01); NaN when all counts are 0.
 */
export function diceFromCounts(both: number, onlyFirst: number, onlySecond: number): number {
  return (onlyFirst + onlySecond) / (2 * both + onlyFirst + onlySecond);
}

/**
 * SciPy `jaccard` dissimilarity from the counts of a pair of 0/1 vectors: (n10 + n01) / (n11 + n10 +
 * n01); 0 when all counts are 0 (SciPy's convention for two empty vectors).
 */
export function jaccardFromCounts(both: number, onlyFirst: number, onlySecond: number): number {
  const nonzero = both + onlyFirst + onlySecond;
  return nonzero !== 0 ? (onlyFirst + onlySecond) / nonzero : 0;
}

/**
 * SciPy `dice` dissimilarity of two 0/1 vectors: (n10 + n01) / (2·n11 + n10 + n01), in 0..1; NaN
 * when both vectors are all zero (0/0, as SciPy). Nonzero entries count as 1.
 */
export function diceDissimilarity(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const { both, onlyFirst, onlySecond } = booleanCounts(u, v);
  return diceFromCounts(both, onlyFirst, onlySecond);
}

/**
 * SciPy `jaccard` dissimilarity of two 0/1 vectors: (n10 + n01) / (n11 + n10 + n01), in 0..1; 0 when
 * both vectors are all zero (SciPy's convention). Nonzero entries count as 1.
 */
export function jaccardDissimilarity(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const { both, onlyFirst, onlySecond } = booleanCounts(u, v);
  return jaccardFromCounts(both, onlyFirst, onlySecond);
}

/** A vector minus its mean, with its mean square: the per-vector half of a correlation distance. */
export interface CenteredVector {
  /** u − mean(u), element by element. */
  readonly centered: Float64Array;
  /** mean((u − mean(u))²), NumPy summation. */
  readonly meanSquare: number;
}

/**
 * Centres a vector as `scipy.spatial.distance.correlation` does (NumPy mean, then u − mean), into
 * `out` when given (length ≥ u.length). `mean`, when the caller already has it, must be NumPy's
 * mean of u (pairwise sum / length). An empty vector gives NaN mean square.
 */
export function centerVector(
  u: Float64Array,
  out: Float64Array = new Float64Array(u.length),
  mean?: number,
): CenteredVector {
  const n = u.length;
  const centered = out.length === n ? out : out.subarray(0, n);
  const average = mean ?? pairwiseSum(u, n) / n;
  for (let i = 0; i < n; i++) centered[i] = u[i] - average;
  return { centered, meanSquare: pairwiseSumOfProducts(centered, centered, n) / n };
}

/**
 * Correlation distance 1 − r (r = Pearson correlation) of two centred vectors, in 0..2, with SciPy's
 * formula |1 − mean(u·v) / sqrt(mean(u²)·mean(v²))|; NaN when either vector is constant.
 */
export function correlationDistanceOfCentered(u: CenteredVector, v: CenteredVector): number {
  const n = u.centered.length;
  if (v.centered.length !== n) throw new Error("vectors of different lengths");
  const cross = pairwiseSumOfProducts(u.centered, v.centered, n) / n;
  return correlationDistanceFromMeans(cross, u.meanSquare, v.meanSquare);
}

/**
 * Correlation distance 1 − r from the means of the centred products, mean(u·v), mean(u²) and
 * mean(v²), with SciPy's formula |1 − mean(u·v) / sqrt(mean(u²)·mean(v²))|; NaN when a mean square
 * is 0 (constant vector) or NaN.
 */
export function correlationDistanceFromMeans(
  crossMean: number,
  uMeanSquare: number,
  vMeanSquare: number,
): number {
  return Math.abs(1.0 - crossMean / Math.sqrt(uMeanSquare * vMeanSquare));
}

/**
 * SciPy `correlation` distance 1 − r of two vectors (r = Pearson correlation), in 0..2; NaN when
 * either vector is constant (zero variance) or empty.
 */
export function correlationDistance(u: Float64Array, v: Float64Array): number {
  if (u.length !== v.length) throw new Error("vectors of different lengths");
  return correlationDistanceOfCentered(centerVector(u), centerVector(v));
}

/**
 * Euclidean distance ‖u − v‖₂ (SciPy `euclidean`). SciPy delegates to BLAS `nrm2`, whose scaling
 * may differ from this plain sum of squares in the last bit; for integer data the sum is exact.
 */
export function euclideanDistance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  if (u.length !== v.length) throw new Error("vectors of different lengths");
  let sum = 0;
  for (let i = 0; i < u.length; i++) {
    const d = u[i] - v[i];
    sum += d * d;
  }
  return Math.sqrt(sum);
}

/**
 * Euclidean distance ‖u − v‖₂ from the nonzero entries only (`uNonzero`, `vNonzero`: ascending
 * indices of the entries that are not 0), in O(nonzero) instead of O(length); equal to
 * `euclideanDistance` (bit for bit on integer data, where every partial sum is exact).
 */
export function euclideanDistanceOfSparse(
  u: ArrayLike<number>,
  uNonzero: Int32Array,
  v: ArrayLike<number>,
  vNonzero: Int32Array,
): number {
  let sum = 0;
  for (let k = 0; k < uNonzero.length; k++) {
    const i = uNonzero[k];
    const d = u[i] - v[i];
    sum += d * d;
  }
  // Entries where only v is nonzero; the others were counted above.
  for (let k = 0; k < vNonzero.length; k++) {
    const i = vNonzero[k];
    if (u[i] === 0) sum += v[i] * v[i];
  }
  return Math.sqrt(sum);
}

/** Largest ΣU² + ΣV² for which `euclideanDistanceOfIntegers` is exact (see there). */
export const EXACT_EUCLIDEAN_SQUARES_LIMIT = 2 ** 52;

/**
 * Euclidean distance ‖u − v‖₂ of two integer-valued vectors as sqrt(ΣU² + ΣV² − 2·Σuv), with Σuv
 * taken over `uNonzero` (the entries where u is not 0) in O(nonzero of u). Exact, hence equal bit for
 * bit to `euclideanDistance` and `euclideanDistanceOfSparse`, when `uSumOfSquares` and
 * `vSumOfSquares` are the exact ΣU² and ΣV² and their sum is at most 2^52: then every product and
 * partial sum here is an integer below 2^52, and Σ(u − v)² ≤ 2·(ΣU² + ΣV²) ≤ 2^53 is exact there too.
 */
export function euclideanDistanceOfIntegers(
  u: ArrayLike<number>,
  uNonzero: Int32Array,
  uSumOfSquares: number,
  v: ArrayLike<number>,
  vSumOfSquares: number,
): number {
  let cross = 0;
  for (let k = 0; k < uNonzero.length; k++) {
    const i = uNonzero[k];
    cross += u[i] * v[i];
  }
  return Math.sqrt(uSumOfSquares + vSumOfSquares - 2 * cross);
}
