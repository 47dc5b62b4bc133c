import { describe, expect, it } from "vitest";
import {
  divergingColor,
  MISSING_COLOR,
  readableTextColor,
  sequentialColor,
} from "../../../src/report/svg/colors.js";
import { heatmap } from "../../../src/report/svg/heatmap.js";
import { checkChart, expectHostileNamesEscaped, HOSTILE_NAMES } from "./svgAssertions.js";
import { findAll, textContent, type XmlElement } from "./xmlChecker.js";

function cells(root: XmlElement): XmlElement[] {
  const group = findAll(root, "g").find((g) => g.attributes.class === "cells")!;
  return group.children.filter((c): c is XmlElement => typeof c !== "string");
}

describe("heatmap", () => {
  const classes = ["B_cell", "T_cell", "Multiplets"];
  const confusion = [90, 8, 2, 5, 45, 0, 1, 1, 18];

  it("prints counts and row percentages, coloured by the row share", () => {
    const chart = checkChart(heatmap({ rowLabels: classes, columnLabels: classes, values: confusion }));
    expect(chart.titles[0]).toBe("Confusion matrix");
    const first = cells(chart.root)[0];
    expect(findAll(first, "text").map(textContent)).toEqual(["90", "90%"]);
    expect(findAll(first, "rect")[0].attributes.fill).toBe(sequentialColor(0.9));
    expect(findAll(cells(chart.root)[1], "text").map(textContent)).toEqual(["8", "8.0%"]);
    // Row 2 total 50: 45 → 90 %.
    expect(findAll(cells(chart.root)[4], "text").map(textContent)).toEqual(["45", "90%"]);
    expect(chart.titles).toContain("True class T_cell, predicted class T_cell: 45 (90.0% of row)");
    expect(chart.texts).toEqual(
      expect.arrayContaining(["True class", "Predicted class", "Row %", "0%", "100%"]),
    );
  });

  it("writes class names on both axes, column names rotated", () => {
    const chart = checkChart(heatmap({ rowLabels: classes, columnLabels: classes, values: confusion }));
    for (const name of classes) expect(chart.texts.filter((t) => t === name)).toHaveLength(2);
    const rotated = findAll(chart.root, "text").filter((t) =>
      t.attributes.transform?.startsWith("rotate(-45"),
    );
    expect(rotated.map(textContent)).toEqual(classes);
  });

  it("uses white text on dark cells and black on light ones", () => {
    const chart = checkChart(heatmap({ rowLabels: classes, columnLabels: classes, values: confusion }));
    for (const cell of cells(chart.root)) {
      const fill = findAll(cell, "rect")[0].attributes.fill;
      for (const text of findAll(cell, "text")) expect(text.attributes.fill).toBe(readableTextColor(fill));
    }
    const inks = new Set(
      cells(chart.root).flatMap((cell) => findAll(cell, "text").map((t) => t.attributes.fill)),
    );
    expect(inks).toEqual(new Set(["#000000", "#ffffff"]));
  });

  it("prints counts without percentages for an empty row and greys non-finite cells", () => {
    const chart = checkChart(
      heatmap(
        { rowLabels: ["a", "b"], columnLabels: ["a", "b"], values: [0, 0, Number.NaN, 4] },
        { cellSize: 30 },
      ),
    );
    expect(findAll(cells(chart.root)[0], "text").map(textContent)).toEqual(["0"]);
    expect(findAll(cells(chart.root)[2], "rect")[0].attributes.fill).toBe(MISSING_COLOR);
    expect(findAll(cells(chart.root)[2], "text").map(textContent)).toEqual(["NaN"]);
    expect(chart.texts).toContain("1 non-finite cell (NaN/±∞) drawn grey.");
  });

  it("colours raw values on a symmetric diverging scale", () => {
    const chart = checkChart(
      heatmap(
        { rowLabels: ["r"], columnLabels: ["x", "y", "z"], values: [-2, 0, 1] },
        { normalize: "none", colorScale: "diverging", title: "Differences", columnLabelRotation: 0 },
      ),
    );
    const fills = cells(chart.root).map((cell) => findAll(cell, "rect")[0].attributes.fill);
    expect(fills).toEqual([divergingColor(0), divergingColor(0.5), divergingColor(0.75)]);
    expect(chart.texts).toEqual(expect.arrayContaining(["−2", "0", "1", "Value"]));
  });

  it("drops cell text when cells are too small but keeps tooltips", () => {
    const n = 40;
    const names = Array.from({ length: n }, (_, i) => `c${i}`);
    const chart = checkChart(
      heatmap(
        { rowLabels: names, columnLabels: names, values: Array.from({ length: n * n }, (_, i) => i % 7) },
        { width: 600 },
      ),
    );
    expect(chart.width).toBe(600);
    expect(findAll(cells(chart.root)[0], "text")).toHaveLength(0);
    expect(findAll(cells(chart.root)[0], "title")).toHaveLength(1);
  });

  it("handles empty and single-cell matrices and rejects wrong lengths", () => {
    expect(checkChart(heatmap({ rowLabels: [], columnLabels: [], values: [] })).texts).toContain("No data");
    expect(
      checkChart(heatmap({ rowLabels: ["a"], columnLabels: ["a"], values: [Number.NaN] })).texts,
    ).toContain("No data");
    const single = checkChart(heatmap({ rowLabels: ["a"], columnLabels: ["a"], values: [7] }));
    expect(findAll(cells(single.root)[0], "text").map(textContent)).toEqual(["7", "100.0%"]);
    expect(() => heatmap({ rowLabels: ["a"], columnLabels: ["a", "b"], values: [1] })).toThrow(RangeError);
  });

  it("is deterministic and escapes hostile class names", () => {
    const names = HOSTILE_NAMES;
    const data = {
      rowLabels: names,
      columnLabels: names,
      values: names.flatMap((_, i) => names.map((_, j) => i + j)),
    };
    const svg = heatmap(data, { width: 900 });
    expect(heatmap(data, { width: 900 })).toBe(svg);
    expectHostileNamesEscaped(checkChart(svg), svg);
  });
});
