import { describe, expect, it } from "vitest";
import { categoricalColors, featureValueColor, MISSING_COLOR } from "../../../src/report/svg/colors.js";
import { scatterPlot } from "../../../src/report/svg/scatterPlot.js";
import { createRandom } from "../../../src/util/random.js";
import { checkChart, expectHostileNamesEscaped, HOSTILE_NAMES } from "./svgAssertions.js";
import { findAll, textContent, type XmlElement } from "./xmlChecker.js";

function points(root: XmlElement): XmlElement[] {
  const group = findAll(root, "g").find((g) => g.attributes.class === "points")!;
  return findAll(group, "circle");
}

/** Pixels per data unit along an axis, from its first two tick labels. */
function pixelsPerUnit(root: XmlElement, axis: "bottom" | "left"): number {
  const group = findAll(root, "g").find((g) => g.attributes.class === `axis axis-${axis}`)!;
  const ticks = findAll(group, "text")
    .map((t) => ({
      value: Number(textContent(t).replace("\u2212", "-")),
      at: Number(t.attributes[axis === "bottom" ? "x" : "y"]),
    }))
    .filter((t) => Number.isFinite(t.value));
  return Math.abs((ticks[1].at - ticks[0].at) / (ticks[1].value - ticks[0].value));
}

function cloud(n: number, seed = 2) {
  const random = createRandom(seed);
  const classes = ["T_cell", "B_cell", "Multiplets"];
  return {
    x: Float64Array.from({ length: n }, () => random.normal() * 3),
    y: Float64Array.from({ length: n }, () => random.normal()),
    category: Array.from({ length: n }, (_, i) => classes[i % 3]),
  };
}

describe("scatterPlot", () => {
  it("colours points by category with a legend of counts, sorted by name", () => {
    const data = cloud(30);
    const chart = checkChart(scatterPlot(data, { xLabel: "UMAP 1", yLabel: "UMAP 2", colorTitle: "Class" }));
    expect(chart.texts).toEqual(
      expect.arrayContaining(["UMAP 1", "UMAP 2", "Class", "B_cell (10)", "Multiplets (10)", "T_cell (10)"]),
    );
    const legend = chart.texts.filter((t) => t.endsWith("(10)"));
    expect(legend).toEqual(["B_cell (10)", "Multiplets (10)", "T_cell (10)"]);
    const [blue, orange] = categoricalColors(3);
    const circles = points(chart.root);
    expect(circles).toHaveLength(30);
    const titleOf = (c: XmlElement) => textContent(findAll(c, "title")[0]);
    for (const circle of circles) {
      if (titleOf(circle).startsWith("B_cell")) expect(circle.attributes.fill).toBe(blue);
      if (titleOf(circle).startsWith("Multiplets")) expect(circle.attributes.fill).toBe(orange);
    }
    const ordered = checkChart(scatterPlot(data, { categoryOrder: ["T_cell", "Unknown"] }));
    expect(ordered.texts.filter((t) => t.endsWith("(10)"))).toEqual([
      "T_cell (10)",
      "B_cell (10)",
      "Multiplets (10)",
    ]);
  });

  it("draws categories in a seeded random order", () => {
    const data = cloud(60);
    const svg = scatterPlot(data);
    expect(scatterPlot(data)).toBe(svg);
    expect(scatterPlot(data, { seed: 5 })).not.toBe(svg);
    const names = points(checkChart(svg).root).map((c) => textContent(findAll(c, "title")[0]).split(":")[0]);
    // Not grouped by class: the class changes often along the drawing order.
    let changes = 0;
    for (let i = 1; i < names.length; i++) if (names[i] !== names[i - 1]) changes++;
    expect(changes).toBeGreaterThan(20);
  });

  it("colours by a continuous value, drawing high values last, missing ones grey", () => {
    const value = [3, 1, Number.NaN, 2, 5];
    const chart = checkChart(
      scatterPlot({ x: [1, 2, 3, 4, 5], y: [5, 4, 3, 2, 1], value }, { colorTitle: "Intensity" }),
    );
    const fills = points(chart.root).map((c) => c.attributes.fill);
    expect(fills).toEqual([
      MISSING_COLOR,
      featureValueColor(0),
      featureValueColor(0.25),
      featureValueColor(0.5),
      featureValueColor(1),
    ]);
    expect(chart.texts).toEqual(
      expect.arrayContaining(["Intensity", "1", "5", "1 point without a finite colour value drawn grey."]),
    );
  });

  it("subsamples big inputs deterministically, without per-point tooltips", () => {
    const data = cloud(5000);
    const svg = scatterPlot(data, { maxPoints: 3000 });
    const chart = checkChart(svg);
    expect(points(chart.root)).toHaveLength(3000);
    expect(chart.texts).toContain("Showing 3,000 of 5,000 points (seeded random subsample, seed 0).");
    expect(findAll(points(chart.root)[0], "title")).toHaveLength(0);
    expect(scatterPlot(data, { maxPoints: 3000 })).toBe(svg);
  });

  it("skips and counts points with a non-finite coordinate", () => {
    const chart = checkChart(
      scatterPlot({
        x: [1, Number.NaN, 3, 4],
        y: [1, 2, Number.POSITIVE_INFINITY, 4],
        labels: ["a", "b", "c", "d"],
      }),
    );
    expect(points(chart.root)).toHaveLength(2);
    expect(chart.texts).toContain("2 points with a non-finite coordinate skipped.");
    expect(chart.titles).toContain("a: (1, 1)");
  });

  it("keeps the same units per pixel on both axes when asked", () => {
    const data = { x: [0, 100], y: [0, 1] };
    const chart = checkChart(scatterPlot(data, { equalAspect: true }));
    expect(pixelsPerUnit(chart.root, "bottom") / pixelsPerUnit(chart.root, "left")).toBeCloseTo(1, 2);
    const free = checkChart(scatterPlot(data));
    expect(pixelsPerUnit(free.root, "left") / pixelsPerUnit(free.root, "bottom")).toBeGreaterThan(10);
  });

  it("handles empty input and a single point", () => {
    expect(checkChart(scatterPlot({ x: [], y: [] })).texts).toContain("No data");
    expect(checkChart(scatterPlot({ x: [Number.NaN], y: [1] })).texts).toContain("No data");
    expect(points(checkChart(scatterPlot({ x: [2], y: [3] })).root)).toHaveLength(1);
  });

  it("rejects mismatched arrays and double colouring", () => {
    expect(() => scatterPlot({ x: [1, 2], y: [1] })).toThrow(RangeError);
    expect(() => scatterPlot({ x: [1], y: [1], category: ["a"], value: [1] })).toThrow(RangeError);
  });

  it("escapes hostile category names and labels", () => {
    const n = HOSTILE_NAMES.length;
    const data = {
      x: Array.from({ length: n }, (_, i) => i),
      y: Array.from({ length: n }, (_, i) => i * i),
      category: HOSTILE_NAMES,
      labels: HOSTILE_NAMES,
    };
    const svg = scatterPlot(data, { xLabel: "<x>", yLabel: "&y" });
    const chart = checkChart(svg);
    expectHostileNamesEscaped(chart, svg);
    expect(chart.texts).toEqual(expect.arrayContaining(["<x>", "&y"]));
  });
});
