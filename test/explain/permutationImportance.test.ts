import { describe, expect, it } from "vitest";
import {
  permutationImportance,
  permutationRowOrders,
  trainedModelPredictor,
} from "../../src/explain/permutationImportance.js";
import type { Matrix } from "../../src/ml/matrix.js";
import { decodeFloats, type EncodedFloat, loadVectors } from "../reference/loadVectors.js";
import { classificationData, fitTrainedModel } from "./explainFixtures.js";

interface PermutationVectors {
  X: EncodedFloat[][];
  y: number[];
  weights: number[][];
  intercepts: number[];
  nRepeats: number;
  rowOrders: number[][];
  cases: {
    metric: "accuracy" | "macro_f1" | "balanced_accuracy";
    baseline: EncodedFloat;
    importances: EncodedFloat[][];
    importancesMean: EncodedFloat[];
    importancesStd: EncodedFloat[];
  }[];
}

const vectors = loadVectors<{ permutation: PermutationVectors }>("explain_vectors").permutation;

/** The script's fixed rule: argmax(W x + b). */
function linearRule(weights: number[][], intercepts: number[]): (X: Matrix) => Int32Array {
  return (X) =>
    Int32Array.from({ length: X.rows }, (_, r) => {
      let best = 0;
      let bestScore = Number.NEGATIVE_INFINITY;
      weights.forEach((w, k) => {
        let score = intercepts[k];
        for (let j = 0; j < X.cols; j++) score += w[j] * X.data[r * X.cols + j];
        if (score > bestScore) {
          bestScore = score;
          best = k;
        }
      });
      return best;
    });
}

describe("permutationImportance against scikit-learn 1.2's permutation_importance", () => {
  const rows = vectors.X.length;
  const cols = vectors.X[0].length;
  const X: Matrix = { data: decodeFloats(vectors.X.flat()), rows, cols };
  const y = Int32Array.from(vectors.y);
  const predict = linearRule(vectors.weights, vectors.intercepts);

  it.each(vectors.cases)("$metric: same baseline, per-repeat drops, mean and std (1e-12)", (expected) => {
    // scikit-learn's seeded shuffles, exported as row orders, make the permutations identical.
    const result = permutationImportance(predict, X, y, {
      metric: expected.metric,
      rowOrders: vectors.rowOrders,
    });
    expect(result.baselineScore).toBe(expected.baseline);
    expect(result.nRepeats).toBe(vectors.nRepeats);
    const importances = decodeFloats(expected.importances.flat());
    // The drops are differences of the same ratios of counts: equal bit for bit.
    expect(Array.from(result.importances)).toEqual(Array.from(importances));
    const mean = decodeFloats(expected.importancesMean);
    const std = decodeFloats(expected.importancesStd);
    for (let j = 0; j < cols; j++) {
      expect(Math.abs(result.importancesMean[j] - mean[j])).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(result.importancesStd[j] - std[j])).toBeLessThanOrEqual(1e-12);
    }
    // The rule ignores feature 3: exactly 0.
    expect(result.importancesMean[3]).toBe(0);
    expect(result.importancesStd[3]).toBe(0);
  });
});

