import { describe, expect, it } from "vitest";
import { averageRanks, TieCorrection, twoSampleRanks } from "../../../src/analysis/statistics/ranks.js";

describe("ranks", () => {
  it("averageRanks is scipy.stats.rankdata(method='average')", () => {
    expect(Array.from(averageRanks([40, 10, 30, 10, 20, 30, 30]))).toEqual([7, 1.5, 5, 1.5, 3, 5, 5]);
    expect(Array.from(averageRanks([]))).toEqual([]);
    expect(Array.from(averageRanks([Number.NEGATIVE_INFINITY, 0, -0, Number.POSITIVE_INFINITY]))).toEqual([
      1, 2.5, 2.5, 4,
    ]);
    expect(Array.from(averageRanks([1, Number.NaN])).every(Number.isNaN)).toBe(true);
  });

  it("twoSampleRanks agrees with ranking the pooled sample", () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6];
    const y = [5, 3, 5, 8, 9, 7, 9];
    const pooled = averageRanks([...x, ...y]);
    let rankSum = 0;
    for (let i = 0; i < x.length; i++) rankSum += pooled[i];
    const result = twoSampleRanks(x, y);
    expect(result?.rankSumX).toBe(rankSum);
    expect(result?.hasTies).toBe(true);
    // Groups: 1 ×2, 3 ×2, 5 ×3, 9 ×3 → 6 + 6 + 24 + 24.
    expect(result?.tieTerm).toBe(60);
    expect(twoSampleRanks([1, Number.NaN], [2])).toBeNull();
  });

  it("TieCorrection is exact beyond 2^53, as NumPy's int64 sum", () => {
    const ties = new TieCorrection();
    ties.add(1_000_000);
    ties.add(300_000);
    ties.add(5);
    const exact = 1_000_000n ** 3n - 1_000_000n + 300_000n ** 3n - 300_000n + 120n;
    expect(ties.value()).toBe(Number(exact));
  });
});
