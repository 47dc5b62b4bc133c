import { describe, expect, it } from "vitest";
import {
  countOf,
  formatCoordinate,
  formatCount,
  formatExponential,
  formatFixed,
  formatNumber,
  formatPercent,
  formatSigned,
  formatTick,
  MINUS,
  tickDecimals,
} from "../../../src/report/svg/numberFormat.js";

describe("number formatting", () => {
  it("writes coordinates rounded to 0.01 px, never -0, and refuses non-finite values", () => {
    expect(formatCoordinate(12.3456)).toBe("12.35");
    expect(formatCoordinate(-0.001)).toBe("0");
    expect(formatCoordinate(100)).toBe("100");
    expect(() => formatCoordinate(Number.NaN)).toThrow(RangeError);
  });

  it("groups thousands and uses the typographic minus, whatever the locale", () => {
    expect(formatFixed(1234567.891, 2)).toBe("1,234,567.89");
    expect(formatFixed(-1234, 0)).toBe(`${MINUS}1,234`);
    expect(formatFixed(-0.0001, 2)).toBe("0.00");
    expect(formatCount(999)).toBe("999");
    expect(formatCount(1000)).toBe("1,000");
    expect(formatCount(12.6)).toBe("13");
  });

  it("prints special values readably", () => {
    expect(formatNumber(Number.NaN)).toBe("NaN");
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe("∞");
    expect(formatNumber(Number.NEGATIVE_INFINITY)).toBe(`${MINUS}∞`);
    expect(formatPercent(Number.NaN)).toBe("NaN");
  });

  it("formats labels with significant digits, trailing zeros dropped", () => {
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(0.012345)).toBe("0.0123");
    expect(formatNumber(1234.5)).toBe("1,230");
    expect(formatNumber(0.1)).toBe("0.1");
    expect(formatNumber(-2.5)).toBe(`${MINUS}2.5`);
    expect(formatNumber(9.9996)).toBe("10");
    expect(formatNumber(123456789)).toBe("123,000,000");
    expect(formatNumber(1234567891)).toBe("1.23e9");
    expect(formatNumber(0.000123456)).toBe(`1.23e${MINUS}4`);
    expect(formatNumber(1.5, 6)).toBe("1.5");
    expect(formatExponential(-2e-10, 2)).toBe(`${MINUS}2e${MINUS}10`);
  });

  it("signs changes and formats percentages", () => {
    expect(formatSigned(0.123)).toBe("+0.123");
    expect(formatSigned(-0.123)).toBe(`${MINUS}0.123`);
    expect(formatSigned(0)).toBe("0");
    expect(formatPercent(0.1234)).toBe("12.3%");
    expect(formatPercent(1, 0)).toBe("100%");
  });

  it("gives tick labels the decimals their step needs", () => {
    expect(tickDecimals(20)).toBe(0);
    expect(tickDecimals(1)).toBe(0);
    expect(tickDecimals(0.1)).toBe(1);
    expect(tickDecimals(0.05)).toBe(2);
    expect(formatTick(0.30000000000000004, 0.1)).toBe("0.3");
    expect(formatTick(0.25, 0.25)).toBe("0.25");
    expect(formatTick(2000, 500)).toBe("2,000");
    expect(formatTick(-0.5, 0.5)).toBe(`${MINUS}0.5`);
    expect(formatTick(3e-7, 1e-7)).toBe(`3e${MINUS}7`);
    expect(formatTick(1.1e-5, 1e-6)).toBe(`1.1e${MINUS}5`);
    expect(formatTick(0.0005, 0.0001)).toBe("0.0005");
    expect(formatTick(2e9, 1e9)).toBe("2e9");
  });

  it("counts nouns", () => {
    expect(countOf(1, "test")).toBe("1 test");
    expect(countOf(2, "test")).toBe("2 tests");
    expect(countOf(1500, "entry", "entries")).toBe("1,500 entries");
  });
});
