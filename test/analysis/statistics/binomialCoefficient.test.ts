import { describe, expect, it } from "vitest";
import { binomialCoefficient } from "../../../src/analysis/statistics/binomialCoefficient.js";

describe("binomialCoefficient", () => {
  it("is exact for small arguments and symmetric", () => {
    expect(binomialCoefficient(12, 6)).toBe(924);
    expect(binomialCoefficient(208, 8)).toBe(binomialCoefficient(208, 200));
    expect(binomialCoefficient(5, 0)).toBe(1);
    expect(binomialCoefficient(0, 0)).toBe(1);
    expect(binomialCoefficient(60, 30)).toBe(Number(118264581564861424n));
  });

  it("gives 0 outside the range and NaN for non-whole arguments", () => {
    expect(binomialCoefficient(4, 5)).toBe(0);
    expect(binomialCoefficient(4, -1)).toBe(0);
    expect(binomialCoefficient(4.5, 2)).toBeNaN();
  });
});
