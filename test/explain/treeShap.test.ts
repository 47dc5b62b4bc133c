import { describe, expect, it } from "vitest";
import { treeShap } from "../../src/explain/treeShap.js";
import { GradientBoostedTrees } from "../../src/ml/gbdt/gradientBoostedTrees.js";
import {
  allocateTree,
  predictEnsembleMargins,
  type RegressionTree,
  type TreeEnsemble,
} from "../../src/ml/gbdt/treeEnsemble.js";
import type { Matrix } from "../../src/ml/matrix.js";
import { readXGBoostModelFile } from "../../src/ml/xgboost/xgboostModelJson.js";
import { SeededRandom } from "../../src/util/random.js";
import {
  FIXTURE_MODELS,
  generatedTable,
  maxAbsDifference,
  readFixtureCsv,
  XGBOOST_FIXTURES,
} from "../ml/xgboostFixtures.js";

const X = readFixtureCsv("X.csv", true);

/** Largest |Σ_j φ_rgj − margin_rg| over all rows and groups. */
function additivityError(values: Float64Array, margins: Float64Array, columns: number): number {
  let worst = 0;
  for (let block = 0; block < margins.length; block++) {
    let sum = 0;
    for (let j = 0; j < columns; j++) sum += values[block * columns + j];
    worst = Math.max(worst, Math.abs(sum - margins[block]));
  }
  return worst;
}

describe("treeShap on XGBoost's fixture models", () => {
  let rowsWithMissing = 0;
  for (let r = 0; r < X.rows; r++)
    if (X.data.subarray(r * X.cols, (r + 1) * X.cols).some(Number.isNaN)) rowsWithMissing++;

  it.each(FIXTURE_MODELS)("$name: matches pred_contribs to 1e-5 and adds up to the margin", ({ name }) => {
    const ensemble = readXGBoostModelFile(`${XGBOOST_FIXTURES}${name}.model.json`);
    const expected = readFixtureCsv(`${name}.contribs.csv`, false).data;
    const shap = treeShap(ensemble, X);
    expect(shap.values.length).toBe(expected.length);
    expect(shap.columns).toBe(X.cols + 1);
    // XGBoost computes TreeSHAP in float32, we in float64.
    expect(maxAbsDifference(shap.values, expected)).toBeLessThan(1e-5);
    // Every leaf computed row by row instead of tabulated gives the same values.
    const direct = treeShap(ensemble, X, { tabulatedPathLength: 0 });
    expect(maxAbsDifference(direct.values, shap.values)).toBeLessThan(1e-12);
    // Additivity for every row and class: against float64 sums of the trees (exact up to
    // rounding) and against XGBoost's float32 margins of the fixture.
    expect(
      additivityError(shap.values, predictEnsembleMargins(ensemble, X, { float64Sums: true }), shap.columns),
    ).toBeLessThan(1e-9);
    expect(
      additivityError(shap.values, readFixtureCsv(`${name}.margin.csv`, false).data, shap.columns),
    ).toBeLessThan(1e-6);
    console.log(
      `${name}: compared ${expected.length} contributions (${X.rows} rows, ${rowsWithMissing} with missing values, ${shap.groups} group(s)) at 1e-5`,
    );
  });

  it("treeLimit explains the first trees only", () => {
    const ensemble = readXGBoostModelFile(`${XGBOOST_FIXTURES}multiclass.model.json`);
    const limited = treeShap(ensemble, X, { treeLimit: 20 });
    const truncated = treeShap(
      { ...ensemble, trees: ensemble.trees.slice(0, 20), treeGroups: ensemble.treeGroups.slice(0, 20) },
      X,
    );
    expect(Array.from(limited.values)).toEqual(Array.from(truncated.values));
    const margins = predictEnsembleMargins(ensemble, X, { treeLimit: 20, float64Sums: true });
    expect(additivityError(limited.values, margins, limited.columns)).toBeLessThan(1e-9);
  });

  it("rejects a matrix with fewer columns than the model", () => {
    const ensemble = readXGBoostModelFile(`${XGBOOST_FIXTURES}binary.model.json`);
    expect(() => treeShap(ensemble, { data: new Float64Array(9), rows: 1, cols: 9 })).toThrow(RangeError);
  });
});

function singleTreeEnsemble(tree: RegressionTree, numFeature: number, baseScore = 0.5): TreeEnsemble {
  return {
    objective: "reg:squarederror",
    numClass: 0,
    numFeature,
    baseScore,
    trees: [tree],
    treeGroups: Int32Array.of(0),
  };
}

