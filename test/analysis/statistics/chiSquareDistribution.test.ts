import { describe, expect, it } from "vitest";
import {
  chiSquareCdf,
  chiSquareInverseSf,
  chiSquareQuantile,
  chiSquareSf,
  logGamma,
  regularizedGammaP,
  regularizedGammaQ,
} from "../../../src/analysis/statistics/chiSquareDistribution.js";
import { decodeFloats, type EncodedFloat, loadVectors } from "../../reference/loadVectors.js";

interface Vectors {
  chi2: {
    dof: number;
    x: EncodedFloat[];
    cdf: EncodedFloat[];
    sf: EncodedFloat[];
    p: EncodedFloat[];
    ppf: EncodedFloat[];
    isf: EncodedFloat[];
  }[];
}
const vectors = loadVectors<Vectors>("analysis_qc_vectors");

/** |actual − expected| ≤ tolerance · |expected| (or both zero / equal infinities). */
function expectClose(actual: number, expected: number, tolerance: number, what: string): void {
  if (expected === actual) return;
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    tolerance * Math.abs(expected),
  );
}

describe("chi-square distribution (scipy.stats.chi2 parity)", () => {
  // Tolerance 1e-12 relative: SciPy evaluates the incomplete gamma with Cephes' igam/igamc and
  // inverts with igami; our series/continued fraction and Newton solve round differently (~1e-14
  // observed, with the far tails of large dof the worst).
  const tolerance = 1e-12;
  for (const { dof, x, cdf, sf, p, ppf, isf } of vectors.chi2) {
    it(`matches cdf, sf, ppf and isf for ${dof} degrees of freedom`, () => {
      const xs = decodeFloats(x);
      const cdfs = decodeFloats(cdf);
      const sfs = decodeFloats(sf);
      xs.forEach((value, i) => {
        expectClose(chiSquareCdf(value, dof), cdfs[i], tolerance, `cdf(${value}, ${dof})`);
        expectClose(chiSquareSf(value, dof), sfs[i], tolerance, `sf(${value}, ${dof})`);
      });
      const ps = decodeFloats(p);
      const ppfs = decodeFloats(ppf);
      const isfs = decodeFloats(isf);
      ps.forEach((probability, i) => {
        expectClose(chiSquareQuantile(probability, dof), ppfs[i], tolerance, `ppf(${probability}, ${dof})`);
        expectClose(chiSquareInverseSf(probability, dof), isfs[i], tolerance, `isf(${probability}, ${dof})`);
      });
    });
  }

  it("knows closed forms and edge cases", () => {
    // χ²(2) is exponential with mean 2: sf(x) = exp(−x/2), isf(q) = −2 ln q.
    expectClose(chiSquareSf(3, 2), Math.exp(-1.5), 1e-14, "sf");
    expectClose(chiSquareInverseSf(0.001, 2), -2 * Math.log(0.001), 1e-14, "isf");
    expectClose(logGamma(5), Math.log(24), 1e-15, "lgamma(5)");
    expectClose(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-15, "lgamma(1/2)");
    expect(regularizedGammaP(2, 0)).toBe(0);
    expect(regularizedGammaQ(2, Number.POSITIVE_INFINITY)).toBe(0);
    expect(chiSquareCdf(-1, 3)).toBe(0);
    expect(chiSquareSf(-1, 3)).toBe(1);
    expect(chiSquareInverseSf(0, 3)).toBe(Number.POSITIVE_INFINITY);
    expect(chiSquareInverseSf(1, 3)).toBe(0);
    expect(chiSquareQuantile(0, 3)).toBe(0);
    expect(chiSquareQuantile(1, 3)).toBe(Number.POSITIVE_INFINITY);
    for (const bad of [Number.NaN, -0.1, 1.1]) {
      expect(chiSquareInverseSf(bad, 3)).toBeNaN();
      expect(chiSquareQuantile(bad, 3)).toBeNaN();
    }
    expect(chiSquareCdf(Number.NaN, 3)).toBeNaN();
    expect(chiSquareSf(1, 0)).toBeNaN();
    expect(logGamma(0)).toBeNaN();
  });
});
