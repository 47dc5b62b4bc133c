import { RandomForest, type RandomForestOptions } from "../forest/randomForest.js";
import { GradientBoostedTrees, type GradientBoostedTreesOptions } from "../gbdt/gradientBoostedTrees.js";
import type { TreeEnsemble } from "../gbdt/treeEnsemble.js";
import { LinearSVC, type LinearSVCOptions } from "../linear/linearSvc.js";
import { LogisticRegression, type LogisticRegressionOptions } from "../linear/logisticRegression.js";
import type { Matrix } from "../matrix.js";
import { mutualInfoClassif } from "./mutualInformation.js";

/**
 * Scores the relevance of every column of X (finite values) for the classes y in [0, classCount):
 * one score per column, larger = more relevant. Must be deterministic for a seed.
 */
export type FeatureRanker = (X: Matrix, y: Int32Array, classCount: number, seed: number) => Float64Array;

/** A ranker with the name reports and saved selections use. */
export interface NamedFeatureRanker {
  name: string;
  rank: FeatureRanker;
}

/** Mutual information with the class (scikit-learn's k-NN estimator, 3 neighbours). */
export function mutualInformationRanker(nNeighbors = 3): NamedFeatureRanker {
  return {
    name: "mutual_information",
    rank: (X, y, _classCount, seed) => mutualInfoClassif(X, y, { nNeighbors, seed }),
  };
}

/** Gini importances of a random forest (default: scikit-learn's RandomForestClassifier defaults). */
export function randomForestRanker(options: RandomForestOptions = {}): NamedFeatureRanker {
  return {
    name: "random_forest",
    rank: (X, y, classCount, seed) =>
      new RandomForest({ ...options, seed: options.seed ?? seed }).fit(X, y, classCount).featureImportances(),
  };
}

/** How gradient-boosting importances are aggregated over splits (XGBoost's importance types). */
export type GainImportanceType = "gain" | "total_gain" | "weight";

/**
 * Importances of a boosted ensemble as XGBoost's `get_score`: "gain" = mean loss reduction per
 * split on the feature (XGBClassifier's `feature_importances_` default), "total_gain" = its sum,
 * "weight" = number of splits; normalised to sum 1 (all zeros when no tree splits).
 */
export function gainImportance(ensemble: TreeEnsemble, type: GainImportanceType = "gain"): Float64Array {
  const featureCount = ensemble.numFeature;
  const gain = new Float64Array(featureCount);
  const splits = new Float64Array(featureCount);
  for (const tree of ensemble.trees) {
    for (let node = 0; node < tree.leftChildren.length; node++) {
      if (tree.leftChildren[node] < 0) continue;
      const feature = tree.splitFeatures[node];
      gain[feature] += tree.lossChanges[node];
      splits[feature] += 1;
    }
  }
  const out = new Float64Array(featureCount);
  let total = 0;
  for (let f = 0; f < featureCount; f++) {
    out[f] =
      type === "weight"
        ? splits[f]
        : type === "total_gain"
          ? gain[f]
          : splits[f] > 0
            ? gain[f] / splits[f]
            : 0;
    total += out[f];
  }
  if (total > 0) for (let f = 0; f < featureCount; f++) out[f] /= total;
  return out;
}

/** Gain importances of gradient-boosted trees (default: XGBClassifier's defaults, 100 rounds). */
export function gradientBoostingRanker(
  options: GradientBoostedTreesOptions = {},
  type: GainImportanceType = "gain",
): NamedFeatureRanker {
  return {
    name: "gradient_boosting_gain",
    rank: (X, y, classCount, seed) => {
      const binary = classCount <= 2;
      const model = new GradientBoostedTrees({
        objective: binary ? "binary:logistic" : "multi:softprob",
        numClass: binary ? undefined : classCount,
        ...options,
        seed: options.seed ?? seed,
      });
      return gainImportance(model.fit(X, y).ensemble, type);
    },
  };
}

/**
 * Columns scaled to zero mean and unit (population) standard deviation, constant columns to 0:
 * linear coefficients are comparable across features only on a common scale.
 */
export function standardizeColumns(X: Matrix): Matrix {
  const { rows, cols, data } = X;
  const out = new Float64Array(data.length);
  for (let f = 0; f < cols; f++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += data[r * cols + f];
    const mean = rows > 0 ? sum / rows : 0;
    let squares = 0;
    for (let r = 0; r < rows; r++) squares += (data[r * cols + f] - mean) ** 2;
    const deviation = rows > 0 ? Math.sqrt(squares / rows) : 0;
    const scale = deviation > 0 ? 1 / deviation : 0;
    for (let r = 0; r < rows; r++) out[r * cols + f] = (data[r * cols + f] - mean) * scale;
  }
  return { data: out, rows, cols };
}

/** Σ over weight rows of |coefficient| per feature (scikit-learn's SelectFromModel norm for coef_). */
export function coefficientNorms(
  coef: Float64Array,
  parameterRows: number,
  featureCount: number,
): Float64Array {
  const out = new Float64Array(featureCount);
  for (let k = 0; k < parameterRows; k++)
    for (let f = 0; f < featureCount; f++) out[f] += Math.abs(coef[k * featureCount + f]);
  return out;
}

/** |coefficients| of a linear SVM (scikit-learn's LinearSVC defaults) on standardised columns. */
export function linearSvmRanker(options: LinearSVCOptions = {}): NamedFeatureRanker {
  return {
    name: "linear_svm",
    rank: (X, y, classCount, seed) => {
      const model = new LinearSVC({ ...options, seed: options.seed ?? seed }).fit(
        standardizeColumns(X),
        y,
        classCount,
      );
      return coefficientNorms(model.coef, model.parameterRows, X.cols);
    },
  };
}

/** |coefficients| of an L1- or L2-penalised logistic regression (C = 1) on standardised columns. */
export function logisticRegressionRanker(
  penalty: "l1" | "l2",
  options: Omit<LogisticRegressionOptions, "penalty"> = {},
): NamedFeatureRanker {
  return {
    name: `logistic_regression_${penalty}`,
    rank: (X, y, classCount, seed) => {
      const model = new LogisticRegression({ ...options, penalty, seed: options.seed ?? seed }).fit(
        standardizeColumns(X),
        y,
        classCount,
      );
      return coefficientNorms(model.coef, model.parameterRows, X.cols);
    },
  };
}

/**
 * The six relevance measures of scifAI's AutoFeatureSelection: mutual information, linear SVM
 * |coef|, random-forest importance, L1 and L2 logistic-regression |coef| and gradient-boosting gain.
 */
export function defaultFeatureRankers(): NamedFeatureRanker[] {
  return [
    mutualInformationRanker(),
    linearSvmRanker(),
    randomForestRanker(),
    logisticRegressionRanker("l1"),
    logisticRegressionRanker("l2"),
    gradientBoostingRanker(),
  ];
}
