import { describe, expect, it } from "vitest";
import {
  checkLabelVectors,
  confusionMatrix,
  confusionMatrixRows,
  correctCount,
  predictedTotals,
  presentLabels,
  sampleCount,
  trueTotals,
} from "../../../src/ml/metrics/confusionMatrix.js";
import { labelVectors, METRIC_CASES } from "./metricsVectors.js";

describe("confusionMatrix", () => {
  it("equals sklearn confusion_matrix(labels=range(K)) on every case", () => {
    expect(METRIC_CASES.length).toBeGreaterThanOrEqual(30);
    for (const c of METRIC_CASES) {
      const { yTrue, yPred } = labelVectors(c);
      const matrix = confusionMatrix(yTrue, yPred, c.classCount);
      expect(confusionMatrixRows(matrix), c.name).toEqual(c.confusionMatrix);
      expect(Array.from(presentLabels(matrix)), c.name).toEqual(c.presentLabels);
      expect(sampleCount(matrix)).toBe(c.yTrue.length);
    }
  });

  it("derives totals, trace and the class count from the codes", () => {
    const matrix = confusionMatrix(Int32Array.of(0, 0, 2, 1), Int32Array.of(0, 2, 2, 0));
    expect(matrix.classCount).toBe(3);
    expect(Array.from(trueTotals(matrix))).toEqual([2, 1, 1]);
    expect(Array.from(predictedTotals(matrix))).toEqual([2, 0, 2]);
    expect(correctCount(matrix)).toBe(2);
    expect(confusionMatrix(Int32Array.of(0), Int32Array.of(0), 4).classCount).toBe(4);
  });

  it("rejects empty, unequal or negative input with a clear error", () => {
    expect(() => confusionMatrix(new Int32Array(0), new Int32Array(0))).toThrow(/zero rows/);
    expect(() => checkLabelVectors(Int32Array.of(1), Int32Array.of(1, 2))).toThrow(/differ in length/);
    expect(() => confusionMatrix(Int32Array.of(0, -1), Int32Array.of(0, 0))).toThrow(/≥ 0/);
  });
});
