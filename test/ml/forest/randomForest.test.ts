import { describe, expect, it } from "vitest";
import {
  type ClassificationTree,
  ClassificationTreeBuilder,
  type RandomIntegerSource,
  treeNodeCount,
} from "../../../src/ml/forest/classificationTree.js";
import { RandomForest, resolveMaxFeatures } from "../../../src/ml/forest/randomForest.js";
import { rankColumns } from "../../../src/ml/forest/rankedColumns.js";
import { matrix, matrixFromRows, takeColumns, takeRows } from "../../../src/ml/matrix.js";
import { f1Score } from "../../../src/ml/metrics/precisionRecallF1.js";
import { spearmanOfVectors } from "../../../src/ml/selection/spearman.js";
import { decodeFloats, type EncodedFloat, loadVectors } from "../../reference/loadVectors.js";
import { syntheticClassification } from "./syntheticClassification.js";

interface ExactTreeCase {
  name: string;
  options: Record<string, unknown>;
  rand_r_seed: number;
  children_left: number[];
  children_right: number[];
  feature: number[];
  threshold: EncodedFloat[];
  weighted_n_node_samples: EncodedFloat[];
  impurity: EncodedFloat[];
  probabilities: EncodedFloat[];
  importances: EncodedFloat[];
  predict_proba: EncodedFloat[];
}

interface Vectors {
  synthetic: {
    rows: number;
    cols: number;
    classes: number;
    informative: number;
    redundant: number;
    seed: number;
    train_rows: number;
    first_row: EncodedFloat[];
    y_head: number[];
    accuracy: number[];
    macro_f1: number[];
    importances_mean: EncodedFloat[];
  };
  exact_tree: { rows: number; cols: number; classes: number; seed: number; cases: ExactTreeCase[] };
}

const vectors = loadVectors<Vectors>("forest_selection_vectors");

// scikit-learn's tree generator (our_rand_r, an xorshift) and rand_int, to replay its feature order.
class SklearnRandR implements RandomIntegerSource {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  integer(bound: number): number {
    let s = this.state === 0 ? 1 : this.state;
    s = (s ^ (s << 13)) >>> 0;
    s = (s ^ (s >>> 17)) >>> 0;
    s = (s ^ (s << 5)) >>> 0;
    this.state = s;
    return (s % 0x80000000) % bound;
  }
}

// With fractional (class) weights, two mathematically equal split scores can round differently
// here and in sklearn: the trees agree node for node until the first such tie, where the two
// implementations pick mirror-image splits (the same two children, swapped).
function expectSameTreeUpToMirroredTie(tree: ClassificationTree, c: ExactTreeCase): void {
  const weights = decodeFloats(c.weighted_n_node_samples);
  const thresholds = decodeFloats(c.threshold);
  let node = 0;
  const sameSplit = (i: number) =>
    tree.features[i] < 0
      ? c.feature[i] < 0
      : tree.features[i] === c.feature[i] && tree.thresholds[i] === thresholds[i];
  while (node < c.feature.length && sameSplit(node)) node++;
  expect(node, `${c.name}: diverges at node ${node}`).toBeGreaterThanOrEqual(20);
  if (node === c.feature.length) return;
  expect(c.feature[node]).toBeGreaterThanOrEqual(0);
  const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.abs(b));
  close(tree.nodeWeights[node], weights[node]);
  close(tree.nodeWeights[tree.leftChildren[node]], weights[c.children_right[node]]);
  close(tree.nodeWeights[tree.rightChildren[node]], weights[c.children_left[node]]);
}

