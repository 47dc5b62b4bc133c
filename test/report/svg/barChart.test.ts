import { describe, expect, it } from "vitest";
import { barChart } from "../../../src/report/svg/barChart.js";
import { checkChart, expectHostileNamesEscaped, HOSTILE_NAMES } from "./svgAssertions.js";
import { findAll, type XmlElement } from "./xmlChecker.js";

function bars(root: XmlElement): XmlElement[] {
  const group = findAll(root, "g").find((g) => g.attributes.class === "bars")!;
  return findAll(group, "rect");
}

describe("barChart", () => {
  it("draws one bar per label, largest on top, with values, axis title and tooltips", () => {
    const chart = checkChart(
      barChart(
        { labels: ["BF", "F-Actin", "MHCII"], series: [{ name: "mean |SHAP|", values: [0.2, 0.5, 0.1] }] },
        { title: "Channel importance", xLabel: "mean(|SHAP value|)" },
      ),
    );
    expect(chart.texts.filter((t) => ["BF", "F-Actin", "MHCII"].includes(t))).toEqual([
      "F-Actin",
      "BF",
      "MHCII",
    ]);
    expect(chart.texts).toEqual(expect.arrayContaining(["0.5", "0.2", "0.1", "mean(|SHAP value|)"]));
    const widths = bars(chart.root).map((r) => Number(r.attributes.width));
    expect(widths[0]).toBeGreaterThan(widths[1]);
    // Bars are proportional to their values (they start at 0).
    expect(widths[0] / widths[1]).toBeCloseTo(0.5 / 0.2, 1);
    expect(chart.titles).toContain("F-Actin = 0.5");
  });

  it("keeps the input order or sorts ascending on request", () => {
    const data = { labels: ["a", "b", "c"], series: [{ name: "v", values: [2, 3, 1] }] };
    const order = (sort: "none" | "ascending") =>
      checkChart(barChart(data, { sort })).texts.filter((t) => ["a", "b", "c"].includes(t));
    expect(order("none")).toEqual(["a", "b", "c"]);
    expect(order("ascending")).toEqual(["c", "a", "b"]);
  });

  it("stacks series by class with a legend and prints totals", () => {
    const chart = checkChart(
      barChart(
        {
          labels: ["f1", "f2"],
          series: [
            { name: "B_cell", values: [1, 2] },
            { name: "T_cell", values: [3, 0.5] },
          ],
        },
        { legendTitle: "Class" },
      ),
    );
    expect(chart.texts).toEqual(expect.arrayContaining(["Class", "B_cell", "T_cell", "4", "2.5"]));
    const rects = bars(chart.root);
    expect(rects).toHaveLength(4);
    // Segments of one bar touch: the second starts where the first ends.
    expect(Number(rects[1].attributes.x)).toBeCloseTo(
      Number(rects[0].attributes.x) + Number(rects[0].attributes.width),
      1,
    );
    expect(rects[0].attributes.fill).not.toBe(rects[1].attributes.fill);
  });

  it("draws error bars for single series and explains why stacked bars have none", () => {
    const single = checkChart(
      barChart({ labels: ["a", "b"], series: [{ name: "drop", values: [0.3, -0.1], errors: [0.05, 0.02] }] }),
    );
    expect(findAll(single.root, "path")).toHaveLength(2);
    expect(single.titles).toContain("a = 0.3 ± 0.05");
    // The negative bar extends left of zero.
    const [positive, negative] = bars(single.root);
    expect(Number(negative.attributes.x) + Number(negative.attributes.width)).toBeCloseTo(
      Number(positive.attributes.x),
      1,
    );
    const stacked = checkChart(
      barChart({
        labels: ["a"],
        series: [
          { name: "x", values: [1], errors: [0.1] },
          { name: "y", values: [1] },
        ],
      }),
    );
    expect(stacked.texts).toContain("Error bars are not drawn on stacked bars.");
    const grouped = checkChart(
      barChart(
        {
          labels: ["a"],
          series: [
            { name: "x", values: [1], errors: [0.1] },
            { name: "y", values: [2] },
          ],
        },
        { mode: "grouped" },
      ),
    );
    expect(bars(grouped.root)).toHaveLength(2);
    expect(findAll(grouped.root, "path")).toHaveLength(1);
  });

  it("limits the number of bars and says how many were left out", () => {
    const labels = Array.from({ length: 50 }, (_, i) => `f${i}`);
    const chart = checkChart(
      barChart({ labels, series: [{ name: "v", values: labels.map((_, i) => i) }] }, { maxBars: 10 }),
    );
    expect(bars(chart.root)).toHaveLength(10);
    expect(chart.texts).toContain("Showing 10 of 50 bars (largest first).");
  });

  it("skips non-finite values and counts them; empty input says no data", () => {
    const chart = checkChart(
      barChart({
        labels: ["a", "b", "c"],
        series: [{ name: "v", values: [1, Number.NaN, Number.NEGATIVE_INFINITY] }],
      }),
    );
    expect(bars(chart.root)).toHaveLength(1);
    expect(chart.texts).toContain("2 non-finite values (NaN/±∞) skipped.");
    expect(checkChart(barChart({ labels: [], series: [] })).texts).toContain("No data");
    expect(checkChart(barChart({ labels: ["a"], series: [] })).texts).toContain("No data");
    expect(
      checkChart(barChart({ labels: ["a"], series: [{ name: "v", values: [Number.NaN] }] })).texts,
    ).toContain("No data");
  });

  it("draws a single bar and a single zero value", () => {
    expect(
      bars(checkChart(barChart({ labels: ["only"], series: [{ name: "v", values: [3] }] })).root),
    ).toHaveLength(1);
    const zero = checkChart(barChart({ labels: ["zero"], series: [{ name: "v", values: [0] }] }));
    expect(zero.texts).toContain("0");
  });

  it("is deterministic, escapes hostile labels and truncates long ones", () => {
    const long = "x".repeat(300);
    const data = {
      labels: [...HOSTILE_NAMES, long],
      series: [{ name: "<b>series & co</b>", values: [...HOSTILE_NAMES, long].map((_, i) => i + 1) }],
    };
    const svg = barChart(data);
    expect(barChart(data)).toBe(svg);
    const chart = checkChart(svg);
    expectHostileNamesEscaped(chart, svg);
    expect(chart.titles).toContain(long);
  });

  it("throws when a series does not match the labels", () => {
    expect(() => barChart({ labels: ["a", "b"], series: [{ name: "v", values: [1] }] })).toThrow(RangeError);
    expect(() => barChart({ labels: ["a"], series: [{ name: "v", values: [1], errors: [1, 2] }] })).toThrow(
      RangeError,
    );
  });
});
