import { describe, expect, it } from "vitest";
import {
  normalizeImportances,
  TREE_IMPORTANCE_TYPES,
  treeImportance,
  treeImportanceTable,
} from "../../src/explain/treeImportance.js";
import { allocateTree, type TreeEnsemble } from "../../src/ml/gbdt/treeEnsemble.js";
import { readXGBoostModelFile } from "../../src/ml/xgboost/xgboostModelJson.js";
import { FIXTURE_MODELS, XGBOOST_FIXTURES } from "../ml/xgboostFixtures.js";
import { decodeFloats, type EncodedFloat, loadVectors } from "../reference/loadVectors.js";

interface TreeImportanceVectors {
  featureNames: string[];
  scores: Record<string, EncodedFloat[]>;
  used: Record<string, boolean[]>;
  featureImportancesGain: EncodedFloat[];
}

const vectors = loadVectors<{ treeImportance: Record<string, TreeImportanceVectors> }>("explain_vectors");

describe("treeImportance against XGBoost 1.7's get_score", () => {
  it.each(FIXTURE_MODELS)("$name: every importance type equals get_score bit for bit", ({ name }) => {
    const ensemble = readXGBoostModelFile(`${XGBOOST_FIXTURES}${name}.model.json`);
    const expected = vectors.treeImportance[name];
    const table = treeImportanceTable(ensemble);
    for (const type of TREE_IMPORTANCE_TYPES) {
      // XGBoost sums in float32 in its node order; we do the same, so the values are identical.
      expect(Array.from(table[type]), `${name} ${type}`).toEqual(
        Array.from(decodeFloats(expected.scores[type])),
      );
      expect(
        Array.from(table[type], (v) => v > 0),
        `${name} ${type} used`,
      ).toEqual(expected.used[type]);
    }
    // XGBClassifier.feature_importances_ divides in float32, we in float64: 1e-6 relative.
    const normalised = normalizeImportances(table.gain);
    const reference = decodeFloats(expected.featureImportancesGain);
    normalised.forEach((v, i) => {
      expect(Math.abs(v - reference[i])).toBeLessThanOrEqual(1e-6 * Math.abs(reference[i]));
    });
  });

  it("gives 0 to features never split on and counts splits per type", () => {
    // Root splits on feature 2 (gain 4, cover 10); its left child on feature 0 (gain 1, cover 6).
    const tree = allocateTree(5);
    tree.leftChildren.set([1, 3, -1, -1, -1]);
    tree.rightChildren.set([2, 4, -1, -1, -1]);
    tree.splitFeatures.set([2, 0, 0, 0, 0]);
    tree.lossChanges.set([4, 1, 0, 0, 0]);
    tree.sumHessians.set([10, 6, 4, 3, 3]);
    const second = allocateTree(3);
    second.leftChildren.set([1, -1, -1]);
    second.rightChildren.set([2, -1, -1]);
    second.splitFeatures.set([2, 0, 0]);
    second.lossChanges.set([2, 0, 0]);
    second.sumHessians.set([8, 5, 3]);
    const ensemble: TreeEnsemble = {
      objective: "reg:squarederror",
      numClass: 0,
      numFeature: 4,
      baseScore: 0.5,
      trees: [tree, second],
      treeGroups: new Int32Array(2),
    };
    expect(Array.from(treeImportance(ensemble, "weight"))).toEqual([1, 0, 2, 0]);
    expect(Array.from(treeImportance(ensemble, "total_gain"))).toEqual([1, 0, 6, 0]);
    expect(Array.from(treeImportance(ensemble, "gain"))).toEqual([1, 0, 3, 0]);
    expect(Array.from(treeImportance(ensemble, "total_cover"))).toEqual([6, 0, 18, 0]);
    expect(Array.from(treeImportance(ensemble, "cover"))).toEqual([6, 0, 9, 0]);
    expect(Array.from(treeImportance(ensemble, "total_gain", { treeLimit: 1 }))).toEqual([1, 0, 4, 0]);
    expect(Array.from(normalizeImportances([1, 0, 3, 0]))).toEqual([0.25, 0, 0.75, 0]);
    expect(Array.from(normalizeImportances([0, 0]))).toEqual([0, 0]);
    expect(() => treeImportance(ensemble, "total" as never)).toThrow(/unknown importance type/);
  });
});
