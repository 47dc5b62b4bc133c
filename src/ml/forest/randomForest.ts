import { SeededRandom } from "../../util/random.js";
import type { Classifier, ClassifierState } from "../classifier.js";
import type { Matrix } from "../matrix.js";
import {
  type ClassificationTree,
  ClassificationTreeBuilder,
  leafOfRow,
  treeNodeCount,
} from "./classificationTree.js";
import { assertFiniteFloat32, rankColumns } from "./rankedColumns.js";

/** How features are drawn per split: sklearn's max_features. */
export type MaxFeatures = "sqrt" | "log2" | "all" | number;

/** Class weights: none, sklearn's "balanced" / "balanced_subsample", or one weight per class index. */
export type ClassWeight = null | "balanced" | "balanced_subsample" | number[];

/** Hyper-parameters with scikit-learn 1.2.1's names (camelCase) and RandomForestClassifier's defaults. */
export interface RandomForestOptions {
  /** Number of trees (default 100). */
  nEstimators?: number;
  /** Split criterion, as sklearn: "gini" (default), "entropy" or "log_loss" (the same as entropy). */
  criterion?: "gini" | "entropy" | "log_loss";
  /** Maximum depth; null (default) grows until leaves are pure or too small. */
  maxDepth?: number | null;
  /** Minimum samples to split a node: an integer ≥ 2, or a fraction in (0, 1) of the rows (default 2). */
  minSamplesSplit?: number;
  /** Minimum samples per leaf: an integer ≥ 1, or a fraction in (0, 0.5] of the rows (default 1). */
  minSamplesLeaf?: number;
  /** Features examined per split: "sqrt" (default), "log2", "all", an integer count or a fraction in (0, 1). */
  maxFeatures?: MaxFeatures;
  /** A split must decrease the weighted impurity by at least this much (default 0). */
  minImpurityDecrease?: number;
  /** Grow each tree on a bootstrap sample (default true); false uses every row once. */
  bootstrap?: boolean;
  /** Bootstrap sample size: null (default, = rows), an integer count or a fraction in (0, 1]. */
  maxSamples?: number | null;
  /** Class weights (default null: all classes weigh 1). */
  classWeight?: ClassWeight;
  /** Seed of the bootstrap samples and feature draws (default 0). */
  seed?: number;
}

type ResolvedOptions = Required<RandomForestOptions>;

/** A fitted forest's parameters. */
interface FittedForest {
  classCount: number;
  featureCount: number;
  trees: ClassificationTree[];
  importances: Float64Array;
}

function resolveOptions(options: RandomForestOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    nEstimators: options.nEstimators ?? 100,
    criterion: options.criterion ?? "gini",
    maxDepth: options.maxDepth ?? null,
    minSamplesSplit: options.minSamplesSplit ?? 2,
    minSamplesLeaf: options.minSamplesLeaf ?? 1,
    maxFeatures: options.maxFeatures ?? "sqrt",
    minImpurityDecrease: options.minImpurityDecrease ?? 0,
    bootstrap: options.bootstrap ?? true,
    maxSamples: options.maxSamples ?? null,
    classWeight: options.classWeight ?? null,
    seed: options.seed ?? 0,
  };
  const check = (ok: boolean, message: string) => {
    if (!ok) throw new RangeError(`RandomForest: ${message}`);
  };
  const r = resolved;
  check(Number.isInteger(r.nEstimators) && r.nEstimators >= 1, "nEstimators must be an integer ≥ 1");
  check(
    r.criterion === "gini" || r.criterion === "entropy" || r.criterion === "log_loss",
    `criterion must be "gini", "entropy" or "log_loss", got '${r.criterion}'`,
  );
  check(
    r.maxDepth === null || (Number.isInteger(r.maxDepth) && r.maxDepth >= 1),
    "maxDepth must be null or an integer ≥ 1",
  );
  check(
    (Number.isInteger(r.minSamplesSplit) && r.minSamplesSplit >= 2) ||
      (r.minSamplesSplit > 0 && r.minSamplesSplit < 1),
    "minSamplesSplit must be an integer ≥ 2 or a fraction in (0, 1)",
  );
  check(
    (Number.isInteger(r.minSamplesLeaf) && r.minSamplesLeaf >= 1) ||
      (r.minSamplesLeaf > 0 && r.minSamplesLeaf <= 0.5),
    "minSamplesLeaf must be an integer ≥ 1 or a fraction in (0, 0.5]",
  );
  const mf = r.maxFeatures;
  check(
    mf === "sqrt" ||
      mf === "log2" ||
      mf === "all" ||
      (typeof mf === "number" && mf > 0 && (Number.isInteger(mf) || mf < 1)),
    'maxFeatures must be "sqrt", "log2", "all", an integer ≥ 1 or a fraction in (0, 1)',
  );
  check(r.minImpurityDecrease >= 0, "minImpurityDecrease must be ≥ 0");
  check(
    r.maxSamples === null || (r.maxSamples > 0 && (Number.isInteger(r.maxSamples) || r.maxSamples <= 1)),
    "maxSamples must be null, an integer ≥ 1 or a fraction in (0, 1]",
  );
  check(
    r.classWeight === null ||
      r.classWeight === "balanced" ||
      r.classWeight === "balanced_subsample" ||
      (Array.isArray(r.classWeight) && r.classWeight.every((w) => Number.isFinite(w) && w >= 0)),
    'classWeight must be null, "balanced", "balanced_subsample" or an array of weights ≥ 0',
  );
  check(Number.isFinite(r.seed), "seed must be a finite number");
  return resolved;
}

