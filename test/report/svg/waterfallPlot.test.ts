import { describe, expect, it } from "vitest";
import { SHAP_BLUE, SHAP_RED } from "../../../src/report/svg/colors.js";
import { MINUS } from "../../../src/report/svg/numberFormat.js";
import { waterfallPlot } from "../../../src/report/svg/waterfallPlot.js";
import { checkChart, expectHostileNamesEscaped, HOSTILE_NAMES } from "./svgAssertions.js";
import { findAll, type XmlElement } from "./xmlChecker.js";

function steps(root: XmlElement): XmlElement[] {
  return findAll(root, "g").filter((g) => g.attributes.class === "step");
}

function arrowEnds(step: XmlElement): { from: number; tip: number } {
  const numbers = findAll(step, "path")[0]
    .attributes.d.split(/[MLZ,]/)
    .filter(Boolean)
    .map(Number);
  // M from,top L neck,top L tip,middle …
  return { from: numbers[0], tip: numbers[4] };
}

describe("waterfallPlot", () => {
  const data = {
    baseValue: 0.5,
    contributions: [0.3, -0.8, 0.05, -0.01, 0.02],
    featureNames: ["area", "intensity", "texture", "shape", "hog"],
    featureValues: [120.5, 0.25, 3, "high", Number.NaN],
  };

  it("lists f(x), the features by |contribution| with their values, the pooled rest and E[f(x)]", () => {
    const chart = checkChart(waterfallPlot(data, { maxFeatures: 2 }));
    const rowLabels = chart.texts.filter((t) => /=|other features/.test(t));
    expect(rowLabels).toEqual([
      // 0.5 + 0.3 − 0.8 + 0.05 − 0.01 + 0.02 = 0.06
      "f(x) = 0.06",
      "intensity = 0.25",
      "area = 121",
      "3 other features",
      "E[f(x)] = 0.5",
    ]);
    expect(chart.texts).toEqual(expect.arrayContaining([`${MINUS}0.8`, "+0.3", "+0.06"]));
  });

  it("walks from the base to f(x): each arrow starts where the one below ends, top arrow ends at f(x)", () => {
    const chart = checkChart(waterfallPlot(data, { maxFeatures: 10 }));
    const arrows = steps(chart.root).map(arrowEnds);
    expect(arrows).toHaveLength(5);
    for (let k = 0; k + 1 < arrows.length; k++) expect(arrows[k].from).toBeCloseTo(arrows[k + 1].tip, 1);
    const markers = findAll(chart.root, "path").filter((p) => p.attributes.fill === "#333333");
    const [outputMarker, baseMarker] = markers.map((p) => Number(p.attributes.d.slice(1).split(",")[0]));
    expect(arrows[0].tip).toBeCloseTo(outputMarker, 1);
    expect(arrows[arrows.length - 1].from).toBeCloseTo(baseMarker, 1);
    // Colours by sign; labels show feature = value (strings as given, NaN as NaN).
    const fills = steps(chart.root).map((s) => findAll(s, "path")[0].attributes.fill);
    expect(fills).toEqual([SHAP_BLUE, SHAP_RED, SHAP_RED, SHAP_RED, SHAP_BLUE]);
    expect(chart.texts).toEqual(expect.arrayContaining(["shape = high", "hog = NaN", "texture = 3"]));
  });

  it("does not pool a single leftover feature", () => {
    const chart = checkChart(
      waterfallPlot({ ...data, contributions: [0.3, -0.8, 0.05, -0.01, Number.NaN] }, { maxFeatures: 3 }),
    );
    expect(steps(chart.root)).toHaveLength(4);
    expect(chart.texts.join(" ")).not.toContain("other features");
    expect(chart.texts).toContain("1 non-finite contribution (NaN/±∞) skipped.");
  });

  it("says no data for a non-finite base value or no finite contribution", () => {
    expect(checkChart(waterfallPlot({ ...data, baseValue: Number.NaN })).texts).toContain(
      "No data: the base value is not finite",
    );
    expect(checkChart(waterfallPlot({ baseValue: 1, contributions: [], featureNames: [] })).texts).toContain(
      "No data",
    );
    expect(
      checkChart(waterfallPlot({ baseValue: 1, contributions: [Number.NaN], featureNames: ["a"] })).texts,
    ).toContain("No data");
  });

  it("draws a single contribution and zero contributions", () => {
    const one = checkChart(waterfallPlot({ baseValue: 0, contributions: [0], featureNames: ["a"] }));
    expect(steps(one.root)).toHaveLength(1);
    expect(one.texts).toContain("f(x) = 0");
  });

  it("is deterministic, escapes hostile names and truncates long ones", () => {
    const long = "y".repeat(400);
    const names = [...HOSTILE_NAMES, long];
    const hostile = { baseValue: 0, contributions: names.map((_, i) => (i + 1) / 10), featureNames: names };
    const svg = waterfallPlot(hostile);
    expect(waterfallPlot(hostile)).toBe(svg);
    const chart = checkChart(svg);
    expectHostileNamesEscaped(chart, svg);
    expect(chart.titles.some((t) => t.includes(long))).toBe(true);
    expect(chart.texts.some((t) => t.startsWith("yyy") && t.endsWith("…"))).toBe(true);
  });

  it("throws on length mismatches", () => {
    expect(() => waterfallPlot({ baseValue: 0, contributions: [1, 2], featureNames: ["a"] })).toThrow(
      RangeError,
    );
    expect(() =>
      waterfallPlot({ baseValue: 0, contributions: [1], featureNames: ["a"], featureValues: [] }),
    ).toThrow(RangeError);
  });
});
