import { describe, expect, it } from "vitest";
import { binomialCoefficient } from "../../../src/analysis/statistics/binomialCoefficient.js";
import {
  arrangementCountsByGeneratingFunction,
  arrangementCountsByRecurrence,
  mannWhitneySurvival,
} from "../../../src/analysis/statistics/mannWhitneyDistribution.js";
import { mannWhitneyU } from "../../../src/analysis/statistics/mannWhitneyU.js";
import { decodeFloat, decodeFloats, vectors } from "./analysisVectors.js";

describe("exact Mann–Whitney distribution", () => {
  it("counts arrangements exactly for small samples", () => {
    // m = n = 2: U takes 0,1,2,2,3,4 over the 6 arrangements.
    expect(Array.from(arrangementCountsByRecurrence(2, 2, 4))).toEqual([1, 1, 2, 1, 1]);
    expect(mannWhitneySurvival(4, 2, 2)).toBeCloseTo(1 / 6, 15);
    expect(mannWhitneySurvival(3, 2, 2)).toBeCloseTo(2 / 6, 15);
    expect(mannWhitneySurvival(0, 2, 2)).toBeCloseTo(1, 15);
  });

  it("gives the same counts in both orientations and by the generating function", () => {
    for (const [m, n] of [
      [1, 1],
      [3, 7],
      [7, 3],
      [8, 40],
      [12, 12],
      [20, 9],
    ]) {
      const k = m * n;
      const recurrence = Array.from(arrangementCountsByRecurrence(m, n, k));
      // Counts below 2^53: every method is exact.
      expect(Array.from(arrangementCountsByRecurrence(n, m, k)), `${m}×${n}`).toEqual(recurrence);
      expect(Array.from(arrangementCountsByGeneratingFunction(m, n, k)), `${m}×${n}`).toEqual(recurrence);
      expect(recurrence.reduce((a, b) => a + b, 0)).toBe(Number(binomial(m + n, Math.min(m, n))));
    }
  });

  it("agrees with SciPy by the recurrence and by the generating function for a large second sample", () => {
    for (const name of ["exact_one_small_8x500", "exact_one_small_450x3_less"]) {
      const c = vectors.mannwhitneyu.find((v) => v.name === name)!;
      const x = decodeFloats(c.x);
      const y = decodeFloats(c.y);
      const expected = decodeFloat(c.pvalue);
      const result = mannWhitneyU(x, y, { alternative: c.alternative });
      expect(result.method).toBe("exact");
      // Recurrence (what mannWhitneyU uses at this size): bit-identical to SciPy.
      expect(result.pValue).toBe(expected);
      // The generating function on the same tail: counts beyond 2^53 round differently.
      const m = x.length;
      const n = y.length;
      const u1 = result.statistic;
      const u =
        c.alternative === "less" ? m * n - u1 : c.alternative === "greater" ? u1 : Math.max(u1, m * n - u1);
      const k = m * n - u;
      const counts = arrangementCountsByGeneratingFunction(m, n, k);
      const total = binomialCoefficient(m + n, m);
      let tail = 0;
      for (let i = 0; i <= k; i++) tail += counts[i] / total;
      const p = Math.min(tail * (c.alternative === "two-sided" ? 2 : 1), 1);
      expect(Math.abs(p - expected), name).toBeLessThanOrEqual(1e-13 * expected);
    }
  });

  it("handles an exact test with a huge second sample in reasonable time", () => {
    const x = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5];
    const y = Array.from({ length: 200_000 }, (_, i) => i / 1000 + 0.0001);
    const start = performance.now();
    const result = mannWhitneyU(x, y);
    expect(result.method).toBe("exact");
    expect(result.pValue).toBeLessThan(1e-3);
    expect(performance.now() - start).toBeLessThan(10_000);
  });
});

function binomial(n: number, k: number): bigint {
  let result = 1n;
  for (let i = 1; i <= k; i++) result = (result * BigInt(n - k + i)) / BigInt(i);
  return result;
}
