import { describe, expect, it } from "vitest";
import { noInformationRate, noInformationTest } from "../../../src/ml/metrics/noInformationRate.js";
import { decodeFloat } from "../../reference/loadVectors.js";
import { expectClose, labelVectors, METRIC_CASES } from "./metricsVectors.js";

describe("noInformationTest", () => {
  it("gives caret's NIR and the exact binomial p-value of accuracy > NIR (SciPy binomtest)", () => {
    for (const c of METRIC_CASES) {
      const { yTrue, yPred } = labelVectors(c);
      const test = noInformationTest(yTrue, yPred);
      expectClose(test.noInformationRate, c.noInformationRate, `${c.name} NIR`);
      expectClose(noInformationRate(yTrue), c.noInformationRate, `${c.name} NIR`);
      expectClose(test.accuracy, c.accuracy, `${c.name} accuracy`);
      // p-values span hundreds of orders of magnitude: relative tolerance, 1e-13 to the exact value.
      const exact = decodeFloat(c.accuracyPValueExact);
      const scipy = decodeFloat(c.accuracyPValue);
      expect(Math.abs(test.pValue - exact), c.name).toBeLessThanOrEqual(1e-13 * exact);
      expect(Math.abs(test.pValue - scipy), c.name).toBeLessThanOrEqual(1e-12 * scipy);
    }
  });

  it("gives p = 1 for a single true class (NIR = 1) and throws on empty input", () => {
    const test = noInformationTest(Int32Array.of(2, 2, 2), Int32Array.of(2, 0, 2));
    expect(test).toEqual({ accuracy: 2 / 3, noInformationRate: 1, pValue: 1 });
    expect(() => noInformationRate(new Int32Array(0))).toThrow(/zero rows/);
  });
});
