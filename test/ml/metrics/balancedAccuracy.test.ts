import { describe, expect, it } from "vitest";
import { balancedAccuracy } from "../../../src/ml/metrics/balancedAccuracy.js";
import { expectClose, labelVectors, METRIC_CASES } from "./metricsVectors.js";

describe("balancedAccuracy", () => {
  it("equals sklearn balanced_accuracy_score on every case (classes only predicted are left out)", () => {
    for (const c of METRIC_CASES) {
      const { yTrue, yPred } = labelVectors(c);
      expectClose(balancedAccuracy(yTrue, yPred), c.balancedAccuracy, c.name);
    }
  });

  it("is the mean recall of the true classes", () => {
    // Recalls 1/2 (class 0) and 1 (class 1); class 2 is only predicted.
    expect(balancedAccuracy(Int32Array.of(0, 0, 1), Int32Array.of(0, 2, 1))).toBe(0.75);
    expect(() => balancedAccuracy(new Int32Array(0), new Int32Array(0))).toThrow(/zero rows/);
  });
});
