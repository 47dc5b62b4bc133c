import { describe, expect, it } from "vitest";
import { cohenKappa } from "../../../src/ml/metrics/cohenKappa.js";
import { expectClose, labelVectors, METRIC_CASES } from "./metricsVectors.js";

describe("cohenKappa", () => {
  it("equals sklearn cohen_kappa_score unweighted, linear and quadratic, default and all labels", () => {
    for (const c of METRIC_CASES) {
      const { yTrue, yPred } = labelVectors(c);
      const allLabels = c.classNames.map((_, i) => i);
      for (const weights of ["none", "linear", "quadratic"] as const) {
        expectClose(cohenKappa(yTrue, yPred, { weights }), c.present.kappa[weights], `${c.name} ${weights}`);
        expectClose(
          cohenKappa(yTrue, yPred, { weights, labels: allLabels }),
          c.all.kappa[weights],
          `${c.name} ${weights} (all labels)`,
        );
      }
    }
  });

  it("is NaN for a single class, as sklearn, and rejects unknown weights", () => {
    expect(cohenKappa(Int32Array.of(1, 1), Int32Array.of(1, 1))).toBeNaN();
    // @ts-expect-error: checked at run time too
    expect(() => cohenKappa(Int32Array.of(0, 1), Int32Array.of(0, 1), { weights: "cubic" })).toThrow(
      /unknown/,
    );
  });

  it("drops rows outside an explicit label list, as sklearn's confusion_matrix(labels=…)", () => {
    const yTrue = Int32Array.of(0, 1, 2, 2, 0, 1);
    const yPred = Int32Array.of(0, 1, 2, 0, 0, 2);
    const rowsKept = Int32Array.of(0, 1, 4);
    expect(cohenKappa(yTrue, yPred, { labels: [0, 1] })).toBe(
      cohenKappa(
        rowsKept.map((i) => yTrue[i]),
        rowsKept.map((i) => yPred[i]),
      ),
    );
  });
});
