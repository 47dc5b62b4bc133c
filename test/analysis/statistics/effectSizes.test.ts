import { describe, expect, it } from "vitest";
import { cliffsDelta, rankBiserial } from "../../../src/analysis/statistics/effectSizes.js";
import { mannWhitneyU } from "../../../src/analysis/statistics/mannWhitneyU.js";
import { decodeFloat, decodeFloats, vectors } from "./analysisVectors.js";

describe("effect sizes", () => {
  for (const c of vectors.effect_sizes) {
    it(`${c.name}: Cliff's delta equals the pair count, rank-biserial 1 − 2U/(n1·n2)`, () => {
      const x = decodeFloats(c.x);
      const y = decodeFloats(c.y);
      // Integer pair counts over n1·n2: identical values.
      expect(cliffsDelta(x, y)).toBe(decodeFloat(c.cliffs_delta));
      expect(rankBiserial(x, y)).toBe(decodeFloat(c.rank_biserial));
      expect(mannWhitneyU(x, y).statistic).toBe(decodeFloat(c.u));
    });
  }

  it("signs: Cliff's delta > 0 when x is larger; rank-biserial > 0 when y is larger", () => {
    expect(cliffsDelta([5, 6, 7], [1, 2, 3])).toBe(1);
    expect(rankBiserial([5, 6, 7], [1, 2, 3])).toBe(-1);
    expect(rankBiserial([1, 2], [3, 4])).toBe(1);
    expect(cliffsDelta([1, 2, 3], [2, 3, 4])).toBeCloseTo(-5 / 9, 15);
  });

  it("gives NaN for empty or NaN samples", () => {
    expect(cliffsDelta([], [1])).toBeNaN();
    expect(rankBiserial([1, Number.NaN], [1])).toBeNaN();
  });
});
