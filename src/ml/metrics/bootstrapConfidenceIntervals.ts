import { percentiles } from "../../image/statistics.js";
import { createRandom } from "../../util/random.js";
import { checkLabelVectors } from "./confusionMatrix.js";

/** A metric of predictions: one number, or several named numbers computed together. */
export type MetricFunction<R extends number | Record<string, number>> = (
  yTrue: Int32Array,
  yPred: Int32Array,
) => R;

/** Options of {@link bootstrapConfidenceIntervals}. */
export interface BootstrapOptions {
  /** Number of resamples (default 1000). */
  replicates?: number;
  /** Coverage of the interval in (0, 1) (default 0.95). */
  level?: number;
  /** Seed of the project's PRNG (default 0): the same seed gives the same intervals. */
  seed?: number;
}

/** A percentile bootstrap interval of one metric. */
export interface BootstrapInterval {
  /** The metric on the data as given. */
  estimate: number;
  /** Lower and upper percentile of the resampled metric: (1 − level)/2 and (1 + level)/2. */
  lower: number;
  upper: number;
  level: number;
  /** Standard deviation of the resampled values (ddof 1): the bootstrap standard error. */
  standardError: number;
  /** Resamples drawn. */
  replicates: number;
  /** Resamples whose metric was a number (NaN results, e.g. kappa of a one-class resample, are left out). */
  validReplicates: number;
}

/** The intervals, shaped as the metric's result. */
export type BootstrapResult<R> = R extends number ? BootstrapInterval : { [K in keyof R]: BootstrapInterval };

/**
 * Percentile bootstrap confidence intervals of a metric: `replicates` resamples of the rows (cells)
 * with replacement, drawn with the seeded PRNG, the metric on each, and NumPy's linear percentiles
 * of the results. A metric returning a record gets one interval per key from the same resamples.
 * Throws on empty or unequal input, replicates < 1 or a level outside (0, 1).
 */
export function bootstrapConfidenceIntervals<R extends number | Record<string, number>>(
  yTrue: Int32Array,
  yPred: Int32Array,
  metric: MetricFunction<R>,
  options: BootstrapOptions = {},
): BootstrapResult<R> {
  checkLabelVectors(yTrue, yPred);
  const replicates = options.replicates ?? 1000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(replicates) || replicates < 1)
    throw new RangeError(`replicates must be a positive integer, got ${replicates}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const estimate = metric(yTrue, yPred);
  const keys = typeof estimate === "number" ? null : Object.keys(estimate);
  const valueCount = keys === null ? 1 : keys.length;
  const samples = Array.from({ length: valueCount }, () => new Float64Array(replicates));
  const random = createRandom(options.seed ?? 0);
  const n = yTrue.length;
  // One pair of buffers for every resample: the metric must not keep references to them.
  const sampleTrue = new Int32Array(n);
  const samplePred = new Int32Array(n);
  for (let r = 0; r < replicates; r++) {
    for (let i = 0; i < n; i++) {
      const row = random.integer(n);
      sampleTrue[i] = yTrue[row];
      samplePred[i] = yPred[row];
    }
    const value = metric(sampleTrue, samplePred);
    if (keys === null) samples[0][r] = value as number;
    else for (let v = 0; v < valueCount; v++) samples[v][r] = (value as Record<string, number>)[keys[v]];
  }
  const intervals = samples.map((values, v) =>
    interval(
      keys === null ? (estimate as number) : (estimate as Record<string, number>)[keys[v]],
      values,
      level,
    ),
  );
  if (keys === null) return intervals[0] as BootstrapResult<R>;
  return Object.fromEntries(keys.map((key, v) => [key, intervals[v]])) as BootstrapResult<R>;
}

function interval(estimate: number, values: Float64Array, level: number): BootstrapInterval {
  let valid = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) values[valid++] = values[i];
  const bounds = new Float64Array(2);
  const alpha = (1 - level) / 2;
  percentiles(values, [100 * alpha, 100 * (1 - alpha)], bounds, 0, valid);
  let mean = 0;
  for (let i = 0; i < valid; i++) mean += values[i];
  mean /= valid;
  let squares = 0;
  for (let i = 0; i < valid; i++) squares += (values[i] - mean) ** 2;
  return {
    estimate,
    lower: bounds[0],
    upper: bounds[1],
    level,
    standardError: valid > 1 ? Math.sqrt(squares / (valid - 1)) : Number.NaN,
    replicates: values.length,
    validReplicates: valid,
  };
}
