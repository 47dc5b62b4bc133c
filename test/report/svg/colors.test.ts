import { describe, expect, it } from "vitest";
import {
  categoricalColors,
  divergingColor,
  featureValueColor,
  hexColor,
  interpolateStops,
  MISSING_COLOR,
  OKABE_ITO,
  oklchRamp,
  parseHexColor,
  readableTextColor,
  relativeLuminance,
  SEQUENTIAL_BLUES,
  SHAP_BLUE,
  SHAP_RED,
  sequentialColor,
  TABLEAU_10,
} from "../../../src/report/svg/colors.js";

function channelDistance(a: string, b: string): number {
  const [x, y] = [parseHexColor(a), parseHexColor(b)];
  return Math.max(...x.map((v, i) => Math.abs(v - y[i])));
}

describe("colours", () => {
  it("parses and writes hex colours", () => {
    expect(parseHexColor("#0072b2")).toEqual([0, 114, 178]);
    expect(parseHexColor("#fff")).toEqual([255, 255, 255]);
    expect(() => parseHexColor("red")).toThrow(RangeError);
    expect(hexColor(0, 114.4, 300)).toBe("#0072ff");
  });

  it("picks Okabe–Ito up to 8 categories, Tableau beyond, and repeats past 20", () => {
    expect(categoricalColors(7)).toEqual(OKABE_ITO.slice(0, 7));
    expect(categoricalColors(10)).toEqual(TABLEAU_10);
    const many = categoricalColors(25);
    expect(new Set(many.slice(0, 20)).size).toBe(20);
    expect(many[20]).toBe(many[0]);
    expect(categoricalColors(0)).toEqual([]);
  });

  it("runs the feature-value map from SHAP blue through purple to SHAP red", () => {
    expect(channelDistance(featureValueColor(0), SHAP_BLUE)).toBeLessThanOrEqual(1);
    expect(channelDistance(featureValueColor(1), SHAP_RED)).toBeLessThanOrEqual(1);
    const [r, g, b] = parseHexColor(featureValueColor(0.5));
    expect(r).toBeGreaterThan(g);
    expect(b).toBeGreaterThan(g);
    expect(featureValueColor(-3)).toBe(featureValueColor(0));
    expect(featureValueColor(7)).toBe(featureValueColor(1));
    expect(featureValueColor(Number.NaN)).toBe(MISSING_COLOR);
  });

  it("builds OKLCh ramps whose ends are the given colours", () => {
    const ramp = oklchRamp("#2166ac", "#b2182b", 5);
    expect(ramp).toHaveLength(5);
    expect(channelDistance(ramp[0], "#2166ac")).toBeLessThanOrEqual(1);
    expect(channelDistance(ramp[4], "#b2182b")).toBeLessThanOrEqual(1);
  });

  it("interpolates stops for the diverging and sequential maps", () => {
    expect(divergingColor(0)).toBe("#2166ac");
    expect(divergingColor(0.5)).toBe("#f7f7f7");
    expect(divergingColor(1)).toBe("#b2182b");
    expect(sequentialColor(0)).toBe(SEQUENTIAL_BLUES[0]);
    expect(sequentialColor(1)).toBe(SEQUENTIAL_BLUES[8]);
    expect(interpolateStops(["#000000", "#ffffff"], 0.5)).toBe("#808080");
    expect(interpolateStops(["#000000", "#ffffff"], Number.NaN)).toBe(MISSING_COLOR);
  });

  it("chooses black or white text by contrast", () => {
    expect(relativeLuminance("#ffffff")).toBeCloseTo(1, 12);
    expect(relativeLuminance("#000000")).toBe(0);
    expect(readableTextColor("#ffffff")).toBe("#000000");
    expect(readableTextColor("#08306b")).toBe("#ffffff");
    expect(readableTextColor("#f7fbff")).toBe("#000000");
    expect(readableTextColor("#ffff00")).toBe("#000000");
  });
});
