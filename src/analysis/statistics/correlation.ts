import { mean } from "../../image/statistics.js";
import { averageRanks, containsNaN } from "./ranks.js";

/**
 * Pearson's r as `np.corrcoef(x, y)[0, 1]`: centred cross-product over the square roots of the
 * centred sums of squares, clipped to [−1, 1]. Agrees with NumPy to ~1e-15 (NumPy's BLAS dot
 * products add in another order). Fewer than two pairs, a constant sample or any NaN gives NaN;
 * throws a RangeError when the lengths differ.
 */
export function pearsonR(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n !== y.length) throw new RangeError(`x has ${n} values, y ${y.length}`);
  if (n < 2 || containsNaN(x) || containsNaN(y)) return Number.NaN;
  const xs = Float64Array.from(x);
  const ys = Float64Array.from(y);
  const meanX = mean(xs);
  const meanY = mean(ys);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - meanX;
    const dy = ys[i] - meanY;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  // NumPy divides the covariance by each standard deviation in turn.
  const r = sxy / (n - 1) / Math.sqrt(sxx / (n - 1)) / Math.sqrt(syy / (n - 1));
  return Number.isNaN(r) ? r : Math.min(Math.max(r, -1), 1);
}

/**
 * Spearman's rank correlation as `scipy.stats.spearmanr(x, y).correlation`: Pearson's r of the
 * average ranks (ties share their mean rank). Same edge cases as {@link pearsonR}.
 */
export function spearmanR(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new RangeError(`x has ${x.length} values, y ${y.length}`);
  if (containsNaN(x) || containsNaN(y)) return Number.NaN;
  return pearsonR(averageRanks(x), averageRanks(y));
}
