import { describe, expect, it } from "vitest";
import { evaluateMetric } from "../../../src/ml/gbdt/evaluationMetrics.js";
import { GradientBoostedTrees } from "../../../src/ml/gbdt/gradientBoostedTrees.js";
import { treeDepthOf } from "../../../src/ml/gbdt/treeEnsemble.js";
import { type Matrix, takeRows } from "../../../src/ml/matrix.js";
import { stringifyXGBoostModel } from "../../../src/ml/xgboost/xgboostModelJson.js";
import { SeededRandom } from "../../../src/util/random.js";

/** rows × cols standard normals. */
function normalMatrix(rows: number, cols: number, seed: number): Matrix {
  const random = new SeededRandom(seed);
  return { data: Float64Array.from({ length: rows * cols }, () => random.normal()), rows, cols };
}

const at = (m: Matrix, r: number, c: number) => m.data[r * m.cols + c];

function split(X: Matrix, y: Float64Array, trainRows: number) {
  const train = Uint32Array.from({ length: trainRows }, (_, i) => i);
  const test = Uint32Array.from({ length: X.rows - trainRows }, (_, i) => trainRows + i);
  return {
    trainX: takeRows(X, train),
    trainY: y.slice(0, trainRows),
    testX: takeRows(X, test),
    testY: y.slice(trainRows),
  };
}

function accuracy(truth: Float64Array, predicted: Float64Array): number {
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) hits++;
  return hits / truth.length;
}

describe("GradientBoostedTrees learns each objective", () => {
  it("multi:softprob separates three classes among noise features", () => {
    const X = normalMatrix(1500, 8, 1);
    const y = Float64Array.from({ length: X.rows }, (_, r) =>
      at(X, r, 0) < -0.4 ? 0 : at(X, r, 0) + at(X, r, 3) < 0.8 ? 1 : 2,
    );
    const { trainX, trainY, testX, testY } = split(X, y, 1000);
    const model = new GradientBoostedTrees({ nEstimators: 30, maxDepth: 4 }).fit(trainX, trainY);
    const probabilities = model.predictProba(testX);
    expect(probabilities.length).toBe(testX.rows * 3);
    for (let r = 0; r < testX.rows; r++) {
      const sum = probabilities[3 * r] + probabilities[3 * r + 1] + probabilities[3 * r + 2];
      expect(Math.abs(sum - 1)).toBeLessThan(1e-6);
    }
    const score = accuracy(testY, model.predict(testX));
    expect(score).toBeGreaterThan(0.93);
    expect(model.ensemble.trees.length).toBe(90);
    expect(model.rounds).toBe(30);
  });

  it("binary:logistic learns a linear boundary", () => {
    const X = normalMatrix(1500, 5, 2);
    const y = Float64Array.from({ length: X.rows }, (_, r) =>
      at(X, r, 0) + 0.5 * at(X, r, 1) > 0.2 ? 1 : 0,
    );
    const { trainX, trainY, testX, testY } = split(X, y, 1000);
    const model = new GradientBoostedTrees({
      objective: "binary:logistic",
      nEstimators: 40,
      maxDepth: 3,
    }).fit(trainX, trainY);
    const probabilities = model.predictProba(testX);
    expect(probabilities.length).toBe(2 * testX.rows);
    const predicted = model.predict(testX);
    for (let r = 0; r < testX.rows; r++)
      expect(predicted[r]).toBe(probabilities[2 * r + 1] > probabilities[2 * r] ? 1 : 0);
    expect(accuracy(testY, predicted)).toBeGreaterThan(0.92);
    expect(model.predictMargin(testX).length).toBe(testX.rows);
  });

  it("reg:squarederror fits a smooth function", () => {
    const X = normalMatrix(2000, 4, 3);
    const noise = new SeededRandom(33);
    const y = Float64Array.from(
      { length: X.rows },
      (_, r) => 2 * at(X, r, 0) - at(X, r, 1) ** 2 + 0.1 * noise.normal(),
    );
    const { trainX, trainY, testX, testY } = split(X, y, 1500);
    const model = new GradientBoostedTrees({
      objective: "reg:squarederror",
      nEstimators: 100,
      maxDepth: 4,
      learningRate: 0.1,
    }).fit(trainX, trainY);
    const predicted = model.predict(testX);
    const rmse = evaluateMetric("rmse", predicted, testY, 1);
    let variance = 0;
    const mean = testY.reduce((a, b) => a + b, 0) / testY.length;
    for (const v of testY) variance += (v - mean) ** 2;
    expect(rmse).toBeLessThan(0.25 * Math.sqrt(variance / testY.length));
    expect(() => model.predictProba(testX)).toThrow(/classification/);
  });
});

