/** Descriptive statistics the charts draw (error bars, boxes, colour ranges), over finite values only. */

/** The finite values of an array, in order, as a new Float64Array. */
export function finiteValues(values: ArrayLike<number>): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) count++;
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[k++] = values[i];
  return out;
}

/** Arithmetic mean of the finite values (NaN when there are none). */
export function finiteMean(values: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) continue;
    sum += value;
    count++;
  }
  return count === 0 ? Number.NaN : sum / count;
}

/** Sample standard deviation (n − 1 denominator) of the finite values; NaN with fewer than 2; exactly 0 for equal values. */
export function finiteStandardDeviation(values: ArrayLike<number>): number {
  // Deviations from the first finite value (a shifted-data variance): equal values give exactly 0,
  // where deviations from a rounded mean would leave ~1e−16 (printed as "± 1.4e−16").
  let shift = Number.NaN;
  let sum = 0;
  let sumOfSquares = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) continue;
    if (count === 0) shift = value;
    const deviation = value - shift;
    sum += deviation;
    sumOfSquares += deviation * deviation;
    count++;
  }
  if (count < 2) return Number.NaN;
  return Math.sqrt(Math.max(0, (sumOfSquares - (sum * sum) / count) / (count - 1)));
}

/**
 * The q-quantile (q ∈ [0, 1]) of ascending sorted values with linear interpolation between order
 * statistics (NumPy's default "linear", R type 7); NaN for an empty array.
 */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = Math.min(Math.max(q, 0), 1) * (n - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, n - 1);
  const fraction = position - below;
  return fraction === 0 ? sorted[below] : sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

/** Box-plot numbers of the finite values (Tukey whiskers: the extreme values within 1.5 IQR of the box). */
export interface BoxStatistics {
  count: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  lowerWhisker: number;
  upperWhisker: number;
  mean: number;
}

/** Quartiles (NumPy "linear"), whiskers and mean of the finite values; every field NaN (count 0) when there are none. */
export function boxStatistics(values: ArrayLike<number>): BoxStatistics {
  const sorted = finiteValues(values).sort();
  const n = sorted.length;
  if (n === 0) {
    const nan = Number.NaN;
    return {
      count: 0,
      min: nan,
      q1: nan,
      median: nan,
      q3: nan,
      max: nan,
      lowerWhisker: nan,
      upperWhisker: nan,
      mean: nan,
    };
  }
  const q1 = sortedQuantile(sorted, 0.25);
  const q3 = sortedQuantile(sorted, 0.75);
  const fence = 1.5 * (q3 - q1);
  let lowerWhisker = sorted[0];
  for (let i = 0; i < n; i++)
    if (sorted[i] >= q1 - fence) {
      lowerWhisker = sorted[i];
      break;
    }
  let upperWhisker = sorted[n - 1];
  for (let i = n - 1; i >= 0; i--)
    if (sorted[i] <= q3 + fence) {
      upperWhisker = sorted[i];
      break;
    }
  return {
    count: n,
    min: sorted[0],
    q1,
    median: sortedQuantile(sorted, 0.5),
    q3,
    max: sorted[n - 1],
    lowerWhisker,
    upperWhisker,
    mean: finiteMean(sorted),
  };
}
