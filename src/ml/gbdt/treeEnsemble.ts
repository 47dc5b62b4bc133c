import type { Matrix } from "../matrix.js";
import { baseMarginOf, type GbdtObjective, transformMargins } from "./objectives.js";

/**
 * One regression tree in XGBoost's node layout (node 0 is the root; children come after their
 * parent). Values are float32 as XGBoost stores them. A row goes left when its feature value,
 * rounded to float32, is `< splitConditions[node]`; a missing value (NaN) follows `defaultLeft`.
 */
export interface RegressionTree {
  /** Left child per node, −1 for a leaf. */
  leftChildren: Int32Array;
  /** Right child per node, −1 for a leaf. */
  rightChildren: Int32Array;
  /** Parent per node, −1 for the root. */
  parents: Int32Array;
  /** Feature compared at an internal node (0 at leaves). */
  splitFeatures: Int32Array;
  /** Threshold of an internal node; the leaf value (learning rate applied) at a leaf. */
  splitConditions: Float32Array;
  /** 1 when a missing value goes to the left child. */
  defaultLeft: Uint8Array;
  /** XGBoost's `base_weights`: the node's unscaled weight −G/(H+λ) (the leaf value at leaves). */
  baseWeights: Float32Array;
  /** Gain of the split (0 at leaves). */
  lossChanges: Float32Array;
  /** Sum of hessians of the training rows through the node (the cover TreeSHAP uses). */
  sumHessians: Float32Array;
}

/** A boosted ensemble of regression trees with XGBoost 1.7 semantics (gbtree booster). */
export interface TreeEnsemble {
  objective: GbdtObjective;
  /** Number of classes for multi:softprob; 0 otherwise (as XGBoost's `num_class`). */
  numClass: number;
  /** Number of input columns. */
  numFeature: number;
  /** XGBoost's `base_score` (a probability for binary:logistic). */
  baseScore: number;
  trees: RegressionTree[];
  /** Output group (class) of every tree, XGBoost's `tree_info`. */
  treeGroups: Int32Array;
  /** Column names, when known. */
  featureNames?: string[];
  /** Free-form string attributes kept in the model file (e.g. best_iteration). */
  attributes?: Record<string, string>;
}

/** Number of margins per row: the class count for multi:softprob, otherwise 1. */
export function outputGroupsOf(ensemble: Pick<TreeEnsemble, "objective" | "numClass">): number {
  return ensemble.objective === "multi:softprob" ? ensemble.numClass : 1;
}

/** Number of nodes of a tree. */
export function nodeCountOf(tree: RegressionTree): number {
  return tree.leftChildren.length;
}

/** Depth of a tree: 0 for a single leaf. */
export function treeDepthOf(tree: RegressionTree): number {
  const depth = new Int32Array(nodeCountOf(tree));
  let deepest = 0;
  // Children always have larger indices than their parent in XGBoost's layout, but loaded files
  // need not guarantee it, so walk from the root.
  const stack = [0];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const left = tree.leftChildren[node];
    if (left < 0) continue;
    const right = tree.rightChildren[node];
    depth[left] = depth[right] = depth[node] + 1;
    if (depth[left] > deepest) deepest = depth[left];
    stack.push(left, right);
  }
  return deepest;
}

/** An empty tree with `nodeCount` nodes (all leaves of value 0). */
export function allocateTree(nodeCount: number): RegressionTree {
  return {
    leftChildren: new Int32Array(nodeCount).fill(-1),
    rightChildren: new Int32Array(nodeCount).fill(-1),
    parents: new Int32Array(nodeCount).fill(-1),
    splitFeatures: new Int32Array(nodeCount),
    splitConditions: new Float32Array(nodeCount),
    defaultLeft: new Uint8Array(nodeCount),
    baseWeights: new Float32Array(nodeCount),
    lossChanges: new Float32Array(nodeCount),
    sumHessians: new Float32Array(nodeCount),
  };
}

/** The leaf a row (already rounded to float32, NaN = missing) falls into. */
export function leafIndexOf(tree: RegressionTree, row: Float32Array | Float64Array, offset = 0): number {
  const left = tree.leftChildren;
  let node = 0;
  while (left[node] >= 0) {
    const value = row[offset + tree.splitFeatures[node]];
    if (Number.isNaN(value)) node = tree.defaultLeft[node] === 1 ? left[node] : tree.rightChildren[node];
    else node = value < tree.splitConditions[node] ? left[node] : tree.rightChildren[node];
  }
  return node;
}

/** Options of the ensemble's predictions. */
export interface PredictOptions {
  /** Use only the first trees (default all). */
  treeLimit?: number;
  /**
   * Accumulate the trees' values in float64 instead of XGBoost's float32 (for exact additivity
   * checks against SHAP values, which are computed in float64).
   */
  float64Sums?: boolean;
}

/**
 * Raw margins (rows × groups) of the ensemble, accumulated tree by tree from the base margin in
 * float32 exactly like XGBoost's CPU predictor (unless `float64Sums`). Features are rounded to
 * float32 before each comparison; NaN is missing. Throws when X has fewer columns than the model.
 */
export function predictEnsembleMargins(
  ensemble: TreeEnsemble,
  X: Matrix,
  options: PredictOptions = {},
): Float64Array {
  if (X.cols < ensemble.numFeature)
    throw new RangeError(`the model needs ${ensemble.numFeature} features, the matrix has ${X.cols}`);
  const groups = outputGroupsOf(ensemble);
  const trees = ensemble.trees;
  const treeCount = Math.min(options.treeLimit ?? trees.length, trees.length);
  const base = baseMarginOf(ensemble.objective, ensemble.baseScore);
  const out = new Float64Array(X.rows * groups);
  const row = new Float32Array(X.cols);
  const sums = options.float64Sums ? new Float64Array(groups) : new Float32Array(groups);
  const treeGroups = ensemble.treeGroups;
  for (let r = 0; r < X.rows; r++) {
    row.set(X.data.subarray(r * X.cols, (r + 1) * X.cols));
    sums.fill(base);
    for (let t = 0; t < treeCount; t++) {
      const tree = trees[t];
      sums[treeGroups[t]] += tree.splitConditions[leafIndexOf(tree, row)];
    }
    for (let g = 0; g < groups; g++) out[r * groups + g] = sums[g];
  }
  return out;
}

/**
 * Predictions of the ensemble (rows × groups): class probabilities for multi:softprob, the
 * probability of class 1 for binary:logistic, values for regression (float32 like XGBoost).
 */
export function predictEnsemble(
  ensemble: TreeEnsemble,
  X: Matrix,
  options: PredictOptions = {},
): Float64Array {
  const margins = predictEnsembleMargins(ensemble, X, options);
  transformMargins(ensemble.objective, margins, outputGroupsOf(ensemble));
  return margins;
}

/** A deep copy of a tree. */
export function cloneTree(tree: RegressionTree): RegressionTree {
  return {
    leftChildren: tree.leftChildren.slice(),
    rightChildren: tree.rightChildren.slice(),
    parents: tree.parents.slice(),
    splitFeatures: tree.splitFeatures.slice(),
    splitConditions: tree.splitConditions.slice(),
    defaultLeft: tree.defaultLeft.slice(),
    baseWeights: tree.baseWeights.slice(),
    lossChanges: tree.lossChanges.slice(),
    sumHessians: tree.sumHessians.slice(),
  };
}
