import type { ShapResult } from "./shapValues.js";

export {
  type ClassificationMetric,
  type PermutationImportanceOptions,
  type PermutationImportanceResult,
  permutationImportance,
  permutationRowOrders,
  type ScoreFunction,
  trainedModelPredictor,
} from "./permutationImportance.js";
export {
  descendingAverageRanks,
  type FeatureRankSummary,
  type ImportanceFunction,
  quantileSorted,
  type ResampleRanking,
  type ResampleRankingOptions,
  rankedImportanceOverResamples,
} from "./resampledImportanceRanks.js";
export {
  normalizeImportances,
  TREE_IMPORTANCE_TYPES,
  type TreeImportanceType,
  treeImportance,
  treeImportanceTable,
} from "./treeImportance.js";

/** Mean |SHAP| per feature: per class and overall (the mean over classes). */
export interface MeanAbsoluteShap {
  featureNames: string[];
  classes: string[];
  /** classes × features, row-major: mean over rows of |φ| for that class. */
  perClass: Float64Array;
  /** Per feature, the mean of `perClass` over the classes. */
  overall: Float64Array;
  /** Rows averaged over. */
  rows: number;
}

/**
 * Accumulates mean |SHAP| over blocks of rows, so that tables too large for one SHAP array can be
 * summarised block by block. Non-finite values (never produced by the explainers) are skipped.
 */
export class MeanAbsoluteShapAccumulator {
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;
  private rows = 0;
  private featureNames: string[] = [];
  private classes: string[] = [];

  /** An accumulator for `classCount` classes × `featureCount` features. */
  constructor(
    readonly classCount: number,
    readonly featureCount: number,
  ) {
    this.sums = new Float64Array(classCount * featureCount);
    this.counts = new Float64Array(classCount * featureCount);
  }

  /** Adds every row of `shap`; throws when its shape differs from the accumulator's. */
  add(shap: ShapResult): void {
    const classCount = shap.classes.length;
    const features = shap.featureNames.length;
    if (classCount !== this.classCount || features !== this.featureCount)
      throw new RangeError(
        `SHAP block of ${classCount} classes × ${features} features, expected ${this.classCount} × ${this.featureCount}`,
      );
    this.featureNames = shap.featureNames;
    this.classes = shap.classes;
    const { values } = shap;
    const width = classCount * features;
    for (let r = 0; r < shap.rows; r++) {
      const offset = r * width;
      for (let i = 0; i < width; i++) {
        const v = values[offset + i];
        if (v - v === 0) {
          this.sums[i] += Math.abs(v);
          this.counts[i]++;
        }
      }
    }
    this.rows += shap.rows;
  }

  /** The means so far (0 where nothing was added). */
  result(): MeanAbsoluteShap {
    const perClass = new Float64Array(this.sums.length);
    for (let i = 0; i < perClass.length; i++)
      perClass[i] = this.counts[i] > 0 ? this.sums[i] / this.counts[i] : 0;
    const overall = new Float64Array(this.featureCount);
    for (let k = 0; k < this.classCount; k++)
      for (let j = 0; j < this.featureCount; j++) overall[j] += perClass[k * this.featureCount + j];
    if (this.classCount > 0) for (let j = 0; j < this.featureCount; j++) overall[j] /= this.classCount;
    return {
      featureNames: this.featureNames,
      classes: this.classes,
      perClass,
      overall,
      rows: this.rows,
    };
  }
}

/** Mean |SHAP| per class and feature, and per feature over classes (zeros for 0 rows). */
export function meanAbsoluteShapPerClass(shap: ShapResult): MeanAbsoluteShap {
  const accumulator = new MeanAbsoluteShapAccumulator(shap.classes.length, shap.featureNames.length);
  accumulator.add(shap);
  const result = accumulator.result();
  return { ...result, featureNames: shap.featureNames, classes: shap.classes };
}