/** sklearn's resolution of max_features for `featureCount` columns. */
export function resolveMaxFeatures(maxFeatures: MaxFeatures, featureCount: number): number {
  if (maxFeatures === "sqrt") return Math.max(1, Math.floor(Math.sqrt(featureCount)));
  if (maxFeatures === "log2") return Math.max(1, Math.floor(Math.log2(featureCount)));
  if (maxFeatures === "all") return featureCount;
  if (Number.isInteger(maxFeatures)) {
    if (maxFeatures > featureCount)
      throw new RangeError(`RandomForest: maxFeatures ${maxFeatures} exceeds the ${featureCount} features`);
    return maxFeatures;
  }
  return Math.max(1, Math.floor(maxFeatures * featureCount));
}

// sklearn's compute_class_weight("balanced") for the labels listed in rows (with repeats):
// n / (classes present × count of the class); absent classes weigh 0.
function balancedWeights(
  labels: Int32Array,
  classCount: number,
  rows: ArrayLike<number> | null,
  rowCount: number,
): Float64Array {
  const counts = new Float64Array(classCount);
  for (let i = 0; i < rowCount; i++) counts[labels[rows ? rows[i] : i]]++;
  let present = 0;
  for (let c = 0; c < classCount; c++) if (counts[c] > 0) present++;
  const weights = new Float64Array(classCount);
  for (let c = 0; c < classCount; c++) weights[c] = counts[c] > 0 ? rowCount / (present * counts[c]) : 0;
  return weights;
}

function toNumbers(array: ArrayLike<number>): number[] {
  return Array.from(array);
}

/**
 * Random forest classifier with scikit-learn 1.2.1 RandomForestClassifier semantics: bootstrap
 * samples as integer weights, best-split CART trees on Gini or entropy with a random subset of features per
 * split (sklearn's constant-feature bookkeeping included), thresholds at midpoints of float32
 * values, predict_proba as the mean of the trees' leaf class fractions, and impurity importances
 * normalised as `feature_importances_`. Splits are exact (no binning). Deterministic for a seed;
 * the random stream is the project's PRNG, so trees differ from sklearn's while their quality
 * matches. Like sklearn 1.2, NaN and infinite values are rejected with an error.
 */
export class RandomForest implements Classifier {
  readonly kind = "rf" as const;
  readonly options: ResolvedOptions;
  private fitted: FittedForest | null = null;

  /** Validates and stores the hyper-parameters; throws a RangeError on an invalid one. */
  constructor(options: RandomForestOptions = {}) {
    this.options = resolveOptions(options);
  }

  /** Rebuilds a fitted forest from {@link RandomForest.toJSON}'s output. */
  static fromJSON(state: ClassifierState): RandomForest {
    if (state.kind !== "rf")
      throw new Error(`RandomForest.fromJSON: expected kind "rf", got "${state.kind}"`);
    const forest = new RandomForest(state.options as RandomForestOptions);
    const fitted = state.fitted as {
      classCount: number;
      featureCount: number;
      featureImportances: number[];
      trees: Record<keyof ClassificationTree, number[]>[];
    };
    if (fitted && Array.isArray(fitted.trees)) {
      forest.fitted = {
        classCount: fitted.classCount,
        featureCount: fitted.featureCount,
        importances: Float64Array.from(fitted.featureImportances),
        trees: fitted.trees.map((tree) => ({
          leftChildren: Int32Array.from(tree.leftChildren),
          rightChildren: Int32Array.from(tree.rightChildren),
          features: Int32Array.from(tree.features),
          thresholds: Float64Array.from(tree.thresholds),
          nodeWeights: Float64Array.from(tree.nodeWeights),
          impurities: Float64Array.from(tree.impurities),
          leafIndices: Int32Array.from(tree.leafIndices),
          leafProbabilities: Float64Array.from(tree.leafProbabilities),
        })),
      };
    }
    return forest;
  }

