import { describe, expect, it } from "vitest";
import { classTypicalValues, explainCell } from "../../src/explain/cellExplanation.js";
import type { ShapResult } from "../../src/explain/shapValues.js";
import { waterfallPlot } from "../../src/report/svg/waterfallPlot.js";
import { checkChart } from "../report/svg/svgAssertions.js";

// Two rows, two classes, four features.
const shap: ShapResult = {
  values: Float64Array.from([
    // row 0, class 0
    0.1, -0.4, 0.4, 0.05,
    // row 0, class 1
    -0.1, 0.4, -0.4, -0.05,
    // row 1, class 0
    1, 0, 0, 0,
    // row 1, class 1
    -1, 0, 0, 0,
  ]),
  bias: Float64Array.from([0.2, -0.2, 0.5, -0.5]),
  rows: 2,
  classes: ["T_cell", "B_cell"],
  featureNames: ["area_Ch1", "mean_Ch2", "max_Ch2", "dice_distance_Ch1_Ch2"],
  outputSpace: "margin (log-odds)",
  method: "tree",
};

describe("explainCell", () => {
  it("orders features by |SHAP| (ties by column) with raw and typical values", () => {
    const typical = Float64Array.from([10, 20, 30, 40, 11, 21, 31, 41]);
    const explanation = explainCell(shap, 0, [0.3, 0.7], [1, 2, 3, Number.NaN], typical, { topN: 3 });
    expect(explanation.className).toBe("B_cell");
    expect(explanation.classIndex).toBe(1);
    expect(explanation.probability).toBe(0.7);
    expect(explanation.predicted).toBe(true);
    expect(explanation.contributions.map((c) => c.feature)).toEqual(["mean_Ch2", "max_Ch2", "area_Ch1"]);
    expect(explanation.contributions.map((c) => c.shap)).toEqual([0.4, -0.4, -0.1]);
    expect(explanation.contributions.map((c) => c.value)).toEqual([2, 3, 1]);
    expect(explanation.contributions.map((c) => c.typicalValue)).toEqual([21, 31, 11]);
    expect(explanation.otherContributions).toBe(-0.05);
    expect(explanation.bias).toBe(-0.2);
    expect(explanation.output).toBeCloseTo(-0.2 - 0.15, 12);
    expect(explanation.waterfall.featureValues?.[1]).toBe("2 (typical 21)");
    // The waterfall renders.
    checkChart(waterfallPlot(explanation.waterfall, { maxFeatures: 2 }));
  });

  it("explains another class on request and works without typical values", () => {
    const explanation = explainCell(shap, 1, [0.9, 0.1], [5, 6, 7, 8], null, { classIndex: 1, topN: 1 });
    expect(explanation.className).toBe("B_cell");
    expect(explanation.predicted).toBe(false);
    expect(explanation.contributions).toEqual([
      { feature: "area_Ch1", index: 0, shap: -1, value: 5, typicalValue: Number.NaN },
    ]);
    expect(explanation.otherContributions).toBe(0);
    expect(() => explainCell(shap, 2, [0.5, 0.5], [1, 2, 3, 4], null)).toThrow(/row 2/);
    expect(() => explainCell(shap, 0, [1], [1, 2, 3, 4], null)).toThrow(/probabilities/);
    expect(() => explainCell(shap, 0, [0.5, 0.5], [1, 2, 3, 4], null, { classIndex: 2 })).toThrow(/class 2/);
  });
});

describe("classTypicalValues", () => {
  it("is the NaN-skipping median per class; NaN for empty classes; unlabelled rows skipped", () => {
    const X = {
      data: Float64Array.from([1, 10, 2, Number.NaN, 3, 30, 4, 40, 100, 100]),
      rows: 5,
      cols: 2,
    };
    const typical = classTypicalValues(X, [0, 0, 0, 1, -1], 3);
    expect(Array.from(typical)).toEqual([2, 20, 4, 40, Number.NaN, Number.NaN]);
    expect(() => classTypicalValues(X, [0], 3)).toThrow(/labels/);
  });
});
