import { SeededRandom } from "../../util/random.js";
import type { Matrix } from "../matrix.js";
import { binMatrix } from "./binnedMatrix.js";
import { type EvaluationMetric, evaluateMetric } from "./evaluationMetrics.js";
import {
  baseMarginOf,
  checkLabels,
  computeGradients,
  GBDT_OBJECTIVES,
  type GbdtObjective,
  isClassification,
  transformMargins,
} from "./objectives.js";
import { computeHistogramCuts } from "./quantileCuts.js";
import {
  leafIndexOf,
  outputGroupsOf,
  predictEnsembleMargins,
  type RegressionTree,
  type TreeEnsemble,
} from "./treeEnsemble.js";
import { type GrownTree, TreeGrower } from "./treeGrower.js";

/** Hyper-parameters with XGBoost's names (camelCase) and XGBoost 1.7's defaults. */
export interface GradientBoostedTreesOptions {
  /** Learning task (default "multi:softprob"). */
  objective?: GbdtObjective;
  /** Classes of multi:softprob (default: largest label + 1). */
  numClass?: number;
  /** Boosting rounds (default 100); multi:softprob grows one tree per class per round. */
  nEstimators?: number;
  /** Maximum tree depth (default 6). */
  maxDepth?: number;
  /** Shrinkage eta applied to every leaf (default 0.3). */
  learningRate?: number;
  /** Minimum hessian sum in a child (default 1). */
  minChildWeight?: number;
  /** L2 regularisation of leaf weights (default 1). */
  lambda?: number;
  /** L1 regularisation of leaf weights (default 0). */
  alpha?: number;
  /** Minimum loss reduction to split, min_split_loss (default 0). */
  gamma?: number;
  /** Fraction of rows drawn (Bernoulli) for every tree (default 1). */
  subsample?: number;
  /** Fraction of columns drawn for every tree (default 1). */
  colsampleByTree?: number;
  /** Maximum histogram bins per feature (default 256). */
  maxBin?: number;
  /** Initial prediction, XGBoost 1.7's base_score (default 0.5). */
  baseScore?: number;
  /** Seed of the row and column sampling (default 0). */
  seed?: number;
  /** Stop when the validation metric has not improved for this many rounds (needs a validation set). */
  earlyStoppingRounds?: number;
  /** Validation metric (default mlogloss / logloss / rmse by objective). */
  evalMetric?: EvaluationMetric;
  /** Column names stored in saved models. */
  featureNames?: string[];
}

/** Data passed to {@link GradientBoostedTrees.fit} besides the training set. */
export interface FitOptions {
  /** Evaluated after every round; drives early stopping. */
  validation?: { X: Matrix; y: ArrayLike<number> };
}

type ResolvedOptions = Required<
  Omit<GradientBoostedTreesOptions, "numClass" | "earlyStoppingRounds" | "featureNames">
> & {
  numClass?: number;
  earlyStoppingRounds?: number;
  featureNames?: string[];
};

const DEFAULT_METRIC: Record<GbdtObjective, EvaluationMetric> = {
  "multi:softprob": "mlogloss",
  "binary:logistic": "logloss",
  "reg:squarederror": "rmse",
};

