/**
 * The coefficient of determination as scikit-learn 1.2's `r2_score(yTrue, yPred)`:
 * 1 − Σ(y − ŷ)² / Σ(y − ȳ)². A constant yTrue gives 1 for a perfect prediction and 0 otherwise
 * (scikit-learn's `force_finite`); fewer than two values or any NaN give NaN. Throws a RangeError
 * when the lengths differ.
 */
export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const n = yTrue.length;
  if (n !== yPred.length) throw new RangeError(`yTrue has ${n} values, yPred ${yPred.length}`);
  if (n < 2) return Number.NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i];
  mean /= n;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    residual += (yTrue[i] - yPred[i]) ** 2;
    total += (yTrue[i] - mean) ** 2;
  }
  if (Number.isNaN(residual) || Number.isNaN(total)) return Number.NaN;
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}
