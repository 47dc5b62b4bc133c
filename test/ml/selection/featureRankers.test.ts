import { describe, expect, it } from "vitest";
import { allocateTree, type TreeEnsemble } from "../../../src/ml/gbdt/treeEnsemble.js";
import { matrixFromRows } from "../../../src/ml/matrix.js";
import {
  coefficientNorms,
  defaultFeatureRankers,
  gainImportance,
  standardizeColumns,
} from "../../../src/ml/selection/featureRankers.js";
import { syntheticClassification } from "../forest/syntheticClassification.js";

describe("gainImportance", () => {
  // Two trees: feature 0 splits twice (gains 4 and 2), feature 2 once (gain 6); feature 1 never.
  const first = allocateTree(5);
  first.leftChildren.set([1, 3, -1, -1, -1]);
  first.rightChildren.set([2, 4, -1, -1, -1]);
  first.splitFeatures.set([0, 2, 0, 0, 0]);
  first.lossChanges.set([4, 6, 0, 0, 0]);
  const second = allocateTree(3);
  second.leftChildren.set([1, -1, -1]);
  second.rightChildren.set([2, -1, -1]);
  second.splitFeatures.set([0, 0, 0]);
  second.lossChanges.set([2, 0, 0]);
  const ensemble: TreeEnsemble = {
    objective: "binary:logistic",
    numClass: 0,
    numFeature: 3,
    baseScore: 0.5,
    trees: [first, second],
    treeGroups: Int32Array.from([0, 0]),
  };

  it("aggregates like XGBoost's get_score and normalises to 1", () => {
    // gain: mean per split 3 and 6 → 1/3, 0, 2/3; total_gain 6 and 6; weight 2 and 1.
    expect(Array.from(gainImportance(ensemble))).toEqual([1 / 3, 0, 2 / 3]);
    expect(Array.from(gainImportance(ensemble, "total_gain"))).toEqual([0.5, 0, 0.5]);
    expect(Array.from(gainImportance(ensemble, "weight"))).toEqual([2 / 3, 0, 1 / 3]);
  });
});

describe("linear ranker helpers", () => {
  it("standardises columns (constant → 0) and sums |coefficients| over classes", () => {
    const Z = standardizeColumns(
      matrixFromRows([
        [1, 5],
        [3, 5],
      ]),
    );
    expect(Array.from(Z.data)).toEqual([-1, 0, 1, 0]);
    expect(Array.from(coefficientNorms(Float64Array.from([1, -2, 0.5, -3, 4, 0]), 2, 3))).toEqual([
      4, 6, 0.5,
    ]);
  });
});

describe("defaultFeatureRankers", () => {
  it("are the paper's six measures, deterministic, and rank informative columns above noise", () => {
    // Columns 0–4 informative, 5–7 averages of them, 8–18 noise, 19 = floor(2·x0).
    const { X, y } = syntheticClassification(300, 20, 3, 5, 3, 4);
    const rankers = defaultFeatureRankers();
    expect(rankers.map((r) => r.name)).toEqual([
      "mutual_information",
      "linear_svm",
      "random_forest",
      "logistic_regression_l1",
      "logistic_regression_l2",
      "gradient_boosting_gain",
    ]);
    for (const ranker of rankers) {
      const scores = ranker.rank(X, y, 3, 0);
      expect(scores.length).toBe(20);
      expect(Array.from(ranker.rank(X, y, 3, 0)), ranker.name).toEqual(Array.from(scores));
      const best = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a])[0];
      expect([0, 1, 2, 3, 4, 5, 6, 7, 19], ranker.name).toContain(best);
    }
  });
});
