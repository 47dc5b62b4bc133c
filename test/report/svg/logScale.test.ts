import { describe, expect, it } from "vitest";
import { logDomain, logScale, logTicks } from "../../../src/report/svg/logScale.js";

describe("log scales", () => {
  it("puts ticks at powers of ten, every k-th decade when there are many", () => {
    expect(logTicks(1, 1000, 5)).toEqual([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]);
    expect(logTicks(1e-6, 1, 5)).toEqual([1e-6, 1e-4, 0.01, 1]);
    expect(logTicks(1e-12, 1, 5)).toEqual([1e-12, 1e-9, 1e-6, 1e-3, 1]);
    expect(logTicks(1e-7, 1e-5, 5)).toEqual([1e-7, 2e-7, 5e-7, 1e-6, 2e-6, 5e-6, 1e-5]);
  });

  it("falls back to linear ticks inside one decade and rejects non-positive bounds", () => {
    expect(logTicks(2, 8, 5)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(logTicks(1, 10, 5)).toEqual([1, 2, 5, 10]);
    expect(logTicks(0, 10, 5)).toEqual([]);
    expect(logTicks(-1, 10, 5)).toEqual([]);
    expect(logTicks(5, 5, 5)).toEqual([5]);
    expect(logTicks(1000, 1, 5)).toEqual(logTicks(1, 1000, 5));
  });

  it("maps by log10 and gives NaN for values ≤ 0", () => {
    const scale = logScale([1, 100], [0, 200]);
    expect(scale.map(10)).toBe(100);
    expect(scale.map(1)).toBe(0);
    expect(scale.map(0)).toBeNaN();
    expect(scale.map(-5)).toBeNaN();
    expect(() => logScale([0, 10], [0, 1])).toThrow(RangeError);
  });

  it("rounds a domain out to whole decades", () => {
    expect(logDomain(0.003, 420)).toEqual([0.001, 1000]);
    expect(logDomain(10, 10)).toEqual([10, 100]);
    expect(logDomain(Number.NaN, 5)).toEqual([1, 10]);
  });
});
