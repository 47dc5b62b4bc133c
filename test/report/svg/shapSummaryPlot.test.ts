import { describe, expect, it } from "vitest";
import { featureValueColor, MISSING_COLOR } from "../../../src/report/svg/colors.js";
import {
  meanAbsoluteShap,
  rankByValue,
  shapSummaryPlot,
  subsampleRows,
} from "../../../src/report/svg/shapSummaryPlot.js";
import { createRandom } from "../../../src/util/random.js";
import { checkChart, expectHostileNamesEscaped, HOSTILE_NAMES } from "./svgAssertions.js";
import { findAll, type XmlElement } from "./xmlChecker.js";

/** cells × features with SHAP = scale_j × value + noise, so importance falls with `scales`. */
function synthetic(rows: number, scales: number[], seed = 1) {
  const cols = scales.length;
  const random = createRandom(seed);
  const shap = new Float64Array(rows * cols);
  const values = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const value = random.normal();
      values[i * cols + j] = value;
      shap[i * cols + j] = scales[j] * value + 0.01 * random.normal();
    }
  return {
    featureNames: scales.map((_, j) => `feature_${j}`),
    shapValues: { data: shap, rows, cols },
    featureValues: { data: values, rows, cols },
  };
}

function featureRows(root: XmlElement): XmlElement[] {
  return findAll(root, "g").filter((g) => g.attributes.class === "feature-row");
}

