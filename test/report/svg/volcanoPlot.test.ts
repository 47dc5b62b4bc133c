import { describe, expect, it } from "vitest";
import { SHAP_BLUE, SHAP_RED } from "../../../src/report/svg/colors.js";
import { textWidth } from "../../../src/report/svg/textMetrics.js";
import { volcanoPlot } from "../../../src/report/svg/volcanoPlot.js";
import { checkChart, expectHostileNamesEscaped, HOSTILE_NAMES } from "./svgAssertions.js";
import { findAll, textContent, type XmlElement } from "./xmlChecker.js";

function marks(root: XmlElement): XmlElement[] {
  const group = findAll(root, "g").find((g) => g.attributes.class === "points")!;
  return group.children.filter((c): c is XmlElement => typeof c !== "string");
}

function pointLabels(root: XmlElement): XmlElement[] {
  return findAll(findAll(root, "g").find((g) => g.attributes.class === "point-labels")!, "text");
}

function dashedLines(root: XmlElement): XmlElement[] {
  const group = findAll(root, "g").find((g) => g.attributes["stroke-dasharray"]);
  return group ? findAll(group, "line") : [];
}

describe("volcanoPlot", () => {
  const data = {
    labels: ["up", "down", "flat", "weak"],
    effect: [1.5, -2, 0.1, 0.8],
    pValue: [1e-4, 1e-3, 0.5, 0.2],
  };

  it("colours significant tests by direction and labels them", () => {
    const chart = checkChart(volcanoPlot(data, { title: "+SEA vs −SEA" }));
    const fill = (name: string) =>
      marks(chart.root)
        .find((m) => textContent(findAll(m, "title")[0]).startsWith(`${name}:`))!
        .children.filter((c): c is XmlElement => typeof c !== "string")
        .find((c) => c.name !== "title")!.attributes.fill;
    expect(fill("up")).toBe(SHAP_RED);
    expect(fill("down")).toBe(SHAP_BLUE);
    expect(fill("flat")).toBe("#b3b3b3");
    expect(pointLabels(chart.root).map(textContent).sort()).toEqual(["down", "up"]);
    expect(chart.texts).toEqual(
      expect.arrayContaining([
        "Higher (1)",
        "Lower (1)",
        "Not significant",
        "2 of 4 tests significant (p < 0.05).",
        "Effect size",
        "−log10 p",
      ]),
    );
    // Significant points are drawn last (on top).
    expect(textContent(findAll(marks(chart.root)[3], "title")[0]).startsWith("down")).toBe(true);
  });

  it("draws the p threshold, or the raw p matching an adjusted threshold, and effect thresholds", () => {
    const raw = checkChart(volcanoPlot(data));
    expect(dashedLines(raw.root)).toHaveLength(1);
    expect(raw.titles).toContain("Threshold: p = 0.05");
    const adjusted = checkChart(
      volcanoPlot({ ...data, adjustedPValue: [4e-4, 2e-3, 0.5, 0.27] }, { effectThreshold: 1 }),
    );
    // Horizontal line at the largest significant raw p (1e−3) and vertical lines at ±1.
    expect(dashedLines(adjusted.root)).toHaveLength(3);
    expect(adjusted.titles).toContain("Threshold: adjusted p < 0.05");
    expect(adjusted.texts).toContain("2 of 4 tests significant (adjusted p < 0.05, |effect| ≥ 1).");
    // An adjustment that does not keep the order of the p-values has no single raw-p threshold.
    const shuffled = checkChart(volcanoPlot({ ...data, adjustedPValue: [0.01, 0.9, 0.5, 0.01] }));
    expect(shuffled.titles.some((t) => t.startsWith("Threshold"))).toBe(false);
  });

  it("draws p = 0 as a triangle at the top and skips invalid tests", () => {
    const chart = checkChart(
      volcanoPlot({
        labels: ["zero", "nan", "big", "ok", "inf"],
        effect: [1, Number.NaN, 1, 1, Number.POSITIVE_INFINITY],
        pValue: [0, 0.01, 1.5, 0.01, 0.01],
      }),
    );
    expect(marks(chart.root)).toHaveLength(2);
    expect(chart.texts).toEqual(
      expect.arrayContaining([
        "1 test with p = 0 drawn as triangles at the top.",
        "3 tests with a non-finite effect or a p-value outside [0, 1] skipped.",
      ]),
    );
    const triangle = findAll(chart.root, "path").find((p) => p.attributes.fill === SHAP_RED)!;
    const circle = findAll(chart.root, "circle").find((c) => c.attributes.fill === SHAP_RED)!;
    expect(Number(triangle.attributes.d.split(",")[1].split("L")[0])).toBeLessThan(
      Number(circle.attributes.cy),
    );
  });

  it("labels the strongest tests without overlaps and counts labels left out", () => {
    const n = 60;
    const crowded = {
      labels: Array.from({ length: n }, (_, i) => `feature_${i}_Intensity_MC`),
      effect: Array.from({ length: n }, (_, i) => 1 + i * 0.001),
      pValue: Array.from({ length: n }, (_, i) => 1e-5 * (1 + i * 0.01)),
    };
    const chart = checkChart(volcanoPlot(crowded, { maxLabels: 40 }));
    const labels = pointLabels(chart.root);
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.length).toBeLessThan(40);
    expect(chart.texts).toContain(
      `${40 - labels.length} of 40 labels left out for lack of room (hover over the points).`,
    );
    // Strongest first: feature_0 (smallest p) is labelled.
    expect(labels.map(textContent)).toContain("feature_0_Intensity_MC");
    const boxes = labels.map((t) => {
      const width = textWidth(textContent(t), { fontSize: 10 });
      const x = Number(t.attributes.x);
      const anchor = t.attributes["text-anchor"] ?? "start";
      const left = anchor === "start" ? x : anchor === "end" ? x - width : x - width / 2;
      const baseline = Number(t.attributes.y);
      return { left, right: left + width, top: baseline - 10, bottom: baseline + 2 };
    });
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        const overlap =
          a.left < b.right - 0.5 &&
          b.left < a.right - 0.5 &&
          a.top < b.bottom - 0.5 &&
          b.top < a.bottom - 0.5;
        expect(overlap, `${textContent(labels[i])} / ${textContent(labels[j])}`).toBe(false);
      }
  });

  it("handles empty input, a single test and no significant test", () => {
    expect(checkChart(volcanoPlot({ labels: [], effect: [], pValue: [] })).texts).toContain("No data");
    const single = checkChart(volcanoPlot({ labels: ["only"], effect: [0], pValue: [0.5] }));
    expect(marks(single.root)).toHaveLength(1);
    expect(single.texts).toContain("0 of 1 tests significant (p < 0.05).");
    expect(pointLabels(single.root)).toHaveLength(0);
  });

  it("is deterministic, escapes hostile names and rejects mismatched arrays", () => {
    const hostile = {
      labels: HOSTILE_NAMES,
      effect: HOSTILE_NAMES.map((_, i) => (i % 2 ? 1 : -1) * (i + 1)),
      pValue: HOSTILE_NAMES.map((_, i) => 10 ** -(i + 2)),
    };
    const svg = volcanoPlot(hostile);
    expect(volcanoPlot(hostile)).toBe(svg);
    expectHostileNamesEscaped(checkChart(svg), svg);
    expect(() => volcanoPlot({ labels: ["a"], effect: [1, 2], pValue: [0.1] })).toThrow(RangeError);
  });
});
