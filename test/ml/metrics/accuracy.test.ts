import { describe, expect, it } from "vitest";
import { accuracy, accuracyFromConfusion } from "../../../src/ml/metrics/accuracy.js";
import { confusionMatrix } from "../../../src/ml/metrics/confusionMatrix.js";
import { expectClose, labelVectors, METRIC_CASES } from "./metricsVectors.js";

describe("accuracy", () => {
  it("equals sklearn accuracy_score on every case", () => {
    for (const c of METRIC_CASES) {
      const { yTrue, yPred } = labelVectors(c);
      expectClose(accuracy(yTrue, yPred), c.accuracy, c.name);
      expectClose(accuracyFromConfusion(confusionMatrix(yTrue, yPred)), c.accuracy, c.name);
    }
  });

  it("throws on empty input", () => {
    expect(() => accuracy(new Int32Array(0), new Int32Array(0))).toThrow(/zero rows/);
  });
});