function resolveOptions(options: GradientBoostedTreesOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    objective: options.objective ?? "multi:softprob",
    numClass: options.numClass,
    nEstimators: options.nEstimators ?? 100,
    maxDepth: options.maxDepth ?? 6,
    learningRate: options.learningRate ?? 0.3,
    minChildWeight: options.minChildWeight ?? 1,
    lambda: options.lambda ?? 1,
    alpha: options.alpha ?? 0,
    gamma: options.gamma ?? 0,
    subsample: options.subsample ?? 1,
    colsampleByTree: options.colsampleByTree ?? 1,
    maxBin: options.maxBin ?? 256,
    baseScore: options.baseScore ?? 0.5,
    seed: options.seed ?? 0,
    earlyStoppingRounds: options.earlyStoppingRounds,
    evalMetric: options.evalMetric ?? DEFAULT_METRIC[options.objective ?? "multi:softprob"],
    featureNames: options.featureNames,
  };
  const check = (ok: boolean, message: string) => {
    if (!ok) throw new RangeError(message);
  };
  check(GBDT_OBJECTIVES.includes(resolved.objective), `unknown objective '${resolved.objective}'`);
  check(
    Number.isInteger(resolved.nEstimators) && resolved.nEstimators >= 0,
    "nEstimators must be an integer ≥ 0",
  );
  check(Number.isInteger(resolved.maxDepth) && resolved.maxDepth >= 1, "maxDepth must be an integer ≥ 1");
  check(resolved.learningRate >= 0, "learningRate must be ≥ 0");
  check(resolved.minChildWeight >= 0, "minChildWeight must be ≥ 0");
  check(resolved.lambda >= 0, "lambda must be ≥ 0");
  check(resolved.alpha >= 0, "alpha must be ≥ 0");
  check(resolved.gamma >= 0, "gamma must be ≥ 0");
  check(resolved.subsample > 0 && resolved.subsample <= 1, "subsample must lie in (0, 1]");
  check(resolved.colsampleByTree > 0 && resolved.colsampleByTree <= 1, "colsampleByTree must lie in (0, 1]");
  check(Number.isInteger(resolved.maxBin) && resolved.maxBin >= 2, "maxBin must be an integer ≥ 2");
  check(Number.isFinite(resolved.baseScore), "baseScore must be finite");
  if (resolved.earlyStoppingRounds !== undefined)
    check(
      Number.isInteger(resolved.earlyStoppingRounds) && resolved.earlyStoppingRounds >= 1,
      "earlyStoppingRounds must be an integer ≥ 1",
    );
  return resolved;
}

// XGBoost's subsample: every row is kept with probability `fraction`, independently per tree.
function drawRows(random: SeededRandom, rows: number, fraction: number, out: Uint32Array): Uint32Array {
  let count = 0;
  for (let r = 0; r < rows; r++) if (random.uniform() < fraction) out[count++] = r;
  return out.subarray(0, count);
}

// XGBoost's colsample_bytree: max(1, ⌊fraction × columns⌋) distinct columns, ascending.
function drawColumns(random: SeededRandom, columns: number, fraction: number): Int32Array {
  const count = Math.max(1, Math.floor(Math.fround(fraction) * columns));
  return Int32Array.from(random.sampleIndices(columns, count)).sort();
}

// Adds a new tree of group k to the training margins: sampled rows through the leaves they
// reached while growing (XGBoost's prediction cache), the others through their bin codes.
function addToTrainingMargins(
  grower: TreeGrower,
  grown: GrownTree,
  sample: Uint32Array | null,
  margins: Float32Array,
  groups: number,
  k: number,
): void {
  const tree = grown.tree;
  for (let node = 0; node < tree.leftChildren.length; node++) {
    if (tree.leftChildren[node] >= 0) continue;
    const value = tree.splitConditions[node];
    for (let i = grown.rowBegin[node]; i < grown.rowEnd[node]; i++)
      margins[grower.rowIndex[i] * groups + k] += value;
  }
  if (!sample) return;
  let next = 0;
  for (let r = 0; r < margins.length / groups; r++) {
    if (next < sample.length && sample[next] === r) {
      next++;
      continue;
    }
    margins[r * groups + k] += tree.splitConditions[grower.leafOfRow(grown, r)];
  }
}

// Adds a tree of group k to float32 margins of X (rows × groups); `row` is a scratch row.
function addToMargins(
  tree: RegressionTree,
  X: Matrix,
  margins: Float32Array,
  groups: number,
  k: number,
  row: Float32Array,
): void {
  for (let r = 0; r < X.rows; r++) {
    row.set(X.data.subarray(r * X.cols, (r + 1) * X.cols));
    margins[r * groups + k] += tree.splitConditions[leafIndexOf(tree, row)];
  }
}

/**
 * Gradient-boosted decision trees with XGBoost 1.7 semantics (gbtree booster, tree_method
 * "hist", depth-wise growth): quantile-binned features, second-order split gains with λ, α, γ
 * and min_child_weight, learned default directions for missing values (NaN), row and column
 * subsampling, and early stopping on a validation set that keeps the best iteration. Models
 * save to XGBoost's JSON format (see `ml/xgboost`), and XGBoost predicts them identically.
 */
