import { describe, expect, it } from "vitest";
import {
  GradientBoostedTrees,
  type GradientBoostedTreesOptions,
} from "../../../src/ml/gbdt/gradientBoostedTrees.js";
import type { GbdtObjective } from "../../../src/ml/gbdt/objectives.js";
import type { Matrix } from "../../../src/ml/matrix.js";
import { loadVectors } from "../../reference/loadVectors.js";
import { FIXTURE_MODELS, fixtureLabels, generatedTable, readFixtureCsv } from "../xgboostFixtures.js";

interface TrainingCase {
  data: "fixture" | "generated";
  objective: GbdtObjective;
  params: Record<string, number>;
  rounds: number;
  trees: {
    left_children: number[];
    right_children: number[];
    split_indices: number[];
    split_conditions: number[];
    default_left: number[];
    sum_hessian: number[];
    base_weights: number[];
  }[];
}

const vectors = loadVectors<{ generated_shape: [number, number]; cases: TrainingCase[] }>(
  "xgboost_training_vectors",
);

const PARAMETER_NAMES: Record<string, keyof GradientBoostedTreesOptions> = {
  max_depth: "maxDepth",
  eta: "learningRate",
  max_bin: "maxBin",
  lambda: "lambda",
  alpha: "alpha",
  gamma: "gamma",
  min_child_weight: "minChildWeight",
};

function dataOf(testCase: TrainingCase): { X: Matrix; y: Float64Array } {
  if (testCase.data === "fixture") {
    const column = FIXTURE_MODELS.find((m) => m.objective === testCase.objective)!.labelColumn;
    return { X: readFixtureCsv("X.csv", true), y: fixtureLabels(column) };
  }
  const [rows, cols] = vectors.generated_shape;
  const table = generatedTable(rows, cols);
  return { X: table.X, y: table.labels[testCase.objective] };
}

// The golden trees were grown by XGBoost 1.7.4 (tree_method hist, nthread 1) on the same data with
// the same parameters; see test/reference/xgboost_training_vectors.py.
describe("GradientBoostedTrees grows XGBoost 1.7's trees", () => {
  it.each(
    vectors.cases.map((c, i) => ({
      ...c,
      label: `${i}: ${c.data} ${c.objective} ${JSON.stringify(c.params)}`,
    })),
  )("$label", (testCase) => {
    const options: GradientBoostedTreesOptions = {
      objective: testCase.objective,
      nEstimators: testCase.rounds,
    };
    for (const [name, value] of Object.entries(testCase.params))
      (options as Record<string, number>)[PARAMETER_NAMES[name]] = value;
    const { X, y } = dataOf(testCase);
    const model = new GradientBoostedTrees(options).fit(X, y);
    const trees = model.ensemble.trees;
    expect(trees.length).toBe(testCase.trees.length);
    let nodes = 0;
    trees.forEach((tree, t) => {
      const expected = testCase.trees[t];
      const where = `tree ${t}`;
      expect(Array.from(tree.leftChildren), where).toEqual(expected.left_children);
      expect(Array.from(tree.rightChildren), where).toEqual(expected.right_children);
      expect(Array.from(tree.splitFeatures), where).toEqual(expected.split_indices);
      expect(Array.from(tree.defaultLeft), where).toEqual(expected.default_left);
      // Thresholds are the same float32 cut values; leaf values and covers agree to float32
      // rounding (XGBoost's expf may differ from Math.exp in the last bit).
      for (let node = 0; node < tree.leftChildren.length; node++) {
        const tolerance = (value: number) => 2e-6 * Math.max(1, Math.abs(value));
        const condition = expected.split_conditions[node];
        if (tree.leftChildren[node] >= 0)
          expect(
            tree.splitConditions[node] === Math.fround(condition),
            `${where} node ${node}: ${tree.splitConditions[node]} vs ${condition}`,
          ).toBe(true);
        else
          expect(Math.abs(tree.splitConditions[node] - condition), `${where} leaf ${node}`).toBeLessThan(
            tolerance(condition),
          );
        const cover = expected.sum_hessian[node];
        expect(Math.abs(tree.sumHessians[node] - cover), `${where} cover ${node}`).toBeLessThan(
          tolerance(cover),
        );
        const weight = expected.base_weights[node];
        expect(Math.abs(tree.baseWeights[node] - weight), `${where} weight ${node}`).toBeLessThan(
          tolerance(weight),
        );
      }
      nodes += tree.leftChildren.length;
    });
    console.log(`${testCase.label}: ${trees.length} trees, ${nodes} nodes identical to XGBoost's`);
  });
});
