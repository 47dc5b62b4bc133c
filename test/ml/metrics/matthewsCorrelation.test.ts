import { describe, expect, it } from "vitest";
import { matthewsCorrelation } from "../../../src/ml/metrics/matthewsCorrelation.js";
import { expectClose, labelVectors, METRIC_CASES } from "./metricsVectors.js";

describe("matthewsCorrelation", () => {
  it("equals sklearn matthews_corrcoef (multiclass) on every case", () => {
    for (const c of METRIC_CASES) {
      const { yTrue, yPred } = labelVectors(c);
      expectClose(matthewsCorrelation(yTrue, yPred), c.matthews, c.name);
    }
  });

  it("is 1 for perfect, −1 for inverted binary and 0 for constant predictions", () => {
    const y = Int32Array.of(0, 1, 1, 0, 1);
    expect(matthewsCorrelation(y, y)).toBe(1);
    expect(
      matthewsCorrelation(
        y,
        y.map((v) => 1 - v),
      ),
    ).toBe(-1);
    expect(matthewsCorrelation(y, new Int32Array(5))).toBe(0);
  });
});
