import { pairwiseSum } from "../image/statistics.js";
import type { Matrix } from "./matrix.js";

let termScratch = new Float64Array(16);

/**
 * Shannon entropy in nats of one probability vector, as `scipy.stats.entropy(p)`: p is first
 * divided by its sum, then −Σ p·ln p with 0·ln 0 = 0 (NumPy summation order). A NaN entry gives
 * NaN, a negative entry −Infinity, an all-zero (or empty) vector NaN.
 */
export function entropyNats(
  probabilities: ArrayLike<number>,
  offset = 0,
  length = probabilities.length,
): number {
  if (termScratch.length < length) termScratch = new Float64Array(length);
  const terms = termScratch;
  for (let j = 0; j < length; j++) terms[j] = probabilities[offset + j];
  const total = pairwiseSum(terms, length);
  for (let j = 0; j < length; j++) {
    const p = terms[j] / total;
    // scipy.special.entr
    terms[j] = Number.isNaN(p) ? p : p > 0 ? -p * Math.log(p) : p === 0 ? 0 : Number.NEGATIVE_INFINITY;
  }
  return pairwiseSum(terms, length);
}

/**
 * Entropy in nats of every row of a class-probability matrix (rows = cells, columns = classes),
 * as `scipy.stats.entropy(row)` per row; the study flagged cells with entropy ≥ 1.2 nats.
 * See {@link entropyNats} for NaN and degenerate rows.
 */
export function shannonEntropyNats(probabilities: Matrix): Float64Array {
  const out = new Float64Array(probabilities.rows);
  for (let r = 0; r < probabilities.rows; r++)
    out[r] = entropyNats(probabilities.data, r * probabilities.cols, probabilities.cols);
  return out;
}