function expectSameTree(tree: ClassificationTree, c: ExactTreeCase, classes: number): void {
  expect(Array.from(tree.leftChildren), c.name).toEqual(c.children_left);
  expect(Array.from(tree.rightChildren), c.name).toEqual(c.children_right);
  // sklearn marks leaves with feature −2 and threshold −2; ours use −1 and 0.
  expect(
    Array.from(tree.features, (f) => (f < 0 ? -2 : f)),
    c.name,
  ).toEqual(c.feature);
  const thresholds = decodeFloats(c.threshold);
  const weights = decodeFloats(c.weighted_n_node_samples);
  const impurities = decodeFloats(c.impurity);
  const probabilities = decodeFloats(c.probabilities);
  for (let node = 0; node < treeNodeCount(tree); node++) {
    if (tree.leftChildren[node] >= 0) expect(tree.thresholds[node]).toBe(thresholds[node]);
    expect(Math.abs(tree.nodeWeights[node] - weights[node])).toBeLessThanOrEqual(1e-12 * weights[node]);
    expect(Math.abs(tree.impurities[node] - impurities[node])).toBeLessThanOrEqual(1e-12);
    const leaf = tree.leafIndices[node];
    if (leaf >= 0)
      for (let k = 0; k < classes; k++)
        expect(
          Math.abs(tree.leafProbabilities[leaf * classes + k] - probabilities[node * classes + k]),
        ).toBeLessThanOrEqual(1e-15);
  }
}
const mean = (values: ArrayLike<number>) => Array.from(values).reduce((a, b) => a + b, 0) / values.length;
const range = (n: number, start = 0) => Array.from({ length: n }, (_, i) => start + i);

describe("RandomForest against scikit-learn 1.2.1", () => {
  it("grows sklearn's exact tree without bootstrap on all features, replaying its feature order", () => {
    const { rows, cols, classes, seed, cases } = vectors.exact_tree;
    const data = syntheticClassification(rows, cols + 1, classes, 4, 2, seed);
    const X = takeColumns(data.X, range(cols));
    const columns = rankColumns(X);
    for (const c of cases) {
      const o = c.options as {
        maxDepth?: number;
        minSamplesLeaf?: number;
        minSamplesSplit?: number;
        classWeight?: string;
        criterion?: "gini" | "entropy" | "log_loss";
      };
      const minSamplesLeaf = o.minSamplesLeaf ?? 1;
      const builder = new ClassificationTreeBuilder(columns, data.y, classes, {
        maxDepth: o.maxDepth ?? Number.POSITIVE_INFINITY,
        minSamplesSplit: Math.max(o.minSamplesSplit ?? 2, 2 * minSamplesLeaf),
        minSamplesLeaf,
        maxFeatures: cols,
        minImpurityDecrease: 0,
        criterion: o.criterion === undefined || o.criterion === "gini" ? "gini" : "entropy",
      });
      const weights = new Float64Array(rows).fill(1);
      if (o.classWeight === "balanced") {
        const counts = new Float64Array(classes);
        for (const label of data.y) counts[label]++;
        for (let r = 0; r < rows; r++) weights[r] = rows / (classes * counts[data.y[r]]);
      }
      const importances = new Float64Array(cols);
      const tree = builder.grow(weights, new SklearnRandR(c.rand_r_seed), importances);
      if (o.classWeight) {
        expectSameTreeUpToMirroredTie(tree, c);
        continue;
      }
      expectSameTree(tree, c, classes);
      // The same importances as sklearn's feature_importances_ after its normalisation.
      const total = importances.reduce((a, b) => a + b / tree.nodeWeights[0], 0);
      decodeFloats(c.importances).forEach((value, f) => {
        expect(Math.abs(importances[f] / tree.nodeWeights[0] / total - value)).toBeLessThanOrEqual(1e-12);
      });
    }
  });

  it.each(["depth4_leaf5", "log_loss_depth4_leaf5"])(
    "fits the %s tree through RandomForest when no split ties (importances and probabilities to 1e-12)",
    (name) => {
      const { rows, cols, classes, seed, cases } = vectors.exact_tree;
      const data = syntheticClassification(rows, cols + 1, classes, 4, 2, seed);
      const X = takeColumns(data.X, range(cols));
      const c = cases.find((entry) => entry.name === name)!;
      const forest = new RandomForest({ nEstimators: 1, bootstrap: false, maxFeatures: "all", ...c.options });
      forest.fit(X, data.y, classes);
      expectSameTree(forest.trees[0], c, classes);
      decodeFloats(c.importances).forEach((value, f) => {
        expect(Math.abs(forest.featureImportances()[f] - value)).toBeLessThanOrEqual(1e-12);
      });
      const shifted = takeRows(X, range(40));
      for (let i = 0; i < shifted.data.length; i++) shifted.data[i] *= 1.01;
      const proba = forest.predictProba(shifted);
      decodeFloats(c.predict_proba).forEach((value, i) => {
        expect(Math.abs(proba[i] - value)).toBeLessThanOrEqual(1e-15);
      });
    },
  );

  it("rebuilds the synthetic 9-class data set bit for bit", () => {
    const s = vectors.synthetic;
    const { X, y } = syntheticClassification(s.rows, s.cols, s.classes, s.informative, s.redundant, s.seed);
    expect(Array.from(X.data.subarray(0, s.cols))).toEqual(Array.from(decodeFloats(s.first_row)));
    expect(Array.from(y.subarray(0, s.y_head.length))).toEqual(s.y_head);
  });

  it("matches sklearn's accuracy and macro F1 (mean of seeds) within 0.02 on the same split", () => {
    const s = vectors.synthetic;
    const { X, y } = syntheticClassification(s.rows, s.cols, s.classes, s.informative, s.redundant, s.seed);
    const train = range(s.train_rows);
    const test = range(s.rows - s.train_rows, s.train_rows);
    const XTrain = takeRows(X, train);
    const yTrain = y.slice(0, s.train_rows);
    const XTest = takeRows(X, test);
    const yTest = y.slice(s.train_rows);
    const accuracies: number[] = [];
    const f1s: number[] = [];
    const importances = new Float64Array(s.cols);
    for (const seed of [0, 1, 2]) {
      const forest = new RandomForest({ seed }).fit(XTrain, yTrain, s.classes);
      const predicted = forest.predict(XTest);
      accuracies.push(mean(Array.from(predicted, (p, i) => (p === yTest[i] ? 1 : 0))));
      f1s.push(f1Score(yTest, predicted, "macro"));
      forest.featureImportances().forEach((v, f) => {
        importances[f] += v / 3;
      });
    }
    expect(Math.abs(mean(accuracies) - mean(s.accuracy))).toBeLessThanOrEqual(0.02);
    expect(Math.abs(mean(f1s) - mean(s.macro_f1))).toBeLessThanOrEqual(0.02);
    // Importances agree in order (the noise columns' small values shuffle, hence a rank correlation).
    const reference = decodeFloats(s.importances_mean);
    expect(spearmanOfVectors(importances, reference)).toBeGreaterThan(0.9);
    const top = (v: Float64Array) =>
      new Set(
        Array.from(v.keys())
          .sort((a, b) => v[b] - v[a])
          .slice(0, 8),
      );
    const shared = [...top(importances)].filter((f) => top(reference).has(f));
    expect(shared.length).toBeGreaterThanOrEqual(7);
  });
});