export class GradientBoostedTrees {
  readonly options: ResolvedOptions;
  private model: TreeEnsemble | null = null;
  /** Validation metric after every round of the last fit (empty without a validation set). */
  evaluationHistory: number[] = [];
  /** Round (0-based) with the best validation metric, when a validation set was given. */
  bestIteration: number | undefined;
  /** Validation metric at the best iteration. */
  bestScore: number | undefined;

  /** Validates and stores the hyper-parameters; throws a RangeError on an invalid one. */
  constructor(options: GradientBoostedTreesOptions = {}) {
    this.options = resolveOptions(options);
  }

  /** Wraps an ensemble (e.g. a loaded XGBoost model) so that it predicts with this API. */
  static fromEnsemble(ensemble: TreeEnsemble): GradientBoostedTrees {
    const model = new GradientBoostedTrees({
      objective: ensemble.objective,
      numClass: ensemble.numClass || undefined,
      baseScore: ensemble.baseScore,
      featureNames: ensemble.featureNames,
    });
    model.model = ensemble;
    return model;
  }

  /** The fitted ensemble; throws before fit. */
  get ensemble(): TreeEnsemble {
    if (!this.model) throw new Error("GradientBoostedTrees: call fit() first");
    return this.model;
  }

  /** Number of boosting rounds in the fitted model. */
  get rounds(): number {
    const ensemble = this.ensemble;
    return ensemble.trees.length / outputGroupsOf(ensemble);
  }

  /**
   * Trains on X (rows × features, NaN = missing) and y (class index, 0/1 or value per row).
   * With `validation`, the metric is recorded each round; with earlyStoppingRounds as well,
   * training stops after that many rounds without improvement and the model is cut back to the
   * best round. Returns this.
   */
  fit(X: Matrix, y: ArrayLike<number>, fitOptions: FitOptions = {}): this {
    const o = this.options;
    if (y.length !== X.rows) throw new RangeError(`X has ${X.rows} rows but y has ${y.length} labels`);
    if (X.rows === 0) throw new RangeError("cannot fit on zero rows");
    if (o.featureNames && o.featureNames.length !== X.cols)
      throw new RangeError(`featureNames has ${o.featureNames.length} names for ${X.cols} columns`);
    const labels = Float64Array.from(y);
    const numClass = checkLabels(o.objective, labels, o.numClass);
    const groups = o.objective === "multi:softprob" ? numClass : 1;
    const validation = fitOptions.validation;
    if (o.earlyStoppingRounds !== undefined && !validation)
      throw new RangeError("earlyStoppingRounds needs a validation set: fit(X, y, { validation: { X, y } })");
    let validationLabels: Float64Array | null = null;
    if (validation) {
      if (validation.y.length !== validation.X.rows)
        throw new RangeError(`validation X has ${validation.X.rows} rows but y has ${validation.y.length}`);
      if (validation.X.cols !== X.cols)
        throw new RangeError(`validation X has ${validation.X.cols} columns, training X has ${X.cols}`);
      validationLabels = Float64Array.from(validation.y);
      checkLabels(o.objective, validationLabels, numClass || undefined);
    }

    const fround = Math.fround;
    const parameters = {
      maxDepth: o.maxDepth,
      learningRate: fround(o.learningRate),
      gamma: fround(o.gamma),
      lambda: fround(o.lambda),
      alpha: fround(o.alpha),
      minChildWeight: fround(o.minChildWeight),
    };
    const binned = binMatrix(X, computeHistogramCuts(X, o.maxBin));
    const grower = new TreeGrower(binned, parameters);
    const random = new SeededRandom(o.seed);
    const rows = X.rows;
    const baseMargin = baseMarginOf(o.objective, o.baseScore);
    const margins = new Float32Array(rows * groups).fill(baseMargin);
    const gradients = new Float32Array(rows * groups);
    const hessians = new Float32Array(rows * groups);
    const gradientPairs = new Float64Array(2 * rows);
    const softmaxRow = new Float64Array(groups);
    const sampledRows = new Uint32Array(rows);
    const trees: RegressionTree[] = [];
    const treeGroups: number[] = [];

    const validationMargins = validation
      ? new Float32Array(validation.X.rows * groups).fill(baseMargin)
      : null;
    const validationRow = new Float32Array(X.cols);
    const validationPredictions = validation ? new Float64Array(validation.X.rows * groups) : null;
    this.evaluationHistory = [];
    this.bestIteration = undefined;
    this.bestScore = undefined;
    let roundsSinceBest = 0;

    for (let round = 0; round < o.nEstimators; round++) {
      computeGradients(o.objective, margins, labels, groups, gradients, hessians, softmaxRow);
      for (let k = 0; k < groups; k++) {
        for (let r = 0; r < rows; r++) {
          gradientPairs[2 * r] = gradients[r * groups + k];
          gradientPairs[2 * r + 1] = hessians[r * groups + k];
        }
        const sample = o.subsample < 1 ? drawRows(random, rows, o.subsample, sampledRows) : null;
        const features = o.colsampleByTree < 1 ? drawColumns(random, X.cols, o.colsampleByTree) : null;
        const grown = grower.grow(gradientPairs, sample, features);
        addToTrainingMargins(grower, grown, sample, margins, groups, k);
        trees.push(grown.tree);
        treeGroups.push(k);
        if (validation && validationMargins)
          addToMargins(grown.tree, validation.X, validationMargins, groups, k, validationRow);
      }
      if (validation && validationLabels && validationMargins && validationPredictions) {
        validationPredictions.set(validationMargins);
        transformMargins(o.objective, validationPredictions, groups);
        const score = evaluateMetric(o.evalMetric, validationPredictions, validationLabels, groups);
        this.evaluationHistory.push(score);
        if (this.bestScore === undefined || score < this.bestScore) {
          this.bestScore = score;
          this.bestIteration = round;
          roundsSinceBest = 0;
        } else {
          roundsSinceBest++;
        }
        if (o.earlyStoppingRounds !== undefined && roundsSinceBest >= o.earlyStoppingRounds) break;
      }
    }

    let keptTrees = trees.length;
    if (o.earlyStoppingRounds !== undefined && this.bestIteration !== undefined)
      keptTrees = (this.bestIteration + 1) * groups;
    const keptRounds = keptTrees / groups;
    this.model = {
      objective: o.objective,
      numClass: o.objective === "multi:softprob" ? numClass : 0,
      numFeature: X.cols,
      baseScore: o.baseScore,
      trees: trees.slice(0, keptTrees),
      treeGroups: Int32Array.from(treeGroups.slice(0, keptTrees)),
      attributes: {
        best_iteration: String(Math.max(0, keptRounds - 1)),
        best_ntree_limit: String(keptRounds),
      },
    };
    if (o.featureNames) this.model.featureNames = [...o.featureNames];
    return this;
  }