  /** The fitted trees (read-only use: TreeSHAP, inspection); throws before fit. */
  get trees(): readonly ClassificationTree[] {
    return this.model().trees;
  }

  /** Number of classes the forest predicts (its fit's classCount); throws before fit. */
  get classCount(): number {
    return this.model().classCount;
  }

  /**
   * Grows the trees on X (rows × features, finite values) and class indices y in
   * [0, classCount); classes absent from y get probability 0. `options.validation` is ignored.
   * Throws a RangeError on NaN/∞, mismatched lengths, zero rows or labels out of range.
   */
  fit(X: Matrix, y: Int32Array, classCount: number): this {
    const o = this.options;
    if (y.length !== X.rows)
      throw new RangeError(`RandomForest: X has ${X.rows} rows but y has ${y.length} labels`);
    if (X.rows === 0) throw new RangeError("RandomForest: cannot fit on zero rows");
    if (X.cols === 0) throw new RangeError("RandomForest: cannot fit on zero features");
    if (!Number.isInteger(classCount) || classCount < 1)
      throw new RangeError(`RandomForest: classCount must be an integer ≥ 1, got ${classCount}`);
    for (let i = 0; i < y.length; i++)
      if (!(y[i] >= 0 && y[i] < classCount))
        throw new RangeError(`RandomForest: label ${y[i]} of row ${i} is outside [0, ${classCount})`);
    if (Array.isArray(o.classWeight) && o.classWeight.length !== classCount)
      throw new RangeError(
        `RandomForest: classWeight has ${o.classWeight.length} weights for ${classCount} classes`,
      );

    const n = X.rows;
    const p = X.cols;
    const columns = rankColumns(X);
    const minSamplesLeaf = Number.isInteger(o.minSamplesLeaf)
      ? o.minSamplesLeaf
      : Math.ceil(o.minSamplesLeaf * n);
    const minSamplesSplit = Number.isInteger(o.minSamplesSplit)
      ? o.minSamplesSplit
      : Math.max(2, Math.ceil(o.minSamplesSplit * n));
    const builder = new ClassificationTreeBuilder(columns, y, classCount, {
      maxDepth: o.maxDepth ?? Number.POSITIVE_INFINITY,
      minSamplesSplit: Math.max(minSamplesSplit, 2 * minSamplesLeaf),
      minSamplesLeaf,
      maxFeatures: resolveMaxFeatures(o.maxFeatures, p),
      minImpurityDecrease: o.minImpurityDecrease,
      criterion: o.criterion === "gini" ? "gini" : "entropy",
    });
    const bootstrapSize =
      o.maxSamples === null
        ? n
        : Number.isInteger(o.maxSamples)
          ? o.maxSamples
          : Math.max(1, Math.round(o.maxSamples * n));
    if (o.bootstrap && bootstrapSize > n)
      throw new RangeError(`RandomForest: maxSamples ${bootstrapSize} exceeds the ${n} rows`);

    let classWeights: Float64Array | null = null;
    if (o.classWeight === "balanced") classWeights = balancedWeights(y, classCount, null, n);
    else if (Array.isArray(o.classWeight)) classWeights = Float64Array.from(o.classWeight);

    const forestRandom = new SeededRandom(o.seed);
    const weights = new Float64Array(n);
    const drawn = new Uint32Array(bootstrapSize);
    const treeImportances = new Float64Array(p);
    const importances = new Float64Array(p);
    let treesWithSplits = 0;
    const trees: ClassificationTree[] = [];
    for (let t = 0; t < o.nEstimators; t++) {
      // Every tree has its own stream, so a tree depends only on the seed and its index.
      const random = new SeededRandom(forestRandom.nextUint32());
      if (o.bootstrap) {
        weights.fill(0);
        for (let i = 0; i < bootstrapSize; i++) {
          const row = random.integer(n);
          drawn[i] = row;
          weights[row] += 1;
        }
      } else weights.fill(1);
      if (classWeights) for (let r = 0; r < n; r++) weights[r] *= classWeights[y[r]];
      if (o.classWeight === "balanced_subsample") {
        const subsample = o.bootstrap
          ? balancedWeights(y, classCount, drawn, bootstrapSize)
          : balancedWeights(y, classCount, null, n);
        for (let r = 0; r < n; r++) weights[r] *= subsample[y[r]];
      }
      treeImportances.fill(0);
      const tree = builder.grow(weights, random, treeImportances);
      trees.push(tree);
      if (treeNodeCount(tree) > 1) {
        // sklearn: per tree, divide by the root weight, then normalise to sum 1.
        let sum = 0;
        for (let f = 0; f < p; f++) sum += treeImportances[f] / tree.nodeWeights[0];
        if (sum > 0)
          for (let f = 0; f < p; f++) importances[f] += treeImportances[f] / tree.nodeWeights[0] / sum;
        treesWithSplits++;
      }
    }
    if (treesWithSplits > 0) {
      let total = 0;
      for (let f = 0; f < p; f++) {
        importances[f] /= treesWithSplits;
        total += importances[f];
      }
      if (total > 0) for (let f = 0; f < p; f++) importances[f] /= total;
    }
    this.fitted = { classCount, featureCount: p, trees, importances };
    return this;
  }

