import { describe, expect, it } from "vitest";
import { mannWhitneyU } from "../../../src/analysis/statistics/mannWhitneyU.js";
import { decodeFloat, decodeFloats, expectClose, vectors } from "./analysisVectors.js";

/**
 * p-values: 1e-15 relative (a few ulp). Measured: 67 of 70 are bit-identical; the asymptotic ones
 * can differ through the normal CDF's exp (1 ulp, see normalDistribution.test.ts), and the exact
 * ones with both samples ≥ 20 through C(m + n, m), which SciPy takes from its beta function and we
 * round from the exact integer. The statistic must be identical.
 */
const P_TOLERANCE = 1e-15;

describe("mannWhitneyU against scipy.stats.mannwhitneyu 1.10", () => {
  const cases = vectors.mannwhitneyu;

  it("has the promised coverage", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const alternative of ["two-sided", "less", "greater"])
      expect(cases.filter((c) => c.alternative === alternative).length).toBeGreaterThan(10);
  });

  for (const c of cases) {
    it(`${c.name} (${c.method}, ${c.alternative})`, () => {
      const result = mannWhitneyU(decodeFloats(c.x), decodeFloats(c.y), {
        alternative: c.alternative,
        method: c.method,
        useContinuity: c.use_continuity,
      });
      expect(result.statistic).toBe(decodeFloat(c.statistic));
      expectClose(result.pValue, decodeFloat(c.pvalue), P_TOLERANCE, "p");
    });
  }

  it("reproduces the paper's -SEA vs +SEA synapse frequencies test (U = 4)", () => {
    const minusSea = [0.35, 0.61, 1.12, 0.62, 1.95, 1.08];
    const plusSea = [1.05, 1.9, 3.52, 2.71, 3.1, 2.79];
    const result = mannWhitneyU(minusSea, plusSea);
    expect(result.statistic).toBe(4);
    expect(result.method).toBe("exact");
    // SciPy 1.10: 2·P(U ≤ 4) for 6 vs 6 values = 2·24/924.
    expect(result.pValue).toBe(0.025974025974025976);
    const reference = vectors.mannwhitneyu.find((c) => c.name === "paper_sea_u4");
    expect(reference?.pvalue).toBe(result.pValue);
  });

  it("chooses the method as SciPy 1.10 does", () => {
    // Either sample with ≤ 8 values and no ties: exact, even when the other is large.
    expect(
      mannWhitneyU(
        [1, 2, 3],
        Array.from({ length: 100 }, (_, i) => i + 0.5),
      ).method,
    ).toBe("exact");
    expect(mannWhitneyU([1, 2, 3, 4, 5, 6, 7, 8, 9], [10, 11, 12, 13, 14, 15, 16, 17, 18]).method).toBe(
      "asymptotic",
    );
    expect(mannWhitneyU([1, 2, 2], [3, 4]).method).toBe("asymptotic");
    expect(mannWhitneyU([1, 2, 2], [3, 4], { method: "exact" }).method).toBe("exact");
  });

  it("propagates NaN and rejects nothing silently", () => {
    const nan = mannWhitneyU(
      decodeFloats(vectors.mannwhitneyu_nan.x),
      decodeFloats(vectors.mannwhitneyu_nan.y),
    );
    expect(nan.statistic).toBeNaN();
    expect(nan.pValue).toBeNaN();
    expect(nan.method).toBe("none");
    expect(mannWhitneyU([], [1, 2]).pValue).toBeNaN();
    expect(() => mannWhitneyU([1], [2], { alternative: "bigger" as never })).toThrow(RangeError);
    expect(() => mannWhitneyU([1], [2], { method: "permutation" as never })).toThrow(RangeError);
  });

  it("is symmetric: swapping the samples gives n1·n2 − U and the mirrored one-sided p", () => {
    const x = [0.3, 1.7, 2.2, 5.1, 0.9, 3.3, 4.4, 2.8, 1.1, 0.2];
    const y = [2.5, 3.9, 4.8, 6.1, 5.5, 3.1, 7.2, 6.6, 4.1];
    const forward = mannWhitneyU(x, y, { alternative: "less" });
    const backward = mannWhitneyU(y, x, { alternative: "greater" });
    expect(backward.statistic).toBe(x.length * y.length - forward.statistic);
    expect(backward.pValue).toBe(forward.pValue);
  });

  it("handles a large zero-inflated sample quickly (ranks by sorting, not by pairs)", () => {
    const n = 200_000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = i % 5 === 0 ? (i * 7919) % 1000 : 0;
      y[i] = i % 4 === 0 ? (i * 104729) % 1000 : 0;
    }
    const start = performance.now();
    const result = mannWhitneyU(x, y);
    const elapsed = performance.now() - start;
    expect(result.method).toBe("asymptotic");
    expect(result.pValue).toBeGreaterThanOrEqual(0);
    expect(result.pValue).toBeLessThan(1e-10);
    expect(elapsed).toBeLessThan(5000);
  });
});
