import { describe, expect, it } from "vitest";
import { confusionMatrix } from "../../../src/ml/metrics/confusionMatrix.js";
import {
  averagedScoresFromConfusion,
  classScores,
  f1Score,
  precisionRecallF1,
  precisionScore,
  recallScore,
} from "../../../src/ml/metrics/precisionRecallF1.js";
import { expectAllClose, expectClose, labelVectors, METRIC_CASES } from "./metricsVectors.js";

describe("precision, recall and F1", () => {
  it("equal sklearn per class and for macro, micro and weighted averages, present and all labels", () => {
    for (const c of METRIC_CASES) {
      const { yTrue, yPred } = labelVectors(c);
      const allLabels = c.classNames.map((_, i) => i);
      for (const [set, labels] of [
        ["present", undefined],
        ["all", allLabels],
      ] as const) {
        const expected = c[set];
        const what = `${c.name} (${set})`;
        const perClass = classScores(yTrue, yPred, { labels });
        expectAllClose(perClass.precision, expected.perClass.precision, `${what} precision`);
        expectAllClose(perClass.recall, expected.perClass.recall, `${what} recall`);
        expectAllClose(perClass.f1, expected.perClass.f1, `${what} f1`);
        expect(Array.from(perClass.support), what).toEqual(expected.perClass.support);
        for (const average of ["macro", "micro", "weighted"] as const) {
          const scores = precisionRecallF1(yTrue, yPred, average, { labels });
          expectClose(scores.precision, expected[average].precision, `${what} ${average} precision`);
          expectClose(scores.recall, expected[average].recall, `${what} ${average} recall`);
          expectClose(scores.f1, expected[average].f1, `${what} ${average} f1`);
        }
      }
    }
  });

  it("sets undefined ratios to the zeroDivision value", () => {
    // Class 2 is never predicted (precision undefined) and never true (recall undefined).
    const yTrue = Int32Array.of(0, 1, 1);
    const yPred = Int32Array.of(0, 1, 0);
    const zero = classScores(yTrue, yPred, { labels: [0, 1, 2] });
    expect(Array.from(zero.precision)).toEqual([0.5, 1, 0]);
    expect(Array.from(zero.recall)).toEqual([1, 0.5, 0]);
    const one = classScores(yTrue, yPred, { labels: [0, 1, 2], zeroDivision: 1 });
    expect(Array.from(one.precision)).toEqual([0.5, 1, 1]);
    expect(Array.from(one.f1)).toEqual([2 / 3, 2 / 3, 1]);
  });

  it("offers sklearn's shortcuts with macro as the default average", () => {
    const yTrue = Int32Array.of(0, 0, 1, 1, 2, 2);
    const yPred = Int32Array.of(0, 1, 1, 1, 2, 0);
    const macro = precisionRecallF1(yTrue, yPred, "macro");
    expect(f1Score(yTrue, yPred)).toBe(macro.f1);
    expect(precisionScore(yTrue, yPred)).toBe(macro.precision);
    expect(recallScore(yTrue, yPred, "micro")).toBe(4 / 6);
  });

  it("handles a label subset with no support like sklearn's weighted average", () => {
    const matrix = confusionMatrix(Int32Array.of(0, 0), Int32Array.of(1, 0), 3);
    expect(averagedScoresFromConfusion(matrix, "weighted", [1])).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(averagedScoresFromConfusion(matrix, "weighted", [2], 1)).toEqual({
      precision: 1,
      recall: 1,
      f1: 1,
    });
    expect(() => averagedScoresFromConfusion(matrix, "weighted", [5])).toThrow(/not a class code/);
  });
});
