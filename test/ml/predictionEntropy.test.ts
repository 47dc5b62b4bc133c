import { describe, expect, it } from "vitest";
import { matrix } from "../../src/ml/matrix.js";
import { entropyNats, shannonEntropyNats } from "../../src/ml/predictionEntropy.js";
import { decodeFloats, expectAllClose, vectors } from "../analysis/statistics/analysisVectors.js";

describe("shannonEntropyNats against scipy.stats.entropy per row", () => {
  const v = vectors.entropy;

  it("matches SciPy (normalised rows, 0·log 0 = 0, NaN and all-zero rows give NaN)", () => {
    const probabilities = matrix(decodeFloats(v.probabilities), v.rows, v.cols);
    // Math.log may differ from glibc's log by one ulp: 1e-15 relative.
    expectAllClose(shannonEntropyNats(probabilities), decodeFloats(v.entropy), 1e-15, "entropy");
  });

  it("is 0 for a certain prediction and ln(k) for a uniform one", () => {
    expect(entropyNats([0, 1, 0])).toBe(0);
    expect(entropyNats([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(Math.log(4), 15);
    expect(entropyNats([1, -0.5])).toBe(Number.NEGATIVE_INFINITY);
  });
});
