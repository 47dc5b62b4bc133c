/**
 * The median as `np.median`: the middle value, or the mean (a + b) / 2 of the two middle values for
 * an even count (which can differ in the last bit from `np.percentile(x, 50)`, the interpolation
 * that `percentile` in image/statistics.ts reproduces). NaN anywhere or an empty input gives NaN.
 */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const sorted = Float64Array.from(values);
  for (let i = 0; i < n; i++) if (Number.isNaN(sorted[i])) return Number.NaN;
  sorted.sort();
  const half = n >> 1;
  return n % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}
