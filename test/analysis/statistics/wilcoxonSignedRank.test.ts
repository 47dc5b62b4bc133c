import { describe, expect, it } from "vitest";
import { wilcoxonSignedRank } from "../../../src/analysis/statistics/wilcoxonSignedRank.js";
import { decodeFloat, decodeFloats, expectClose, vectors } from "./analysisVectors.js";

/**
 * 1e-15 relative: exact p-values are the same sums of the same dyadic fractions (bit-identical);
 * approximate ones differ at most by the normal CDF's exp (1 ulp; measured: 50 of 51 identical).
 */
const P_TOLERANCE = 1e-15;

describe("wilcoxonSignedRank against scipy.stats.wilcoxon 1.10", () => {
  const cases = vectors.wilcoxon;

  it("has the promised coverage", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(cases.some((c) => decodeFloats(c.d).includes(0))).toBe(true);
  });

  for (const c of cases) {
    it(`${c.name} (${c.method}, ${c.zero_method}, ${c.alternative}${c.correction ? ", corrected" : ""})`, () => {
      const result = wilcoxonSignedRank(decodeFloats(c.d), {
        alternative: c.alternative,
        zeroMethod: c.zero_method,
        correction: c.correction,
        mode: c.method,
      });
      expect(result.statistic).toBe(decodeFloat(c.statistic));
      expectClose(result.pValue, decodeFloat(c.pvalue), P_TOLERANCE, "p");
      // SciPy reports z only when "approx" was requested explicitly.
      const z = decodeFloat(c.zstatistic);
      if (!Number.isNaN(z)) expectClose(result.zStatistic, z, 1e-14, "z");
    });
  }

  it("switches to the normal approximation for zeros and for more than 50 values", () => {
    expect(wilcoxonSignedRank([1, 2, -3, 4]).method).toBe("exact");
    expect(wilcoxonSignedRank([0, 2, -3, 4]).method).toBe("approx");
    expect(wilcoxonSignedRank(Array.from({ length: 51 }, (_, i) => i - 10.5)).method).toBe("approx");
    expect(wilcoxonSignedRank(Array.from({ length: 50 }, (_, i) => i - 10.5)).method).toBe("exact");
  });

  it("returns NaN where SciPy gives NaN or raises", () => {
    for (const result of [
      wilcoxonSignedRank(decodeFloats(vectors.wilcoxon_nan.d)),
      wilcoxonSignedRank([]),
      wilcoxonSignedRank([0, 0, 0]),
      wilcoxonSignedRank([0, 0], { zeroMethod: "pratt" }),
    ]) {
      expect(result.statistic).toBeNaN();
      expect(result.pValue).toBeNaN();
      expect(result.method).toBe("none");
    }
    expect(() => wilcoxonSignedRank([1], { zeroMethod: "drop" as never })).toThrow(RangeError);
    expect(() => wilcoxonSignedRank([1], { mode: "asymptotic" as never })).toThrow(RangeError);
  });

  it("gives the smallest exact two-sided p for six donors all moving the same way", () => {
    // 2 / 2^6: the floor of what six paired donors can show (the study had 6 and 7 donors).
    expect(wilcoxonSignedRank([2.73, 2.04, 1.99, 3.1, 2.5, 2.8]).pValue).toBe(0.03125);
  });
});
