import { describe, expect, it } from "vitest";
import { pearsonR, spearmanR } from "../../../src/analysis/statistics/correlation.js";
import { decodeFloat, decodeFloats, expectClose, vectors } from "./analysisVectors.js";

describe("spearmanR against scipy.stats.spearmanr", () => {
  for (const c of vectors.spearman) {
    it(c.name, () => {
      // NumPy's corrcoef adds its dot products in BLAS order: 1e-14 relative.
      expectClose(spearmanR(decodeFloats(c.x), decodeFloats(c.y)), decodeFloat(c.spearman), 1e-14, "rho");
    });
  }

  it("pearsonR is ±1 on lines, NaN on constants, and checks lengths", () => {
    expect(pearsonR([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 15);
    expect(pearsonR([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 15);
    expect(pearsonR([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(pearsonR([1], [1])).toBeNaN();
    expect(spearmanR([1, Number.NaN], [1, 2])).toBeNaN();
    expect(() => spearmanR([1, 2], [1])).toThrow(RangeError);
  });
});
