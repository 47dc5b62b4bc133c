import { describe, expect, it } from "vitest";
import { benjaminiHochberg } from "../../../src/analysis/statistics/benjaminiHochberg.js";
import { decodeFloats, expectAllClose, vectors } from "./analysisVectors.js";

describe("benjaminiHochberg against statsmodels multipletests(method='fdr_bh')", () => {
  for (const c of vectors.fdr_bh) {
    it(`${c.name} (${c.p.length} p-values, alpha ${c.alpha})`, () => {
      const p = decodeFloats(c.p);
      const result = benjaminiHochberg(p, { alpha: c.alpha });
      // Same operations in the same order: identical values.
      expectAllClose(result.adjusted, decodeFloats(c.adjusted), 0, "adjusted");
      expect(Array.from(result.rejected, (r) => r === 1)).toEqual(c.reject);
      expect(result.testCount).toBe(p.filter((v) => !Number.isNaN(v)).length);
    });
  }

  it("rescues smaller p-values through a larger one (step-up) and keeps adjusted values monotone", () => {
    const result = benjaminiHochberg([0.001, 0.013, 0.014, 0.015, 0.9]);
    expect(Array.from(result.rejected)).toEqual([1, 1, 1, 1, 0]);
    const order = [0, 1, 2, 3, 4];
    for (let i = 1; i < order.length; i++)
      expect(result.adjusted[i]).toBeGreaterThanOrEqual(result.adjusted[i - 1]);
  });

  it("leaves NaN out of the count", () => {
    const withNaN = benjaminiHochberg([0.01, Number.NaN, 0.04]);
    const without = benjaminiHochberg([0.01, 0.04]);
    expect(withNaN.testCount).toBe(2);
    expect(withNaN.adjusted[0]).toBe(without.adjusted[0]);
    expect(withNaN.adjusted[2]).toBe(without.adjusted[1]);
    expect(withNaN.adjusted[1]).toBeNaN();
    expect(withNaN.rejected[1]).toBe(0);
  });
});