describe("permutationImportance", () => {
  it("gives exactly 0 to every feature a model ignores and a positive drop to the one it uses", () => {
    const { X, y } = classificationData(200, 6, 2, 4);
    // A model that looks only at feature 2.
    const predict = (M: Matrix) =>
      Int32Array.from({ length: M.rows }, (_, r) => (M.data[r * M.cols + 2] > 2 ? 1 : 0));
    const labels = predict(X);
    const result = permutationImportance(predict, X, labels, { nRepeats: 4, seed: 3 });
    expect(result.baselineScore).toBe(1);
    for (let j = 0; j < 6; j++) {
      if (j === 2) expect(result.importancesMean[j]).toBeGreaterThan(0.2);
      else {
        expect(result.importancesMean[j]).toBe(0);
        expect(Array.from(result.importances.subarray(j * 4, j * 4 + 4))).toEqual([0, 0, 0, 0]);
      }
    }
    // Same seed, same result; X is left as it was.
    const copy = X.data.slice();
    const again = permutationImportance(predict, X, y, { nRepeats: 4, seed: 3 });
    expect(Array.from(X.data)).toEqual(Array.from(copy));
    expect(again.nRepeats).toBe(4);
  });

  it("computes every drop from the seeded row orders", () => {
    const { X, y } = classificationData(60, 3, 3, 9);
    const model = fitTrainedModel("lr", X, y, ["a", "b", "c"], ["f0", "f1", "f2"]);
    const predict = (M: Matrix) => model.classifier.predict(model.prepare(M));
    const result = permutationImportance(trainedModelPredictor(model), X, y, {
      nRepeats: 3,
      seed: 11,
      metric: "balanced_accuracy",
    });
    const orders = permutationRowOrders(60, 3, 11);
    const accuracyOf = (pred: Int32Array) => {
      // Balanced accuracy by hand: mean recall over classes.
      let total = 0;
      for (let k = 0; k < 3; k++) {
        let hits = 0;
        let count = 0;
        for (let i = 0; i < y.length; i++)
          if (y[i] === k) {
            count++;
            if (pred[i] === k) hits++;
          }
        total += hits / count;
      }
      return total / 3;
    };
    const baseline = accuracyOf(predict(X));
    expect(Math.abs(result.baselineScore - baseline)).toBeLessThanOrEqual(1e-12);
    for (let j = 0; j < 3; j++)
      for (let r = 0; r < 3; r++) {
        const permuted = X.data.slice();
        for (let i = 0; i < 60; i++) permuted[i * 3 + j] = X.data[orders[r][i] * 3 + j];
        const drop = baseline - accuracyOf(predict({ data: permuted, rows: 60, cols: 3 }));
        expect(Math.abs(result.importances[j * 3 + r] - drop)).toBeLessThanOrEqual(1e-12);
      }
  });

  it("scores a seeded subset with maxSamples and rejects bad input", () => {
    const { X, y } = classificationData(50, 2, 2, 1);
    const predict = (M: Matrix) => new Int32Array(M.rows);
    expect(permutationImportance(predict, X, y, { maxSamples: 20 }).rows).toBe(20);
    expect(() => permutationImportance(predict, X, y.subarray(1))).toThrow(/rows/);
    expect(() => permutationImportance(predict, X, y, { rowOrders: [[0, 1]] })).toThrow(/row order/);
    expect(() => permutationImportance(predict, X, y, { metric: "auc" as never })).toThrow(/unknown metric/);
    expect(() => permutationRowOrders(5, 0)).toThrow(/nRepeats/);
    const orders = permutationRowOrders(10, 2, 5);
    expect(Array.from(orders[0]).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(orders[0])).not.toEqual(Array.from(orders[1]));
  });
});

describe("trainedModelPredictor of gradient-boosted trees", () => {
  it.each([2, 4])(
    "%i classes: re-evaluating only the affected trees gives the model's own predictions",
    (classCount) => {
      const { X, y } = classificationData(400, 40, classCount, 30 + classCount);
      const names = Array.from({ length: 40 }, (_, j) => `f${j}`);
      const classes = Array.from({ length: classCount }, (_, k) => `c${k}`);
      const model = fitTrainedModel("gbdt", X, y, classes, names, {
        modelOptions: { nEstimators: 20, maxDepth: 4 },
      });
      const predictor = trainedModelPredictor(model);
      const predict = (M: Matrix) => model.classifier.predict(model.prepare(M));
      expect(Array.from(predictor.begin(X))).toEqual(Array.from(predict(X)));
      const orders = permutationRowOrders(400, 2, 8);
      for (let j = 0; j < 40; j++)
        for (const order of orders) {
          const permuted = X.data.slice();
          for (let i = 0; i < 400; i++) permuted[i * 40 + j] = X.data[order[i] * 40 + j];
          expect(Array.from(predictor.predictPermuted(j, order)), `column ${j}`).toEqual(
            Array.from(predict({ data: permuted, rows: 400, cols: 40 })),
          );
        }
      let started = performance.now();
      const fast = permutationImportance(predictor, X, y, { nRepeats: 3, metric: "macro_f1" });
      const fastSeconds = (performance.now() - started) / 1000;
      started = performance.now();
      const slow = permutationImportance(predict, X, y, { nRepeats: 3, metric: "macro_f1" });
      const slowSeconds = (performance.now() - started) / 1000;
      expect(Array.from(fast.importances)).toEqual(Array.from(slow.importances));
      console.log(
        `permutation importance, ${classCount} classes, 400 rows × 40 features × 3 repeats, ${20 * (classCount === 2 ? 1 : classCount)} trees: ` +
          `${fastSeconds.toFixed(3)} s re-evaluating affected trees, ${slowSeconds.toFixed(3)} s predicting from scratch`,
      );
    },
  );
});
