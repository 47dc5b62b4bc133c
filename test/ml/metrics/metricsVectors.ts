import { decodeFloat, type EncodedFloat, loadVectors } from "../../reference/loadVectors.js";

/** Scores for one label set, as metrics_split_vectors.py writes them. */
export interface LabelSetVectors {
  perClass: { precision: EncodedFloat[]; recall: EncodedFloat[]; f1: EncodedFloat[]; support: number[] };
  macro: { precision: EncodedFloat; recall: EncodedFloat; f1: EncodedFloat };
  micro: { precision: EncodedFloat; recall: EncodedFloat; f1: EncodedFloat };
  weighted: { precision: EncodedFloat; recall: EncodedFloat; f1: EncodedFloat };
  kappa: { none: EncodedFloat; linear: EncodedFloat; quadratic: EncodedFloat };
}

/** One case of label vectors with scikit-learn's metrics. */
export interface MetricCase {
  name: string;
  classCount: number;
  classNames: string[];
  yTrue: number[];
  yPred: number[];
  presentLabels: number[];
  accuracy: EncodedFloat;
  balancedAccuracy: EncodedFloat;
  matthews: EncodedFloat;
  confusionMatrix: number[][];
  noInformationRate: EncodedFloat;
  accuracyPValue: EncodedFloat;
  accuracyPValueExact: EncodedFloat;
  present: LabelSetVectors;
  all: LabelSetVectors;
  reportPresent: string;
  reportPresentDigits4: string;
  reportAll: string;
}

/** One binomial upper tail with SciPy's value and the exact (60-digit) one. */
export interface BinomialCase {
  k: number;
  n: number;
  p: EncodedFloat;
  scipy: EncodedFloat;
  exact: EncodedFloat;
}

interface Vectors {
  metrics: MetricCase[];
  binomial: BinomialCase[];
}

const vectors = loadVectors<Vectors>("metrics_split_vectors");

/** The metric cases. */
export const METRIC_CASES = vectors.metrics;
/** The binomial tail cases. */
export const BINOMIAL_CASES = vectors.binomial;

/** yTrue and yPred of a case as typed arrays. */
export function labelVectors(c: MetricCase): { yTrue: Int32Array; yPred: Int32Array } {
  return { yTrue: Int32Array.from(c.yTrue), yPred: Int32Array.from(c.yPred) };
}

/**
 * Parity tolerance of the metrics: 1e-12 absolute (all lie in [−1, 1]). Most values agree to the
 * last bit because the operations and NumPy's summation order are reproduced.
 */
export const METRIC_TOLERANCE = 1e-12;

/** Asserts |actual − expected| ≤ tolerance (NaN only equals NaN), with a message naming the value. */
export function expectClose(
  actual: number,
  expected: EncodedFloat,
  what: string,
  tolerance = METRIC_TOLERANCE,
): void {
  const e = decodeFloat(expected);
  const ok = Number.isNaN(e) ? Number.isNaN(actual) : Math.abs(actual - e) <= tolerance;
  if (!ok) throw new Error(`${what}: ${actual} ≠ ${e} (tolerance ${tolerance})`);
}

/** Asserts two arrays agree element-wise within the tolerance. */
export function expectAllClose(
  actual: ArrayLike<number>,
  expected: readonly EncodedFloat[],
  what: string,
  tolerance = METRIC_TOLERANCE,
): void {
  if (actual.length !== expected.length)
    throw new Error(`${what}: length ${actual.length} ≠ ${expected.length}`);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i], expected[i], `${what}[${i}]`, tolerance);
}
