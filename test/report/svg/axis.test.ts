import { describe, expect, it } from "vitest";
import {
  axisDepth,
  categoryAxisTicks,
  labelStride,
  linearAxisTicks,
  logAxisTicks,
  renderAxis,
} from "../../../src/report/svg/axis.js";
import { linearScale } from "../../../src/report/svg/linearScale.js";
import { logScale } from "../../../src/report/svg/logScale.js";
import { MINUS } from "../../../src/report/svg/numberFormat.js";
import { findAll, parseXml, textContent } from "./xmlChecker.js";

describe("axes", () => {
  it("labels linear ticks with the decimals their step needs, the same for every tick", () => {
    const ticks = linearAxisTicks(linearScale([-1, 1], [0, 200]), 5);
    expect(ticks.map((t) => t.label)).toEqual([`${MINUS}1.0`, `${MINUS}0.5`, "0.0", "0.5", "1.0"]);
    expect(linearAxisTicks(linearScale([0, 4000], [0, 100]), 2).map((t) => t.label)).toEqual([
      "0",
      "2,000",
      "4,000",
    ]);
    expect(ticks.map((t) => t.position)).toEqual([0, 50, 100, 150, 200]);
    expect(logAxisTicks(logScale([0.001, 10], [0, 100]), 5).map((t) => t.label)).toEqual([
      "0.001",
      "0.01",
      "0.1",
      "1",
      "10",
    ]);
    expect(categoryAxisTicks(["a", "b"], (i) => i * 10 + 5)).toEqual([
      { position: 5, label: "a" },
      { position: 15, label: "b" },
    ]);
  });

  it("draws line, ticks, labels and title as well-formed markup", () => {
    const svg = renderAxis({
      orientation: "bottom",
      offset: 100,
      start: 0,
      end: 200,
      ticks: [
        { position: 0, label: "0" },
        { position: 200, label: "1 & <2>" },
      ],
      title: "SHAP value",
      gridLength: 80,
    });
    const root = parseXml(svg);
    expect(findAll(root, "text").map(textContent)).toEqual(["0", "1 & <2>", "SHAP value"]);
    // 2 grid lines, the axis line, 2 tick marks.
    expect(findAll(root, "line")).toHaveLength(5);
  });

  it("needs room for the widest label, title and rotation", () => {
    const base = { offset: 0, start: 0, end: 100, ticks: [{ position: 0, label: "A_long_class_name" }] };
    const left = axisDepth({ ...base, orientation: "left" });
    const leftWithTitle = axisDepth({ ...base, orientation: "left", title: "True class" });
    expect(left).toBeGreaterThan(80);
    expect(leftWithTitle).toBeGreaterThan(left + 10);
    const flat = axisDepth({ ...base, orientation: "bottom" });
    const rotated = axisDepth({ ...base, orientation: "bottom", labelRotation: -45 });
    expect(rotated).toBeGreaterThan(flat + 40);
    expect(axisDepth({ ...base, ticks: [], orientation: "bottom" })).toBe(0);
    // Labels are truncated at maxLabelWidth, so the room is capped too.
    expect(axisDepth({ ...base, orientation: "left", maxLabelWidth: 30 })).toBeLessThan(45);
  });

  it("truncates long labels and keeps the full text as a tooltip", () => {
    const name = "Intensity_MC_Ch02_with_an_extremely_long_suffix_for_testing";
    const root = parseXml(
      renderAxis({
        orientation: "left",
        offset: 50,
        start: 0,
        end: 100,
        ticks: [{ position: 10, label: name }],
        maxLabelWidth: 60,
      }),
    );
    expect(textContent(findAll(root, "text")[0]).endsWith("…")).toBe(true);
    expect(findAll(root, "title").map(textContent)).toEqual([name]);
  });
});

describe("label thinning", () => {
  const ticks = (labels: string[], spacing: number) =>
    labels.map((label, i) => ({ position: i * spacing, label }));

  it("labels every tick when there is room, every k-th when labels would collide", () => {
    const base = { orientation: "bottom" as const, offset: 0, start: 0, end: 100 };
    expect(labelStride({ ...base, ticks: ticks(["0", "1", "2"], 50) })).toBe(1);
    const crowded = ticks(["0.000009", "0.00001", "0.000011", "0.000012", "0.000013"], 25);
    const every = labelStride({ ...base, ticks: crowded });
    expect(every).toBeGreaterThan(1);
    const root = parseXml(renderAxis({ ...base, ticks: crowded }));
    expect(findAll(root, "text")).toHaveLength(Math.ceil(5 / every));
    // All five tick marks stay.
    expect(findAll(root, "line")).toHaveLength(6);
  });

  it("thins rotated and vertical labels by line height", () => {
    const names = Array.from({ length: 10 }, (_, i) => `class_${i}`);
    expect(
      labelStride({
        orientation: "bottom",
        offset: 0,
        start: 0,
        end: 100,
        ticks: ticks(names, 20),
        labelRotation: -45,
      }),
    ).toBe(1);
    expect(
      labelStride({
        orientation: "bottom",
        offset: 0,
        start: 0,
        end: 100,
        ticks: ticks(names, 9),
        labelRotation: -45,
      }),
    ).toBe(2);
    expect(labelStride({ orientation: "left", offset: 0, start: 0, end: 100, ticks: ticks(names, 5) })).toBe(
      3,
    );
  });
});