describe("GradientBoostedTrees semantics", () => {
  it("is deterministic for a seed (identical model JSON) and the seed drives the sampling", () => {
    const X = normalMatrix(400, 12, 4);
    const y = Float64Array.from(
      { length: X.rows },
      (_, r) => (at(X, r, 2) > 0 ? 1 : 0) + (at(X, r, 5) > 0.5 ? 1 : 0),
    );
    const options = { nEstimators: 8, subsample: 0.7, colsampleByTree: 0.5, seed: 11 };
    const a = stringifyXGBoostModel(new GradientBoostedTrees(options).fit(X, y).ensemble);
    const b = stringifyXGBoostModel(new GradientBoostedTrees(options).fit(X, y).ensemble);
    const c = stringifyXGBoostModel(new GradientBoostedTrees({ ...options, seed: 12 }).fit(X, y).ensemble);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it("samples columns per tree and rows per tree", () => {
    const X = normalMatrix(500, 20, 5);
    const y = Float64Array.from({ length: X.rows }, (_, r) => at(X, r, 0) + at(X, r, 7) + at(X, r, 13));
    const columns = new GradientBoostedTrees({
      objective: "reg:squarederror",
      nEstimators: 10,
      colsampleByTree: 0.2,
    }).fit(X, y);
    for (const tree of columns.ensemble.trees) {
      const used = new Set<number>();
      for (let node = 0; node < tree.leftChildren.length; node++)
        if (tree.leftChildren[node] >= 0) used.add(tree.splitFeatures[node]);
      expect(used.size).toBeLessThanOrEqual(4);
    }
    const rows = new GradientBoostedTrees({
      objective: "reg:squarederror",
      nEstimators: 10,
      subsample: 0.5,
    }).fit(X, y);
    for (const tree of rows.ensemble.trees) {
      // Squared error has unit hessians: the root's cover counts the sampled rows.
      expect(tree.sumHessians[0]).toBeGreaterThan(200);
      expect(tree.sumHessians[0]).toBeLessThan(300);
    }
    const full = new GradientBoostedTrees({ objective: "reg:squarederror", nEstimators: 1 }).fit(X, y);
    expect(full.ensemble.trees[0].sumHessians[0]).toBe(500);
  });

  it("respects maxDepth, minChildWeight and gamma", () => {
    const X = normalMatrix(600, 6, 6);
    const y = Float64Array.from(
      { length: X.rows },
      (_, r) => Math.sin(3 * at(X, r, 0)) + at(X, r, 1) * at(X, r, 2),
    );
    const deep = new GradientBoostedTrees({ objective: "reg:squarederror", nEstimators: 5, maxDepth: 3 }).fit(
      X,
      y,
    );
    for (const tree of deep.ensemble.trees) expect(treeDepthOf(tree)).toBeLessThanOrEqual(3);
    const heavy = new GradientBoostedTrees({
      objective: "reg:squarederror",
      nEstimators: 5,
      minChildWeight: 50,
    }).fit(X, y);
    for (const tree of heavy.ensemble.trees)
      for (let node = 0; node < tree.leftChildren.length; node++)
        expect(tree.sumHessians[node]).toBeGreaterThanOrEqual(50);
    const pruned = new GradientBoostedTrees({ objective: "reg:squarederror", nEstimators: 5, gamma: 5 }).fit(
      X,
      y,
    );
    for (const tree of pruned.ensemble.trees)
      for (let node = 0; node < tree.leftChildren.length; node++)
        if (tree.leftChildren[node] >= 0) expect(tree.lossChanges[node]).toBeGreaterThanOrEqual(5);
  });

  it("learns the default direction of missing values", () => {
    // y = x > 0.5; a fifth of the rows lose x, and those rows are all of one class.
    for (const missingClass of [0, 1]) {
      const random = new SeededRandom(7 + missingClass);
      const rows = 1000;
      const data = new Float64Array(rows);
      const y = new Float64Array(rows);
      for (let r = 0; r < rows; r++) {
        const x = random.uniform();
        y[r] = r % 5 === 0 ? missingClass : x > 0.5 ? 1 : 0;
        data[r] = r % 5 === 0 ? Number.NaN : x;
      }
      const X = { data, rows, cols: 1 };
      const model = new GradientBoostedTrees({
        objective: "binary:logistic",
        nEstimators: 5,
        maxDepth: 1,
      }).fit(X, y);
      for (const tree of model.ensemble.trees) {
        expect(tree.leftChildren[0]).toBe(1);
        const threshold = tree.splitConditions[0];
        expect(Math.abs(threshold - 0.5)).toBeLessThan(0.01);
        // Class 0 lives left of the threshold: missing rows of class 0 go left, of class 1 right.
        expect(tree.defaultLeft[0]).toBe(missingClass === 0 ? 1 : 0);
      }
      const predicted = model.predict({ data: Float64Array.of(Number.NaN, 0.2, 0.8), rows: 3, cols: 1 });
      expect(Array.from(predicted)).toEqual([missingClass, 0, 1]);
    }
  });

  it("early stopping keeps the best iteration", () => {
    // Half of the labels are noise: the validation loss falls, then rises as the trees overfit.
    const X = normalMatrix(900, 6, 8);
    const random = new SeededRandom(80);
    const y = Float64Array.from({ length: X.rows }, (_, r) =>
      random.uniform() < 0.5 ? random.integer(3) : at(X, r, 0) > 0.3 ? 2 : at(X, r, 1) > 0 ? 1 : 0,
    );
    const { trainX, trainY, testX, testY } = split(X, y, 600);
    const options = { nEstimators: 200, maxDepth: 6, learningRate: 0.5, earlyStoppingRounds: 5 };
    const model = new GradientBoostedTrees(options).fit(trainX, trainY, {
      validation: { X: testX, y: testY },
    });
    const history = model.evaluationHistory;
    const best = model.bestIteration!;
    expect(best).toBeGreaterThan(0);
    expect(history.length).toBe(best + 6);
    expect(history.length).toBeLessThan(200);
    expect(best).toBe(history.indexOf(Math.min(...history)));
    expect(model.bestScore).toBe(history[best]);
    expect(model.rounds).toBe(best + 1);
    expect(model.ensemble.attributes).toEqual({
      best_iteration: String(best),
      best_ntree_limit: String(best + 1),
    });
    // The kept model is the model trained for best + 1 rounds, and its validation loss is the best.
    const direct = new GradientBoostedTrees({
      ...options,
      earlyStoppingRounds: undefined,
      nEstimators: best + 1,
    }).fit(trainX, trainY);
    expect(stringifyXGBoostModel(direct.ensemble)).toBe(stringifyXGBoostModel(model.ensemble));
    expect(evaluateMetric("mlogloss", model.predictProba(testX), testY, 3)).toBeCloseTo(history[best], 12);
  });

  it("records the validation metric without early stopping", () => {
    const X = normalMatrix(300, 3, 9);
    const y = Float64Array.from({ length: X.rows }, (_, r) => at(X, r, 0));
    const model = new GradientBoostedTrees({ objective: "reg:squarederror", nEstimators: 7 }).fit(X, y, {
      validation: { X, y },
    });
    expect(model.evaluationHistory.length).toBe(7);
    expect(model.rounds).toBe(7);
    expect(model.evaluationHistory[6]).toBeCloseTo(evaluateMetric("rmse", model.predict(X), y, 1), 6);
  });

  it("rejects invalid options and data", () => {
    expect(() => new GradientBoostedTrees({ maxDepth: 0 })).toThrow(RangeError);
    expect(() => new GradientBoostedTrees({ subsample: 0 })).toThrow(RangeError);
    expect(() => new GradientBoostedTrees({ colsampleByTree: 1.5 })).toThrow(RangeError);
    expect(() => new GradientBoostedTrees({ maxBin: 1 })).toThrow(RangeError);
    expect(() => new GradientBoostedTrees({ objective: "rank:ndcg" as never })).toThrow(RangeError);
    const X = normalMatrix(10, 2, 10);
    expect(() => new GradientBoostedTrees().fit(X, new Float64Array(9))).toThrow(/rows/);
    expect(() =>
      new GradientBoostedTrees().fit(
        X,
        Float64Array.from({ length: 10 }, (_, i) => i + 0.5),
      ),
    ).toThrow(/classes/);
    expect(() =>
      new GradientBoostedTrees({ objective: "binary:logistic" }).fit(X, new Float64Array(10).fill(2)),
    ).toThrow(/\[0, 1\]/);
    const twoClasses = Float64Array.from({ length: 10 }, (_, i) => i % 2);
    expect(() => new GradientBoostedTrees({ earlyStoppingRounds: 3 }).fit(X, twoClasses)).toThrow(
      /validation/,
    );
    expect(() => new GradientBoostedTrees().fit(X, new Float64Array(10))).toThrow(/at least 2 classes/);
    expect(() => new GradientBoostedTrees().predict(X)).toThrow(/fit/);
    expect(() =>
      new GradientBoostedTrees({ objective: "binary:logistic", baseScore: 1 }).fit(X, new Float64Array(10)),
    ).toThrow(/baseScore/);
  });

  it("handles constant and all-missing columns", () => {
    const rows = 50;
    const data = new Float64Array(rows * 3);
    const y = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      data[r * 3] = 1;
      data[r * 3 + 1] = Number.NaN;
      data[r * 3 + 2] = r;
      y[r] = r < 25 ? 0 : 1;
    }
    const model = new GradientBoostedTrees({ objective: "binary:logistic", nEstimators: 3 }).fit(
      { data, rows, cols: 3 },
      y,
    );
    for (const tree of model.ensemble.trees) expect(tree.splitFeatures[0]).toBe(2);
    expect(accuracy(y, model.predict({ data, rows, cols: 3 }))).toBe(1);
  });
});