describe("shapSummaryPlot", () => {
  it("ranks features by mean |SHAP|, skipping non-finite values", () => {
    const { means, nonFinite } = meanAbsoluteShap({
      data: [1, -4, Number.NaN, 3, -2, Number.NaN],
      rows: 2,
      cols: 3,
    });
    expect(Array.from(means)).toEqual([2, 3, Number.NaN]);
    expect(nonFinite).toBe(2);
    expect(rankByValue([2, 3, Number.NaN, 3], 10)).toEqual([1, 3, 0]);
    expect(rankByValue([2, 3, 1], 2)).toEqual([1, 0]);
  });

  it("draws one labelled row per feature, most important on top, with axis and colour bar", () => {
    const data = synthetic(80, [0.5, 2, 0.1]);
    const chart = checkChart(shapSummaryPlot(data, { title: "SHAP for T_cell" }));
    expect(chart.titles[0]).toBe("SHAP for T_cell");
    const labels = chart.texts.filter((t) => t.startsWith("feature_"));
    expect(labels).toEqual(["feature_1", "feature_0", "feature_2"]);
    expect(chart.texts).toContain("SHAP value (impact on model output)");
    expect(chart.texts).toEqual(expect.arrayContaining(["Feature value", "High", "Low"]));
    const rows = featureRows(chart.root);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(findAll(row, "circle")).toHaveLength(80);
    expect(chart.titles.some((t) => t.startsWith("feature_1: mean |SHAP| = "))).toBe(true);
  });

  it("colours points by the feature value scaled to its 5th–95th percentile", () => {
    const data = synthetic(100, [1]);
    const values = data.featureValues.data;
    const chart = checkChart(shapSummaryPlot(data));
    const circles = findAll(featureRows(chart.root)[0], "circle");
    let lowest = 0;
    let highest = 0;
    for (let i = 1; i < 100; i++) {
      if (values[i] < values[lowest]) lowest = i;
      if (values[i] > values[highest]) highest = i;
    }
    expect(circles[lowest].attributes.fill).toBe(featureValueColor(0));
    expect(circles[highest].attributes.fill).toBe(featureValueColor(1));
    // Higher SHAP (feature value) lies further right.
    expect(Number(circles[highest].attributes.cx)).toBeGreaterThan(Number(circles[lowest].attributes.cx));
  });

  it("keeps every point within its row, even when thousands share one value", () => {
    const rows = 2000;
    const data = {
      featureNames: ["constant", "spread"],
      shapValues: {
        data: Float64Array.from({ length: rows * 2 }, (_, k) => (k % 2 === 0 ? 0.5 : (k % 7) - 3)),
        rows,
        cols: 2,
      },
    };
    const chart = checkChart(shapSummaryPlot(data, { maxPoints: rows, rowHeight: 30 }));
    const labelY = findAll(chart.root, "text")
      .filter((t) => t.children[0] === "constant" || t.children[0] === "spread")
      .map((t) => Number(t.attributes.y) - 0.35 * 11);
    featureRows(chart.root).forEach((row, r) => {
      for (const circle of findAll(row, "circle"))
        expect(Math.abs(Number(circle.attributes.cy) - labelY[r])).toBeLessThanOrEqual(15);
    });
  });

  it("subsamples big inputs deterministically and says so", () => {
    const data = synthetic(5000, [1, 0.5]);
    const svg = shapSummaryPlot(data, { maxPoints: 700 });
    expect(shapSummaryPlot(data, { maxPoints: 700 })).toBe(svg);
    expect(shapSummaryPlot(data, { maxPoints: 700, seed: 9 })).not.toBe(svg);
    const chart = checkChart(svg);
    for (const row of featureRows(chart.root)) expect(findAll(row, "circle")).toHaveLength(700);
    expect(chart.texts.join(" ")).toContain("Showing 700 of 5,000 cells per feature");
    const sample = subsampleRows(5000, 700, 0);
    expect(sample).toHaveLength(700);
    expect(new Set(sample).size).toBe(700);
    expect(Array.from(sample)).toEqual(Array.from(sample).sort((a, b) => a - b));
    expect(Array.from(subsampleRows(3, 10, 0))).toEqual([0, 1, 2]);
  });

  it("shows only the top features and counts the others", () => {
    const data = synthetic(
      20,
      Array.from({ length: 30 }, (_, j) => 30 - j),
    );
    const chart = checkChart(shapSummaryPlot(data, { maxFeatures: 5 }));
    expect(featureRows(chart.root)).toHaveLength(5);
    expect(chart.texts).toContain("Top 5 of 30 features by mean |SHAP value|.");
  });

  it("skips and counts non-finite SHAP values and greys missing feature values", () => {
    const data = synthetic(10, [1, 2]);
    data.shapValues.data[0] = Number.NaN;
    data.shapValues.data[3] = Number.POSITIVE_INFINITY;
    data.featureValues.data[4] = Number.NaN;
    const chart = checkChart(shapSummaryPlot(data));
    expect(chart.texts).toContain("2 non-finite SHAP values (NaN/±∞) skipped.");
    expect(chart.texts).toContain("1 point in grey: feature value missing.");
    const counts = featureRows(chart.root).map((row) => findAll(row, "circle").length);
    expect(counts.sort()).toEqual([9, 9]);
    const fills = featureRows(chart.root).flatMap((row) =>
      findAll(row, "circle").map((c) => c.attributes.fill),
    );
    expect(fills.filter((f) => f === MISSING_COLOR)).toHaveLength(1);
  });

  it("draws uncoloured points and no colour bar without feature values", () => {
    const { featureNames, shapValues } = synthetic(10, [1]);
    const chart = checkChart(shapSummaryPlot({ featureNames, shapValues }));
    expect(chart.texts).not.toContain("Feature value");
  });

  it("handles empty input, all-NaN input and a single cell", () => {
    const empty = checkChart(
      shapSummaryPlot({ featureNames: ["a"], shapValues: { data: [], rows: 0, cols: 1 } }),
    );
    expect(empty.texts).toContain("No data");
    const none = checkChart(
      shapSummaryPlot({ featureNames: [], shapValues: { data: [], rows: 3, cols: 0 } }),
    );
    expect(none.texts).toContain("No data");
    const nan = checkChart(
      shapSummaryPlot({
        featureNames: ["a"],
        shapValues: { data: [Number.NaN, Number.NaN], rows: 2, cols: 1 },
      }),
    );
    expect(nan.texts).toEqual(
      expect.arrayContaining(["No data", "2 non-finite SHAP values (NaN/±∞) skipped."]),
    );
    const single = checkChart(
      shapSummaryPlot({
        featureNames: ["a", "b"],
        shapValues: { data: [0.3, -0.2], rows: 1, cols: 2 },
        featureValues: { data: [1, 2], rows: 1, cols: 2 },
      }),
    );
    expect(featureRows(single.root).map((row) => findAll(row, "circle").length)).toEqual([1, 1]);
  });

  it("throws on shape mismatches", () => {
    const data = synthetic(5, [1, 2]);
    expect(() => shapSummaryPlot({ ...data, featureNames: ["only one"] })).toThrow(RangeError);
    expect(() => shapSummaryPlot({ ...data, featureValues: { data: [1], rows: 1, cols: 1 } })).toThrow(
      RangeError,
    );
  });

  it("escapes hostile feature names and truncates long ones with a tooltip", () => {
    const long = `Intensity_${"very_".repeat(30)}long`;
    const names = [...HOSTILE_NAMES, long];
    const data = synthetic(
      10,
      names.map((_, j) => names.length - j),
    );
    const svg = shapSummaryPlot({ ...data, featureNames: names });
    const chart = checkChart(svg);
    expectHostileNamesEscaped(chart, svg);
    expect(chart.texts.some((t) => t.startsWith("Intensity_very_") && t.endsWith("…"))).toBe(true);
    expect(chart.titles).toContain(long);
  });
});
