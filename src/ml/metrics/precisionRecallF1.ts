import { pairwiseSum, pairwiseSumOfProducts } from "../../image/statistics.js";
import {
  type ConfusionMatrix,
  checkLabels,
  confusionMatrix,
  predictedTotals,
  presentLabels,
  trueTotals,
} from "./confusionMatrix.js";

/** How per-class scores are combined (sklearn's `average`). */
export type AverageKind = "macro" | "micro" | "weighted";

/**
 * What a ratio with a zero denominator becomes (sklearn's `zero_division`): 0 is sklearn's default
 * "warn" without the warning (a class never predicted has precision 0; never true, recall 0).
 */
export type ZeroDivision = 0 | 1;

/** Options shared by the precision / recall / F1 functions. */
export interface ScoreOptions {
  /** Class codes to score, in table order; default: the classes present in yTrue or yPred. */
  labels?: ArrayLike<number>;
  /** Value of an undefined ratio (default 0, as sklearn's "warn"). */
  zeroDivision?: ZeroDivision;
}

/** Per-class precision, recall, F1 and counts, one entry per label (sklearn `average=None`). */
export interface ClassScores {
  labels: Int32Array;
  precision: Float64Array;
  recall: Float64Array;
  f1: Float64Array;
  /** Rows whose true class is the label. */
  support: Float64Array;
  /** Rows predicted as the label (0 means its precision was undefined). */
  predicted: Float64Array;
}

/** Averaged precision, recall and F1. */
export interface AveragedScores {
  precision: number;
  recall: number;
  f1: number;
}

function divide(numerator: number, denominator: number, zeroDivision: ZeroDivision): number {
  return denominator === 0 ? zeroDivision : numerator / denominator;
}

/** F1 from precision and recall with sklearn's operation order (0 when both are 0). */
function fScore(precision: number, recall: number): number {
  const denominator = precision + recall;
  return (2 * precision * recall) / (denominator === 0 ? 1 : denominator);
}

/** Per-class scores from a confusion matrix over `labels` (default: the present classes). */
export function classScoresFromConfusion(
  matrix: ConfusionMatrix,
  labels?: ArrayLike<number>,
  zeroDivision: ZeroDivision = 0,
): ClassScores {
  const chosen = labels === undefined ? presentLabels(matrix) : checkLabels(matrix, labels);
  const k = matrix.classCount;
  const truth = trueTotals(matrix);
  const predictedAll = predictedTotals(matrix);
  const m = chosen.length;
  const scores: ClassScores = {
    labels: chosen,
    precision: new Float64Array(m),
    recall: new Float64Array(m),
    f1: new Float64Array(m),
    support: new Float64Array(m),
    predicted: new Float64Array(m),
  };
  for (let i = 0; i < m; i++) {
    const c = chosen[i];
    const truePositives = matrix.counts[c * k + c];
    scores.support[i] = truth[c];
    scores.predicted[i] = predictedAll[c];
    scores.precision[i] = divide(truePositives, predictedAll[c], zeroDivision);
    scores.recall[i] = divide(truePositives, truth[c], zeroDivision);
    scores.f1[i] = fScore(scores.precision[i], scores.recall[i]);
  }
  return scores;
}

/**
 * Precision, recall and F1 averaged over `labels` as sklearn `precision_recall_fscore_support`:
 * macro = plain mean over classes, micro = from the summed counts, weighted = mean weighted by
 * support (when no label has support: the zeroDivision value, or 0 for precision and F1 if
 * something was predicted).
 */
export function averagedScoresFromConfusion(
  matrix: ConfusionMatrix,
  average: AverageKind,
  labels?: ArrayLike<number>,
  zeroDivision: ZeroDivision = 0,
): AveragedScores {
  const scores = classScoresFromConfusion(matrix, labels, zeroDivision);
  const m = scores.labels.length;
  if (average === "micro") {
    const k = matrix.classCount;
    let truePositives = 0;
    let predicted = 0;
    let support = 0;
    for (let i = 0; i < m; i++) {
      const c = scores.labels[i];
      truePositives += matrix.counts[c * k + c];
      predicted += scores.predicted[i];
      support += scores.support[i];
    }
    const precision = divide(truePositives, predicted, zeroDivision);
    const recall = divide(truePositives, support, zeroDivision);
    return { precision, recall, f1: fScore(precision, recall) };
  }
  if (average === "macro") {
    // np.average without weights is np.mean: NumPy's pairwise sum over the classes.
    return {
      precision: pairwiseSum(scores.precision) / m,
      recall: pairwiseSum(scores.recall) / m,
      f1: pairwiseSum(scores.f1) / m,
    };
  }
  if (average !== "weighted") throw new RangeError(`unknown average "${average}"`);
  const totalSupport = pairwiseSum(scores.support);
  if (totalSupport === 0) {
    const anyPredicted = pairwiseSum(scores.predicted) > 0;
    return anyPredicted
      ? { precision: 0, recall: zeroDivision, f1: 0 }
      : { precision: zeroDivision, recall: zeroDivision, f1: zeroDivision };
  }
  // np.average(a, weights=w) = sum(a * w) / sum(w), both sums pairwise.
  return {
    precision: pairwiseSumOfProducts(scores.precision, scores.support) / totalSupport,
    recall: pairwiseSumOfProducts(scores.recall, scores.support) / totalSupport,
    f1: pairwiseSumOfProducts(scores.f1, scores.support) / totalSupport,
  };
}

/** Per-class precision, recall, F1 and support (sklearn `average=None`). Throws on empty input. */
export function classScores(yTrue: Int32Array, yPred: Int32Array, options: ScoreOptions = {}): ClassScores {
  const matrix = confusionMatrix(yTrue, yPred, maxLabel(options.labels) + 1);
  return classScoresFromConfusion(matrix, options.labels, options.zeroDivision);
}

/** Averaged precision, recall and F1 (sklearn `precision_recall_fscore_support`). Throws on empty input. */
export function precisionRecallF1(
  yTrue: Int32Array,
  yPred: Int32Array,
  average: AverageKind,
  options: ScoreOptions = {},
): AveragedScores {
  const matrix = confusionMatrix(yTrue, yPred, maxLabel(options.labels) + 1);
  return averagedScoresFromConfusion(matrix, average, options.labels, options.zeroDivision);
}

/** sklearn `f1_score` (default macro average) in [0, 1]. Throws on empty input. */
export function f1Score(
  yTrue: Int32Array,
  yPred: Int32Array,
  average: AverageKind = "macro",
  options: ScoreOptions = {},
): number {
  return precisionRecallF1(yTrue, yPred, average, options).f1;
}

/** sklearn `precision_score` (default macro average) in [0, 1]. Throws on empty input. */
export function precisionScore(
  yTrue: Int32Array,
  yPred: Int32Array,
  average: AverageKind = "macro",
  options: ScoreOptions = {},
): number {
  return precisionRecallF1(yTrue, yPred, average, options).precision;
}

/** sklearn `recall_score` (default macro average) in [0, 1]. Throws on empty input. */
export function recallScore(
  yTrue: Int32Array,
  yPred: Int32Array,
  average: AverageKind = "macro",
  options: ScoreOptions = {},
): number {
  return precisionRecallF1(yTrue, yPred, average, options).recall;
}

function maxLabel(labels: ArrayLike<number> | undefined): number {
  let largest = -1;
  if (labels) for (let i = 0; i < labels.length; i++) largest = Math.max(largest, labels[i]);
  return largest;
}
