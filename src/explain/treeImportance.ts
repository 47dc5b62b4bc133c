import type { TreeEnsemble } from "../ml/gbdt/treeEnsemble.js";

/** XGBoost's importance types of `Booster.get_score`. */
export type TreeImportanceType = "weight" | "gain" | "cover" | "total_gain" | "total_cover";

/** Every {@link TreeImportanceType}, in the order the importance tables list them. */
export const TREE_IMPORTANCE_TYPES: readonly TreeImportanceType[] = [
  "weight",
  "gain",
  "cover",
  "total_gain",
  "total_cover",
];

/**
 * Importance of every feature from the trees' splits, as XGBoost 1.7's `Booster.get_score`:
 * "weight" = number of splits on the feature, "total_gain" / "total_cover" = sum of the splits'
 * loss reduction / hessian cover, "gain" / "cover" = those sums divided by the split count.
 * Accumulated in float32 in XGBoost's node order, so values equal XGBoost's bit for bit. A feature
 * never split on gets 0 (get_score leaves it out). Not normalised (see {@link normalizeImportances}).
 */
export function treeImportance(
  ensemble: TreeEnsemble,
  type: TreeImportanceType = "gain",
  options: { treeLimit?: number } = {},
): Float64Array {
  if (!TREE_IMPORTANCE_TYPES.includes(type))
    throw new RangeError(`unknown importance type '${type}'; use ${TREE_IMPORTANCE_TYPES.join(", ")}`);
  const featureCount = ensemble.numFeature;
  const counts = new Float64Array(featureCount);
  const scores = new Float32Array(featureCount);
  const treeCount = Math.min(options.treeLimit ?? ensemble.trees.length, ensemble.trees.length);
  const stack: number[] = [];
  for (let t = 0; t < treeCount; t++) {
    const tree = ensemble.trees[t];
    // XGBoost's RegTree::WalkTree: a stack from the root, the right child popped first. Float32
    // sums depend on this order.
    stack.push(0);
    while (stack.length > 0) {
      const node = stack.pop()!;
      const left = tree.leftChildren[node];
      if (left < 0) continue;
      const feature = tree.splitFeatures[node];
      if (feature >= featureCount)
        throw new RangeError(`a split reads feature ${feature} of ${featureCount}`);
      counts[feature]++;
      if (type === "weight") scores[feature] = counts[feature];
      else if (type === "gain" || type === "total_gain") scores[feature] += tree.lossChanges[node];
      else scores[feature] += tree.sumHessians[node];
      stack.push(left, tree.rightChildren[node]);
    }
  }
  if (type === "gain" || type === "cover")
    for (let f = 0; f < featureCount; f++) scores[f] /= Math.max(1, Math.fround(counts[f]));
  return Float64Array.from(scores);
}

/** Every importance type of {@link treeImportance} at once. */
export function treeImportanceTable(
  ensemble: TreeEnsemble,
  options: { treeLimit?: number } = {},
): Record<TreeImportanceType, Float64Array> {
  return Object.fromEntries(
    TREE_IMPORTANCE_TYPES.map((type) => [type, treeImportance(ensemble, type, options)]),
  ) as Record<TreeImportanceType, Float64Array>;
}

/**
 * Importances divided by their sum, as XGBClassifier's `feature_importances_` (which divides in
 * float32; here in float64). All zeros stay zeros; NaN entries make the result NaN.
 */
export function normalizeImportances(values: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  const out = Float64Array.from(values);
  if (total !== 0) for (let i = 0; i < out.length; i++) out[i] /= total;
  return out;
}