describe("RandomForest behaviour", () => {
  const { X, y } = syntheticClassification(500, 12, 4, 4, 2, 7);

  it("is deterministic for a seed and differs between seeds", () => {
    const a = new RandomForest({ nEstimators: 20, seed: 5 }).fit(X, y, 4).predictProba(X);
    const b = new RandomForest({ nEstimators: 20, seed: 5 }).fit(X, y, 4).predictProba(X);
    const c = new RandomForest({ nEstimators: 20, seed: 6 }).fit(X, y, 4).predictProba(X);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it("predicts probabilities that sum to 1 and the argmax class; importances sum to 1", () => {
    const forest = new RandomForest({ nEstimators: 15, seed: 1 }).fit(X, y, 5);
    const proba = forest.predictProba(X);
    expect(proba.length).toBe(X.rows * 5);
    for (let r = 0; r < X.rows; r++) {
      let sum = 0;
      for (let k = 0; k < 5; k++) sum += proba[r * 5 + k];
      expect(sum).toBeCloseTo(1, 12);
      // Class 4 never occurs in y.
      expect(proba[r * 5 + 4]).toBe(0);
    }
    const predicted = forest.predict(X);
    for (let r = 0; r < X.rows; r++) {
      const row = Array.from(proba.subarray(r * 5, r * 5 + 5));
      expect(predicted[r]).toBe(row.indexOf(Math.max(...row)));
    }
    const importances = forest.featureImportances();
    expect(mean(importances) * importances.length).toBeCloseTo(1, 12);
  });

  it("respects maxDepth and minSamplesLeaf", () => {
    const forest = new RandomForest({
      nEstimators: 5,
      maxDepth: 3,
      minSamplesLeaf: 7,
      bootstrap: false,
      seed: 2,
    });
    forest.fit(X, y, 4);
    for (const tree of forest.trees) {
      const depth = new Int32Array(treeNodeCount(tree));
      for (let node = 0; node < depth.length; node++) {
        const left = tree.leftChildren[node];
        if (left < 0) {
          expect(depth[node]).toBeLessThanOrEqual(3);
          expect(tree.nodeWeights[node]).toBeGreaterThanOrEqual(7);
        } else depth[left] = depth[tree.rightChildren[node]] = depth[node] + 1;
      }
    }
  });

  it("splits at the midpoint of float32 values and compares in float32, as sklearn", () => {
    const X1 = matrixFromRows([[0.1], [0.2], [0.30000001], [0.4]]);
    const forest = new RandomForest({ nEstimators: 1, bootstrap: false, maxFeatures: "all" });
    forest.fit(X1, Int32Array.from([0, 0, 1, 1]), 2);
    const tree = forest.trees[0];
    expect(tree.thresholds[0]).toBe(Math.fround(0.2) / 2 + Math.fround(0.30000001) / 2);
    // 0.2000000001 rounds to the same float32 as 0.2, so it goes left although it is > 0.2.
    expect(Array.from(forest.predict(matrixFromRows([[0.2000000001], [0.26]])))).toEqual([0, 1]);
  });

  it("round-trips through JSON with identical predictions and importances", () => {
    const forest = new RandomForest({ nEstimators: 10, seed: 3, classWeight: "balanced_subsample" }).fit(
      X,
      y,
      4,
    );
    const restored = RandomForest.fromJSON(JSON.parse(JSON.stringify(forest.toJSON())));
    expect(Array.from(restored.predictProba(X))).toEqual(Array.from(forest.predictProba(X)));
    expect(Array.from(restored.featureImportances())).toEqual(Array.from(forest.featureImportances()));
    expect(restored.options).toEqual(forest.options);
    expect(() => RandomForest.fromJSON({ kind: "lr", options: {}, fitted: {} })).toThrow(/kind/);
  });

  it("rejects missing and infinite values with a clear error, like sklearn 1.2", () => {
    const bad = matrix(X.data.slice(), X.rows, X.cols);
    bad.data[3 * X.cols + 2] = Number.NaN;
    expect(() => new RandomForest().fit(bad, y, 4)).toThrow(/NaN.*row 3, column 2/);
    const forest = new RandomForest({ nEstimators: 2 }).fit(X, y, 4);
    expect(() => forest.predict(bad)).toThrow(/NaN/);
    bad.data[3 * X.cols + 2] = 1e39;
    expect(() => forest.predict(bad)).toThrow(/float32/);
    expect(() => forest.predict(takeColumns(X, [0, 1]))).toThrow(/12 features/);
    expect(() => new RandomForest().fit(X, y, 3)).toThrow(/outside/);
    expect(() => new RandomForest({ maxFeatures: 0 })).toThrow(RangeError);
    expect(() => new RandomForest({ minSamplesSplit: 1 })).toThrow(RangeError);
    expect(() => new RandomForest().predict(X)).toThrow(/fit/);
    expect(() => new RandomForest({ classWeight: [0, 0, 0, 0] }).fit(X, y, 4)).toThrow(/weight is zero/);
    expect(() => new RandomForest({ classWeight: [1, 1] }).fit(X, y, 4)).toThrow(/classWeight/);
  });

  it("resolves maxFeatures as sklearn", () => {
    expect(resolveMaxFeatures("sqrt", 250)).toBe(15);
    expect(resolveMaxFeatures("log2", 250)).toBe(7);
    expect(resolveMaxFeatures("all", 250)).toBe(250);
    expect(resolveMaxFeatures(0.1, 250)).toBe(25);
    expect(resolveMaxFeatures(0.001, 250)).toBe(1);
    expect(resolveMaxFeatures(12, 250)).toBe(12);
  });
});
