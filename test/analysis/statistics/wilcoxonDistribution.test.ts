import { describe, expect, it } from "vitest";
import { wilcoxonDistribution } from "../../../src/analysis/statistics/wilcoxonDistribution.js";

describe("wilcoxonDistribution", () => {
  it("is the distribution of the positive rank sum", () => {
    // n = 3: sums of subsets of {1, 2, 3} → 0,1,2,3,3,4,5,6.
    expect(Array.from(wilcoxonDistribution(3))).toEqual([1, 1, 1, 2, 1, 1, 1].map((c) => c / 8));
    const p = wilcoxonDistribution(20);
    expect(p.length).toBe(211);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    for (let i = 0; i < p.length; i++) expect(p[i]).toBe(p[p.length - 1 - i]);
  });
});
