import { pairwiseSum } from "../../image/statistics.js";
import { type ConfusionMatrix, checkLabels, confusionMatrix, presentLabels } from "./confusionMatrix.js";

/** Disagreement weights of Cohen's kappa: none (unweighted), |i − j| or (i − j)². */
export type KappaWeights = "none" | "linear" | "quadratic";

/** Options of {@link cohenKappa}. */
export interface KappaOptions {
  /** Default "none" (the plain kappa). */
  weights?: KappaWeights;
  /**
   * Class codes defining the table, in order (weights use positions in this list); rows whose
   * true or predicted class is not listed are left out. Default: the classes present in either.
   */
  labels?: ArrayLike<number>;
}

/**
 * Cohen's kappa between two raters / truth and prediction (sklearn `cohen_kappa_score`), in
 * [−1, 1]; NaN when a single class occurs (chance agreement is then total, as in sklearn).
 * Throws on empty input.
 */
export function cohenKappa(yTrue: Int32Array, yPred: Int32Array, options: KappaOptions = {}): number {
  let largest = -1;
  if (options.labels)
    for (let i = 0; i < options.labels.length; i++) largest = Math.max(largest, options.labels[i]);
  return cohenKappaFromConfusion(confusionMatrix(yTrue, yPred, largest + 1), options);
}

/** Cohen's kappa from a confusion matrix (rows = first rater / truth). */
export function cohenKappaFromConfusion(matrix: ConfusionMatrix, options: KappaOptions = {}): number {
  const weights = options.weights ?? "none";
  if (weights !== "none" && weights !== "linear" && weights !== "quadratic")
    throw new RangeError(`unknown kappa weighting "${weights}"`);
  const labels = options.labels === undefined ? presentLabels(matrix) : checkLabels(matrix, options.labels);
  const m = labels.length;
  const k = matrix.classCount;
  // The confusion table restricted to the labels, with its column (sum0) and row (sum1) sums.
  const columnSums = new Float64Array(m);
  const rowSums = new Float64Array(m);
  let total = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const count = matrix.counts[labels[i] * k + labels[j]];
      rowSums[i] += count;
      columnSums[j] += count;
      total += count;
    }
  }
  let observed = 0;
  // sklearn sums weight × expected over the flattened table, expected = outer(sum0, sum1) / n.
  const weightedExpected = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const distance = Math.abs(i - j);
      const weight =
        weights === "none" ? (distance === 0 ? 0 : 1) : weights === "linear" ? distance : distance * distance;
      observed += weight * matrix.counts[labels[i] * k + labels[j]];
      weightedExpected[i * m + j] = weight * ((columnSums[i] * rowSums[j]) / total);
    }
  }
  return 1 - observed / pairwiseSum(weightedExpected);
}
