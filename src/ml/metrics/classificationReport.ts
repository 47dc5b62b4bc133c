import { accuracyFromConfusion } from "./accuracy.js";
import { balancedAccuracyFromConfusion } from "./balancedAccuracy.js";
import { cohenKappaFromConfusion, type KappaWeights } from "./cohenKappa.js";
import { confusionMatrix, confusionMatrixRows, presentLabels, sampleCount } from "./confusionMatrix.js";
import { matthewsCorrelationFromConfusion } from "./matthewsCorrelation.js";
import { noInformationTestFromConfusion } from "./noInformationRate.js";
import {
  type AverageKind,
  averagedScoresFromConfusion,
  classScoresFromConfusion,
  type ZeroDivision,
} from "./precisionRecallF1.js";

/** One row of the per-class table. */
export interface ClassReportRow {
  className: string;
  /** The class code (index into classNames). */
  classIndex: number;
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose true class this is. */
  support: number;
  /** Rows predicted as this class (0: precision was undefined and set to the zeroDivision value). */
  predicted: number;
}

/** An averaged line of the table (support = rows over the scored classes). */
export interface AverageReportRow {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/**
 * The paper's full evaluation of one set of predictions, as plain JSON-able data: scikit-learn's
 * classification_report plus balanced accuracy, MCC, Cohen's kappa and caret's no-information rate
 * with its binomial test.
 */
export interface ClassificationReport {
  classNames: string[];
  /** Rows evaluated. */
  sampleCount: number;
  /** Class codes in the per-class table and the averages (see ClassificationReportOptions.labels). */
  labels: number[];
  /** True when the micro average equals accuracy and the table shows an "accuracy" line (sklearn). */
  microIsAccuracy: boolean;
  perClass: ClassReportRow[];
  macro: AverageReportRow;
  micro: AverageReportRow;
  weighted: AverageReportRow;
  accuracy: number;
  balancedAccuracy: number;
  matthewsCorrelation: number;
  /** Cohen's kappa with `cohenKappaWeights`; null where sklearn gives NaN (a single class occurs). */
  cohenKappa: number | null;
  cohenKappaWeights: KappaWeights;
  /** Share of the most frequent true class. */
  noInformationRate: number;
  /** Exact one-sided binomial p-value of accuracy > NIR (caret's "P-Value [Acc > NIR]"). */
  accuracyPValue: number;
  /** Counts over all classNames, rows = true class, columns = predicted class. */
  confusionMatrix: number[][];
}

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions {
  /**
   * Classes in the table and the averages: "present" (default, sklearn without `labels`): those
   * in yTrue or yPred; "all": every class name (sklearn `labels=range(K)`), so classes absent from
   * both count as zeros in the macro average.
   */
  labels?: "present" | "all";
  /** Weights of the reported kappa (default "none"). */
  kappaWeights?: KappaWeights;
  /** Value of an undefined precision or recall (default 0, sklearn's "warn" without the warning). */
  zeroDivision?: ZeroDivision;
}

/**
 * Evaluates predictions: every value equals scikit-learn 1.2.1 (and caret for the NIR test).
 * Codes index `classNames`. Throws on empty input, unequal lengths or codes outside the names.
 */
export function classificationReport(
  yTrue: Int32Array,
  yPred: Int32Array,
  classNames: string[],
  options: ClassificationReportOptions = {},
): ClassificationReport {
  const matrix = confusionMatrix(yTrue, yPred, classNames.length);
  if (matrix.classCount > classNames.length)
    throw new RangeError(
      `class code ${matrix.classCount - 1} has no name (${classNames.length} class names)`,
    );
  const present = presentLabels(matrix);
  const labelMode = options.labels ?? "present";
  if (labelMode !== "present" && labelMode !== "all")
    throw new RangeError(`unknown label set "${labelMode}"`);
  const labels = labelMode === "all" ? Int32Array.from(classNames, (_, i) => i) : present;
  const zeroDivision = options.zeroDivision ?? 0;
  const scores = classScoresFromConfusion(matrix, labels, zeroDivision);
  const n = sampleCount(matrix);
  const average = (kind: AverageKind): AverageReportRow => {
    let support = 0;
    for (let i = 0; i < scores.support.length; i++) support += scores.support[i];
    return { ...averagedScoresFromConfusion(matrix, kind, labels, zeroDivision), support };
  };
  const kappaWeights = options.kappaWeights ?? "none";
  const kappa = cohenKappaFromConfusion(matrix, { weights: kappaWeights, labels });
  const test = noInformationTestFromConfusion(matrix);
  return {
    classNames: [...classNames],
    sampleCount: n,
    labels: Array.from(labels),
    microIsAccuracy: labels.length === present.length,
    perClass: Array.from(labels, (label, i) => ({
      className: classNames[label],
      classIndex: label,
      precision: scores.precision[i],
      recall: scores.recall[i],
      f1: scores.f1[i],
      support: scores.support[i],
      predicted: scores.predicted[i],
    })),
    macro: average("macro"),
    micro: average("micro"),
    weighted: average("weighted"),
    accuracy: accuracyFromConfusion(matrix),
    balancedAccuracy: balancedAccuracyFromConfusion(matrix),
    matthewsCorrelation: matthewsCorrelationFromConfusion(matrix),
    cohenKappa: Number.isNaN(kappa) ? null : kappa,
    cohenKappaWeights: kappaWeights,
    noInformationRate: test.noInformationRate,
    accuracyPValue: test.pValue,
    confusionMatrix: confusionMatrixRows(matrix),
  };
}