  /** Raw margins, rows × groups (groups = classes for multi:softprob, else 1), float32-exact like XGBoost. */
  predictMargin(X: Matrix): Float64Array {
    return predictEnsembleMargins(this.ensemble, X);
  }

  /**
   * Class probabilities, rows × classes (binary:logistic gives [1 − p, p] per row); throws for
   * regression.
   */
  predictProba(X: Matrix): Float64Array {
    const ensemble = this.ensemble;
    if (!isClassification(ensemble.objective))
      throw new Error("predictProba needs a classification objective");
    const margins = predictEnsembleMargins(ensemble, X);
    transformMargins(ensemble.objective, margins, outputGroupsOf(ensemble));
    if (ensemble.objective === "multi:softprob") return margins;
    const out = new Float64Array(2 * X.rows);
    for (let r = 0; r < X.rows; r++) {
      out[2 * r] = Math.fround(1 - margins[r]);
      out[2 * r + 1] = margins[r];
    }
    return out;
  }

  /**
   * The predicted class index per row (the most probable class, the first on ties) for
   * classification, the predicted value for regression.
   */
  predict(X: Matrix): Float64Array {
    const ensemble = this.ensemble;
    if (!isClassification(ensemble.objective)) return this.predictMargin(X);
    const probabilities = this.predictProba(X);
    const classes = probabilities.length / Math.max(1, X.rows);
    const out = new Float64Array(X.rows);
    for (let r = 0; r < X.rows; r++) {
      let best = 0;
      for (let k = 1; k < classes; k++)
        if (probabilities[r * classes + k] > probabilities[r * classes + best]) best = k;
      out[r] = best;
    }
    return out;
  }
}
