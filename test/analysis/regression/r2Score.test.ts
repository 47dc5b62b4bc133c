import { describe, expect, it } from "vitest";
import { r2Score } from "../../../src/analysis/regression/r2Score.js";
import { decodeFloat, decodeFloats, expectClose, vectors } from "../statistics/analysisVectors.js";

describe("r2Score against sklearn.metrics.r2_score", () => {
  for (const c of vectors.r2) {
    it(c.name, () => {
      // Plain sums against NumPy's pairwise sums: 1e-14 relative.
      expectClose(
        r2Score(decodeFloats(c.y_true), decodeFloats(c.y_pred)),
        decodeFloat(c.r2),
        1e-14,
        "r2",
        1e-15,
      );
    });
  }

  it("gives NaN for too few values or NaN, and checks lengths", () => {
    expect(r2Score([1], [1])).toBeNaN();
    expect(r2Score([1, Number.NaN], [1, 2])).toBeNaN();
    expect(() => r2Score([1, 2], [1])).toThrow(RangeError);
  });
});
