import { baseMarginOf, sigmoid32, softmax32 } from "../ml/gbdt/objectives.js";
import { leafIndexOf, outputGroupsOf, type TreeEnsemble } from "../ml/gbdt/treeEnsemble.js";
import type { Matrix } from "../ml/matrix.js";
import type { PermutationPredictor } from "./permutationImportance.js";

/**
 * A {@link PermutationPredictor} for a classification ensemble (binary:logistic or
 * multi:softprob) that answers a permuted column without predicting from scratch: it keeps every
 * tree's leaf value per row, re-evaluates only the trees that split on the column, and recomputes
 * a row's class only when one of those trees lands in another leaf, summing the leaves in float32
 * in tree order and applying XGBoost's float32 softmax / sigmoid as `predictProba` does. The
 * classes are therefore exactly those of `GradientBoostedTrees.predict` (most probable, first on
 * ties). Memory: trees × rows leaf values (float32).
 */
export function treePermutationPredictor(ensemble: TreeEnsemble): PermutationPredictor {
  const { objective, trees, treeGroups } = ensemble;
  if (objective !== "multi:softprob" && objective !== "binary:logistic")
    throw new RangeError(`permutation importance needs a classification objective, got ${objective}`);
  const groups = outputGroupsOf(ensemble);
  const base = baseMarginOf(objective, ensemble.baseScore);
  const treeCount = trees.length;
  // Trees that split on each feature.
  const treesOf: number[][] = Array.from({ length: ensemble.numFeature }, () => []);
  trees.forEach((tree, t) => {
    const seen = new Set<number>();
    for (let node = 0; node < tree.leftChildren.length; node++)
      if (tree.leftChildren[node] >= 0) seen.add(tree.splitFeatures[node]);
    for (const f of seen) treesOf[f].push(t);
  });

  let rows = 0;
  let cols = 0;
  let values = new Float32Array(0);
  let leaves = new Float32Array(0);
  let baseline = new Int32Array(0);
  const sums = new Float32Array(groups);
  const scores = new Float64Array(Math.max(2, groups));

  // The class of one row from the float32 margin sums, as GradientBoostedTrees.predict decides it.
  const classOf = (): number => {
    if (groups === 1) {
      const p = sigmoid32(sums[0]);
      return p > Math.fround(1 - p) ? 1 : 0;
    }
    for (let g = 0; g < groups; g++) scores[g] = sums[g];
    softmax32(scores, 0, groups);
    let best = 0;
    for (let g = 1; g < groups; g++) if (scores[g] > scores[best]) best = g;
    return best;
  };

  return {
    begin(X: Matrix): Int32Array {
      if (X.cols < ensemble.numFeature)
        throw new RangeError(`the model needs ${ensemble.numFeature} features, the matrix has ${X.cols}`);
      rows = X.rows;
      cols = X.cols;
      // Features rounded to float32 before comparison, as in prediction.
      values = Float32Array.from(X.data);
      leaves = new Float32Array(treeCount * rows);
      baseline = new Int32Array(rows);
      for (let t = 0; t < treeCount; t++) {
        const tree = trees[t];
        for (let r = 0; r < rows; r++)
          leaves[t * rows + r] = tree.splitConditions[leafIndexOf(tree, values, r * cols)];
      }
      for (let r = 0; r < rows; r++) {
        sums.fill(base);
        for (let t = 0; t < treeCount; t++) sums[treeGroups[t]] += leaves[t * rows + r];
        baseline[r] = classOf();
      }
      return baseline.slice();
    },

    predictPermuted(column: number, order: ArrayLike<number>): Int32Array {
      const out = baseline.slice();
      const affected = column < treesOf.length ? treesOf[column] : [];
      if (affected.length === 0) return out;
      const original = new Float32Array(rows);
      for (let r = 0; r < rows; r++) original[r] = values[r * cols + column];
      for (let r = 0; r < rows; r++) values[r * cols + column] = original[order[r]];
      const changed = new Float32Array(affected.length * rows);
      const moved = new Uint8Array(rows);
      affected.forEach((t, a) => {
        const tree = trees[t];
        for (let r = 0; r < rows; r++) {
          const value = tree.splitConditions[leafIndexOf(tree, values, r * cols)];
          changed[a * rows + r] = value;
          // Compare bit patterns: a leaf of equal value gives the same sums.
          if (!Object.is(value, leaves[t * rows + r])) moved[r] = 1;
        }
      });
      for (let r = 0; r < rows; r++) values[r * cols + column] = original[r];
      const slot = new Int32Array(treeCount).fill(-1);
      affected.forEach((t, a) => {
        slot[t] = a;
      });
      for (let r = 0; r < rows; r++) {
        if (!moved[r]) continue;
        sums.fill(base);
        for (let t = 0; t < treeCount; t++) {
          const a = slot[t];
          sums[treeGroups[t]] += a < 0 ? leaves[t * rows + r] : changed[a * rows + r];
        }
        out[r] = classOf();
      }
      return out;
    },
  };
}
