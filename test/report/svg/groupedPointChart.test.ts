import { describe, expect, it } from "vitest";
import { groupedPointChart } from "../../../src/report/svg/groupedPointChart.js";
import { checkChart, expectHostileNamesEscaped, HOSTILE_NAMES } from "./svgAssertions.js";
import { findAll, type XmlElement } from "./xmlChecker.js";

function meanMarks(root: XmlElement): XmlElement[] {
  return findAll(root, "circle").filter((c) => c.attributes.r === "4");
}

describe("groupedPointChart", () => {
  const points = [
    { category: "BF", values: [0.5, 0.52, 0.54] },
    { category: "BF+F-Actin+MHCII", values: [0.8, 0.82, 0.84] },
    { category: "BF+F-Actin", values: [0.7, 0.7, 0.7] },
  ];

  it("sorts rows by mean, draws means, SD bars and replicates, and prints mean ± SD (n)", () => {
    const chart = checkChart(
      groupedPointChart({ points }, { title: "Macro F1 per channel combination", xLabel: "Macro F1" }),
    );
    expect(chart.texts.filter((t) => t.startsWith("BF"))).toEqual(["BF+F-Actin+MHCII", "BF+F-Actin", "BF"]);
    expect(chart.texts).toEqual(
      expect.arrayContaining(["0.82 ± 0.02 (n = 3)", "0.7 (n = 3)", "0.52 ± 0.02 (n = 3)", "Macro F1"]),
    );
    expect(meanMarks(chart.root)).toHaveLength(3);
    // 9 replicate dots; error bars only where the SD is not 0.
    expect(findAll(chart.root, "circle").filter((c) => c.attributes.r === "2.5")).toHaveLength(9);
    expect(findAll(chart.root, "path")).toHaveLength(2);
    expect(chart.texts.join(" ")).toContain("bars: ± 1 standard deviation");
    const [top, , bottom] = meanMarks(chart.root).map((c) => Number(c.attributes.cx));
    expect(top).toBeGreaterThan(bottom);
  });

  it("sorts ascending or keeps input order on request, and supports SEM, range and no bars", () => {
    const order = (sort: "ascending" | "none") =>
      checkChart(groupedPointChart({ points }, { sort })).texts.filter((t) => t.startsWith("BF"));
    expect(order("ascending")).toEqual(["BF", "BF+F-Actin", "BF+F-Actin+MHCII"]);
    expect(order("none")).toEqual(["BF", "BF+F-Actin+MHCII", "BF+F-Actin"]);
    const sem = checkChart(groupedPointChart({ points }, { errorBar: "sem" }));
    // SD 0.02 / √3 = 0.0115…
    expect(sem.texts).toContain("0.82 ± 0.012 (n = 3)");
    const range = checkChart(groupedPointChart({ points }, { errorBar: "range" }));
    expect(range.texts.join(" ")).toContain("minimum to maximum");
    expect(findAll(range.root, "path")).toHaveLength(2);
    const none = checkChart(groupedPointChart({ points }, { errorBar: "none", showReplicates: false }));
    expect(findAll(none.root, "path")).toHaveLength(0);
    expect(findAll(none.root, "circle")).toHaveLength(3);
  });

  it("dodges and colours groups with a legend", () => {
    const grouped = checkChart(
      groupedPointChart(
        {
          points: [
            { category: "BF", group: "GBDT", values: [0.6] },
            { category: "BF", group: "LR", values: [0.5] },
            { category: "CD3", group: "GBDT", values: [0.9] },
          ],
        },
        { legendTitle: "Model" },
      ),
    );
    expect(grouped.texts).toEqual(expect.arrayContaining(["Model", "GBDT", "LR"]));
    const means = meanMarks(grouped.root);
    expect(means).toHaveLength(3);
    // Rows by mean: CD3 (GBDT) first, then BF with GBDT and LR side by side.
    expect(means[0].attributes.fill).toBe(means[1].attributes.fill);
    expect(means[1].attributes.fill).not.toBe(means[2].attributes.fill);
    expect(Math.abs(Number(means[1].attributes.cy) - Number(means[2].attributes.cy))).toBeGreaterThan(5);
    expect(() =>
      groupedPointChart({
        points: [
          { category: "a", values: [1] },
          { category: "a", values: [2] },
        ],
      }),
    ).toThrow(RangeError);
  });

  it("skips non-finite replicates, leaves out empty entries and says no data when nothing is left", () => {
    const chart = checkChart(
      groupedPointChart({
        points: [
          { category: "a", values: [0.5, Number.NaN] },
          { category: "b", values: [Number.POSITIVE_INFINITY] },
        ],
      }),
    );
    expect(chart.texts).toEqual(
      expect.arrayContaining([
        "2 non-finite values (NaN/±∞) skipped.",
        "1 entry without a finite value left out.",
      ]),
    );
    expect(meanMarks(chart.root)).toHaveLength(1);
    expect(checkChart(groupedPointChart({ points: [] })).texts).toContain("No data");
  });

  it("keeps points inside a fixed domain", () => {
    const chart = checkChart(
      groupedPointChart({ points: [{ category: "a", values: [1.5, 0.9] }] }, { domain: [0, 1] }),
    );
    const axisEnd = Math.max(...findAll(chart.root, "circle").map((c) => Number(c.attributes.cx)));
    expect(chart.texts).toContain("1.0");
    // The mean 1.2 and the replicate 1.5 lie beyond 1.
    expect(chart.texts).toContain("2 values outside the axis drawn at its edge.");
    expect(axisEnd).toBeLessThanOrEqual(chart.width);
  });

  it("is deterministic and escapes hostile categories", () => {
    const data = {
      points: HOSTILE_NAMES.map((name, i) => ({
        category: name,
        group: `${name} group`,
        values: [i, i + 1],
      })),
    };
    const svg = groupedPointChart(data);
    expect(groupedPointChart(data)).toBe(svg);
    expectHostileNamesEscaped(checkChart(svg), svg);
  });
});
