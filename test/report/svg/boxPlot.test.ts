import { describe, expect, it } from "vitest";
import { boxPlot } from "../../../src/report/svg/boxPlot.js";
import { checkChart, expectHostileNamesEscaped, HOSTILE_NAMES } from "./svgAssertions.js";
import { findAll, type XmlElement } from "./xmlChecker.js";

function byClass(root: XmlElement, name: string): XmlElement[] {
  return findAll(root, "g").filter((g) => g.attributes.class === name);
}

const donors = ["D1", "D2", "D3", "D4"];
const paired = {
  panels: [
    {
      title: "T_cell",
      subtitle: "p = 0.03",
      groups: [
        { name: "−SEA", values: [0.3, 0.32, 0.28, 0.31], ids: donors },
        { name: "+SEA", values: [0.2, 0.22, 0.18, 0.21], ids: donors },
      ],
    },
    {
      title: "Synapses_with_signaling",
      groups: [
        { name: "−SEA", values: [0.05, 0.06, 0.04, 0.05], ids: donors },
        { name: "+SEA", values: [0.15, 0.16, 0.12, 0.14], ids: donors },
      ],
    },
  ],
};

describe("boxPlot", () => {
  it("draws a panel per class with boxes, donor points, paired lines and a donor legend", () => {
    const chart = checkChart(
      boxPlot(paired, { title: "Class frequency per condition", yLabel: "Fraction of cells" }),
    );
    expect(byClass(chart.root, "panel")).toHaveLength(2);
    expect(byClass(chart.root, "box")).toHaveLength(4);
    expect(chart.texts).toEqual(
      expect.arrayContaining([
        "T_cell",
        "p = 0.03",
        "Synapses_with_signaling",
        "−SEA",
        "+SEA",
        "Fraction of cells",
        "Donor",
        ...donors,
      ]),
    );
    const points = byClass(chart.root, "points").flatMap((g) => findAll(g, "circle"));
    expect(points).toHaveLength(16);
    // One line per donor per panel, joining that donor's two points, in the donor's colour.
    const lines = findAll(chart.root, "line").filter(
      (l) => l.attributes.x1 !== l.attributes.x2 && l.attributes.y1 !== l.attributes.y2,
    );
    expect(lines).toHaveLength(8);
    const firstPanelPoints = findAll(byClass(chart.root, "panel")[0], "circle");
    const d1 = firstPanelPoints.filter((c) => c.attributes.fill === lines[0].attributes.stroke);
    expect(d1.map((c) => [c.attributes.cx, c.attributes.cy])).toEqual([
      [lines[0].attributes.x1, lines[0].attributes.y1],
      [lines[0].attributes.x2, lines[0].attributes.y2],
    ]);
    expect(chart.titles).toContain("D1: −SEA = 0.3");
    expect(chart.titles.some((t) => t.startsWith("T_cell, −SEA: n = 4, median 0.305"))).toBe(true);
  });

  it("places the median line at the median and the box at the quartiles", () => {
    const chart = checkChart(
      boxPlot({ panels: [{ groups: [{ name: "g", values: [0, 1, 2, 3, 4] }] }] }, { includeZero: true }),
    );
    const box = byClass(chart.root, "box")[0];
    const rect = findAll(box, "rect")[0];
    const median = findAll(box, "line")[0];
    const top = Number(rect.attributes.y);
    const bottom = top + Number(rect.attributes.height);
    // Quartiles 1 and 3, median 2: the median line sits halfway down the box.
    expect(Number(median.attributes.y1)).toBeCloseTo((top + bottom) / 2, 1);
    expect(chart.texts.join(" ")).toContain("Boxes: median and quartiles");
  });

  it("draws a strip plot without boxes and spreads equal values sideways", () => {
    const chart = checkChart(
      boxPlot({ panels: [{ groups: [{ name: "g", values: [1, 1, 1, 1] }] }] }, { showBoxes: false }),
    );
    expect(byClass(chart.root, "box")).toHaveLength(0);
    const xs = new Set(findAll(chart.root, "circle").map((c) => c.attributes.cx));
    expect(xs.size).toBe(4);
  });

  it("skips non-finite values, counts them, and says no data when nothing is left", () => {
    const chart = checkChart(
      boxPlot({
        panels: [
          {
            groups: [
              { name: "g", values: [1, Number.NaN, 2, Number.NEGATIVE_INFINITY] },
              { name: "empty", values: [] },
            ],
          },
        ],
      }),
    );
    expect(chart.texts).toContain("2 non-finite values (NaN/±∞) skipped.");
    expect(findAll(chart.root, "circle")).toHaveLength(2);
    expect(chart.texts).toContain("empty");
    expect(checkChart(boxPlot({ panels: [] })).texts).toContain("No data");
    expect(
      checkChart(boxPlot({ panels: [{ groups: [{ name: "g", values: [Number.NaN] }] }] })).texts,
    ).toContain("No data");
  });

  it("handles a single value and many donors (drawn alike)", () => {
    const single = checkChart(boxPlot({ panels: [{ groups: [{ name: "g", values: [0.4] }] }] }));
    expect(findAll(single.root, "circle")).toHaveLength(1);
    const ids = Array.from({ length: 12 }, (_, i) => `donor ${i}`);
    const many = checkChart(
      boxPlot({ panels: [{ groups: [{ name: "g", values: ids.map((_, i) => i), ids }] }] }),
    );
    expect(many.texts).toContain("12 ids: too many to colour apart, all drawn alike.");
    expect(new Set(findAll(many.root, "circle").map((c) => c.attributes.fill)).size).toBe(1);
  });

  it("lays out panels in a grid and shares the y axis on request", () => {
    const panels = Array.from({ length: 5 }, (_, p) => ({
      title: `class ${p}`,
      groups: [{ name: "g", values: [p, p + 10 * p] }],
    }));
    const chart = checkChart(boxPlot({ panels }, { columns: 2, sharedY: true }));
    const titles = findAll(chart.root, "text").filter((t) => /^class \d$/.test(t.children[0] as string));
    const ys = new Set(titles.map((t) => t.attributes.y));
    expect(ys.size).toBe(3);
    // Shared axis: every panel has the same tick labels.
    const panelTicks = byClass(chart.root, "panel").map((panel) =>
      findAll(panel, "g")
        .filter((g) => g.attributes.class === "axis axis-left")
        .flatMap((axis) => findAll(axis, "text").map((t) => t.children[0])),
    );
    for (const ticks of panelTicks) expect(ticks.filter((t) => t !== "Value")).toEqual(panelTicks[1]);
  });

  it("is deterministic, escapes hostile names and rejects ids of the wrong length", () => {
    const data = {
      panels: [
        {
          title: HOSTILE_NAMES[0],
          groups: HOSTILE_NAMES.map((name, g) => ({
            name,
            values: [g, g + 1],
            ids: [HOSTILE_NAMES[1], "x"],
          })),
        },
      ],
    };
    const svg = boxPlot(data);
    expect(boxPlot(data)).toBe(svg);
    expectHostileNamesEscaped(checkChart(svg), svg);
    expect(() => boxPlot({ panels: [{ groups: [{ name: "g", values: [1, 2], ids: ["a"] }] }] })).toThrow(
      RangeError,
    );
  });
});
