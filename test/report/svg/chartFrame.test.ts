import { describe, expect, it } from "vitest";
import { chartSvg, frameLayout, noDataChart, skippedCaption } from "../../../src/report/svg/chartFrame.js";
import { checkChart } from "./svgAssertions.js";

describe("chart frame", () => {
  it("reserves room for title, subtitle and wrapped captions", () => {
    const plain = frameLayout(400, "Title", undefined, []);
    const rich = frameLayout(400, "Title", "Subtitle", [
      "A caption long enough to wrap onto a second line at this width, surely, because it goes on and on and on.",
    ]);
    expect(rich.top).toBeGreaterThan(plain.top);
    expect(rich.captionLines.length).toBeGreaterThan(1);
    expect(rich.bottom).toBeGreaterThan(plain.bottom);
  });

  it("writes a complete chart with captions inside the image", () => {
    const frame = frameLayout(300, "My chart", "sub", ["note one", "note two"]);
    const chart = checkChart(chartSvg(frame, 200, "<g/>"));
    expect(chart.texts).toEqual(["My chart", "sub", "note one", "note two"]);
    expect(chart.titles[0]).toBe("My chart");
  });

  it("says 'No data' in an empty chart, with its captions", () => {
    const chart = checkChart(
      noDataChart({ title: "Empty <chart>" }, "Default", "No data", ["3 values skipped."]),
    );
    expect(chart.texts).toContain("No data");
    expect(chart.texts).toContain("3 values skipped.");
    expect(chart.titles[0]).toBe("Empty <chart>");
    expect(checkChart(noDataChart({}, "Default")).titles[0]).toBe("Default");
  });

  it("counts skipped values in words", () => {
    expect(skippedCaption(0)).toEqual([]);
    expect(skippedCaption(1)).toEqual(["1 non-finite value (NaN/±∞) skipped."]);
    expect(skippedCaption(1234, "point", "dropped")).toEqual(["1,234 points dropped."]);
  });
});