describe("treeShap by hand and by brute force", () => {
  it("splits a one-split tree's deviation from the mean to its feature", () => {
    // x0 < 0.5 → leaf 1 (cover 3), else leaf −1 (cover 1); missing goes right. Mean = 0.5.
    const tree = allocateTree(3);
    tree.leftChildren[0] = 1;
    tree.rightChildren[0] = 2;
    tree.splitFeatures[0] = 0;
    tree.splitConditions.set([0.5, 1, -1]);
    tree.sumHessians.set([4, 3, 1]);
    const ensemble = singleTreeEnsemble(tree, 2);
    const rows: Matrix = { data: Float64Array.of(0, 7, 0.9, 7, Number.NaN, 7), rows: 3, cols: 2 };
    const shap = treeShap(ensemble, rows);
    expect(Array.from(shap.values)).toEqual([0.5, 0, 1, -1.5, 0, 1, -1.5, 0, 1]);
  });

  it("equals Shapley values of the cover-weighted conditional expectation", () => {
    const random = new SeededRandom(17);
    const features = 4;
    for (let trial = 0; trial < 20; trial++) {
      const tree = randomTree(random, features, 4);
      const ensemble = singleTreeEnsemble(tree, features, 0.5);
      const rows = 8;
      const data = Float64Array.from({ length: rows * features }, () =>
        random.uniform() < 0.15 ? Number.NaN : random.normal(),
      );
      const shap = treeShap(ensemble, { data, rows, cols: features });
      for (let r = 0; r < rows; r++) {
        const x = data.subarray(r * features, (r + 1) * features);
        const expected = bruteForceShapley(tree, x, features);
        for (let j = 0; j < features; j++)
          expect(shap.values[r * (features + 1) + j]).toBeCloseTo(expected[j], 10);
        expect(shap.values[r * (features + 1) + features]).toBeCloseTo(
          0.5 + conditionalExpectation(tree, x, 0, 0),
          10,
        );
      }
    }
  });
});

describe("treeShap on our GradientBoostedTrees", () => {
  it("adds up for every row and class of a multiclass model with missing values", () => {
    const { X: table, labels } = generatedTable(800, 6);
    const model = new GradientBoostedTrees({ nEstimators: 25, maxDepth: 6, subsample: 0.8, seed: 1 }).fit(
      table,
      labels["multi:softprob"],
    );
    const shap = treeShap(model, table);
    expect(shap.groups).toBe(4);
    const margins = predictEnsembleMargins(model.ensemble, table, { float64Sums: true });
    expect(additivityError(shap.values, margins, shap.columns)).toBeLessThan(1e-9);
    expect(additivityError(shap.values, model.predictMargin(table), shap.columns)).toBeLessThan(1e-5);
    const direct = treeShap(model, table, { tabulatedPathLength: 0 });
    expect(maxAbsDifference(direct.values, shap.values)).toBeLessThan(1e-12);
    console.log(`our model: additivity checked on ${margins.length} row × class blocks`);
  });
});

/** A random full tree of the given depth over `features` features, with consistent covers. */
function randomTree(random: SeededRandom, features: number, depth: number): RegressionTree {
  const nodes = 2 ** (depth + 1) - 1;
  const tree = allocateTree(nodes);
  tree.sumHessians[0] = 100;
  for (let node = 0; node < nodes; node++) {
    const left = 2 * node + 1;
    if (left >= nodes) {
      tree.splitConditions[node] = random.normal();
      continue;
    }
    tree.leftChildren[node] = left;
    tree.rightChildren[node] = left + 1;
    tree.parents[left] = tree.parents[left + 1] = node;
    tree.splitFeatures[node] = random.integer(features);
    tree.splitConditions[node] = 0.8 * random.normal();
    tree.defaultLeft[node] = random.integer(2);
    const share = 0.1 + 0.8 * random.uniform();
    tree.sumHessians[left] = tree.sumHessians[node] * share;
    tree.sumHessians[left + 1] = tree.sumHessians[node] - tree.sumHessians[left];
  }
  return tree;
}

/** E[f(x) | x_S] as TreeSHAP defines it: follow x on features in S, average by cover elsewhere. */
function conditionalExpectation(tree: RegressionTree, x: Float64Array, subset: number, node: number): number {
  const left = tree.leftChildren[node];
  if (left < 0) return tree.splitConditions[node];
  const right = tree.rightChildren[node];
  const feature = tree.splitFeatures[node];
  if (subset & (1 << feature)) {
    const value = Math.fround(x[feature]);
    const goesLeft = Number.isNaN(value) ? tree.defaultLeft[node] === 1 : value < tree.splitConditions[node];
    return conditionalExpectation(tree, x, subset, goesLeft ? left : right);
  }
  return (
    (tree.sumHessians[left] * conditionalExpectation(tree, x, subset, left) +
      tree.sumHessians[right] * conditionalExpectation(tree, x, subset, right)) /
    tree.sumHessians[node]
  );
}

function bruteForceShapley(tree: RegressionTree, x: Float64Array, features: number): Float64Array {
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  const phi = new Float64Array(features);
  for (let i = 0; i < features; i++) {
    for (let subset = 0; subset < 1 << features; subset++) {
      if (subset & (1 << i)) continue;
      let size = 0;
      for (let j = 0; j < features; j++) if (subset & (1 << j)) size++;
      const weight = (factorial(size) * factorial(features - size - 1)) / factorial(features);
      phi[i] +=
        weight *
        (conditionalExpectation(tree, x, subset | (1 << i), 0) - conditionalExpectation(tree, x, subset, 0));
    }
  }
  return phi;
}
