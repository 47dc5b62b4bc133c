import { accuracy } from "./accuracy.js";
import { balancedAccuracy } from "./balancedAccuracy.js";
import {
  type BootstrapInterval,
  type BootstrapOptions,
  bootstrapConfidenceIntervals,
} from "./bootstrapConfidenceIntervals.js";
import { cohenKappa } from "./cohenKappa.js";
import { matthewsCorrelation } from "./matthewsCorrelation.js";
import { f1Score } from "./precisionRecallF1.js";

/** The paper's comparison metrics, in its table's order. */
export const COMPARISON_METRICS = [
  "accuracy",
  "balanced_accuracy",
  "macro_f1",
  "matthews_correlation",
  "cohen_kappa",
] as const;

/** One of {@link COMPARISON_METRICS}. */
export type ComparisonMetric = (typeof COMPARISON_METRICS)[number];

/** Predictions of one model on the shared test cells. */
export interface ModelPredictions {
  /** Name shown in the table (e.g. "gbdt", "lr", "cnn"). */
  model: string;
  /** Class codes, aligned with the shared truth. */
  predicted: Int32Array;
}

/** One row of the comparison: a model's metrics with bootstrap intervals. */
export interface ModelComparisonRow {
  model: string;
  cells: number;
  metrics: Record<ComparisonMetric, BootstrapInterval>;
}

/**
 * The five metrics of one prediction vector, sklearn's definitions: accuracy, balanced accuracy,
 * macro F1 over the classes present in truth or prediction, Matthews correlation and Cohen's kappa
 * (NaN when a single class occurs, as sklearn).
 */
export function comparisonMetrics(yTrue: Int32Array, yPred: Int32Array): Record<ComparisonMetric, number> {
  return {
    accuracy: accuracy(yTrue, yPred),
    balanced_accuracy: balancedAccuracy(yTrue, yPred),
    macro_f1: f1Score(yTrue, yPred, "macro"),
    matthews_correlation: matthewsCorrelation(yTrue, yPred),
    cohen_kappa: cohenKappa(yTrue, yPred),
  };
}

/**
 * Compares models on the same test cells: each model's five metrics with percentile bootstrap
 * intervals. Every model is resampled with the same seed, so its replicates draw the same cells
 * (paired resampling). Throws when a prediction vector's length differs from the truth's or the
 * truth is empty.
 */
export function compareModels(
  truth: Int32Array,
  models: readonly ModelPredictions[],
  options: BootstrapOptions = {},
): ModelComparisonRow[] {
  return models.map(({ model, predicted }) => {
    if (predicted.length !== truth.length)
      throw new RangeError(`${model}: ${predicted.length} predictions for ${truth.length} test cells`);
    return {
      model,
      cells: truth.length,
      metrics: bootstrapConfidenceIntervals(truth, predicted, comparisonMetrics, options) as Record<
        ComparisonMetric,
        BootstrapInterval
      >,
    };
  });
}
