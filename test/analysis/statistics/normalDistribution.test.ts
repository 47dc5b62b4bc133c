import { describe, expect, it } from "vitest";
import { erf, erfc, normalCdf, normalSf } from "../../../src/analysis/statistics/normalDistribution.js";
import { decodeFloats, vectors } from "./analysisVectors.js";

describe("normalCdf (scipy.special.ndtr)", () => {
  const x = decodeFloats(vectors.ndtr.x);
  const expected = decodeFloats(vectors.ndtr.ndtr);

  it("matches SciPy 1.10 on a grid reaching both far tails", () => {
    let identical = 0;
    for (let i = 0; i < x.length; i++) {
      const actual = normalCdf(x[i]);
      if (Number.isNaN(expected[i])) {
        expect(actual, `x = ${x[i]}`).toBeNaN();
        identical++;
        continue;
      }
      // Same Cephes formulas; only V8's Math.exp may round differently from glibc's exp, by one
      // unit in the last place (measured: 22 of 543 values, all ≤ 3.3e-16 relative).
      expect(Math.abs(actual - expected[i]), `x = ${x[i]}`).toBeLessThanOrEqual(5e-16 * expected[i]);
      if (actual === expected[i]) identical++;
    }
    // Nearly every value is bit-identical.
    expect(identical / x.length).toBeGreaterThan(0.9);
  });

  it("has the limits, symmetry and special values of the normal distribution", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.NaN)).toBeNaN();
    expect(normalSf(1.959963984540054)).toBeCloseTo(0.025, 15);
    expect(normalSf(-3)).toBe(normalCdf(3));
    expect(erf(0)).toBe(0);
    expect(erf(-0.5)).toBe(-erf(0.5));
    expect(erfc(0.5)).toBe(1 - erf(0.5));
    expect(erfc(-30)).toBe(2);
    expect(erfc(30)).toBe(0);
    expect(erf(Number.POSITIVE_INFINITY)).toBe(1);
  });
});