  /** Mean of the trees' leaf class fractions, rows × classCount row-major; throws on NaN/∞ or a wrong width. */
  predictProba(X: Matrix): Float64Array {
    const { trees, classCount, featureCount } = this.model();
    if (X.cols !== featureCount)
      throw new RangeError(
        `RandomForest: the forest was fitted on ${featureCount} features, X has ${X.cols}`,
      );
    assertFiniteFloat32(X, "RandomForest");
    const out = new Float64Array(X.rows * classCount);
    const data = X.data;
    for (const tree of trees) {
      const leafIndices = tree.leafIndices;
      const probabilities = tree.leafProbabilities;
      for (let r = 0; r < X.rows; r++) {
        const at = leafIndices[leafOfRow(tree, data, r * X.cols)] * classCount;
        const target = r * classCount;
        for (let c = 0; c < classCount; c++) out[target + c] += probabilities[at + c];
      }
    }
    const treeCount = trees.length;
    for (let i = 0; i < out.length; i++) out[i] /= treeCount;
    return out;
  }

  /** The most probable class per row (the lowest class index on ties). */
  predict(X: Matrix): Int32Array {
    const probabilities = this.predictProba(X);
    const classCount = this.model().classCount;
    const out = new Int32Array(X.rows);
    for (let r = 0; r < X.rows; r++) {
      let best = 0;
      const at = r * classCount;
      for (let c = 1; c < classCount; c++) if (probabilities[at + c] > probabilities[at + best]) best = c;
      out[r] = best;
    }
    return out;
  }

  /** Impurity (Gini or entropy) importances: mean over the trees that split of their normalised impurity decreases, summing to 1 (all zero when no tree split). */
  featureImportances(): Float64Array {
    return this.model().importances.slice();
  }

  /** The forest as plain JSON data (every tree's arrays); {@link RandomForest.fromJSON} restores it exactly. */
  toJSON(): ClassifierState {
    const fitted = this.fitted;
    return {
      kind: "rf",
      options: {
        ...this.options,
        classWeight: Array.isArray(this.options.classWeight)
          ? [...this.options.classWeight]
          : this.options.classWeight,
      },
      fitted: fitted
        ? {
            classCount: fitted.classCount,
            featureCount: fitted.featureCount,
            featureImportances: toNumbers(fitted.importances),
            trees: fitted.trees.map((tree) => ({
              leftChildren: toNumbers(tree.leftChildren),
              rightChildren: toNumbers(tree.rightChildren),
              features: toNumbers(tree.features),
              thresholds: toNumbers(tree.thresholds),
              nodeWeights: toNumbers(tree.nodeWeights),
              impurities: toNumbers(tree.impurities),
              leafIndices: toNumbers(tree.leafIndices),
              leafProbabilities: toNumbers(tree.leafProbabilities),
            })),
          }
        : {},
    };
  }

  private model(): FittedForest {
    if (!this.fitted) throw new Error("RandomForest: call fit() first");
    return this.fitted;
  }
}
