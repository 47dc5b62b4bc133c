import { describe, expect, it } from "vitest";
import { categoricalLegend, colorBarLegend } from "../../../src/report/svg/legend.js";
import { findAll, parseXml, textContent } from "./xmlChecker.js";

describe("legends", () => {
  it("lists categorical entries with swatches of their shape", () => {
    const legend = categoricalLegend(
      [
        { label: "B_cell", color: "#0072b2" },
        { label: "T <cell>", color: "#e69f00", shape: "circle" },
        { label: "line", color: "#000000", shape: "line" },
      ],
      { title: "Class" },
    );
    expect(legend.width).toBeGreaterThan(30);
    expect(legend.height).toBeGreaterThan(3 * 11);
    const root = parseXml(legend.render(10, 20));
    expect(findAll(root, "text").map(textContent)).toEqual(["Class", "B_cell", "T <cell>", "line"]);
    expect(findAll(root, "rect")[0].attributes.fill).toBe("#0072b2");
    expect(findAll(root, "circle")[0].attributes.fill).toBe("#e69f00");
    expect(findAll(root, "line")[0].attributes.stroke).toBe("#000000");
  });

  it("is an empty block without entries", () => {
    const legend = categoricalLegend([]);
    expect([legend.width, legend.height, legend.render(0, 0)]).toEqual([0, 0, ""]);
  });

  it("draws a colour bar with the high end on top and labelled ends and ticks", () => {
    const legend = colorBarLegend({
      color: (t) => (t < 0.5 ? "#0000ff" : "#ff0000"),
      title: "Feature value",
      lowLabel: "Low",
      highLabel: "High",
      ticks: [{ t: 0.5, label: "mid" }],
      length: 100,
    });
    const root = parseXml(legend.render(0, 0));
    expect(findAll(root, "text").map(textContent)).toEqual(["Feature value", "High", "Low", "mid"]);
    const slices = findAll(root, "rect").filter((r) => r.attributes.fill !== "none");
    expect(slices).toHaveLength(64);
    // The first slice (t near 0) is at the bottom and blue; the last at the top and red.
    expect(slices[0].attributes.fill).toBe("#0000ff");
    expect(slices[63].attributes.fill).toBe("#ff0000");
    expect(Number(slices[0].attributes.y)).toBeGreaterThan(Number(slices[63].attributes.y));
    // No gradient ids: several charts can share one HTML page.
    expect(findAll(root, "linearGradient")).toHaveLength(0);
  });
});
