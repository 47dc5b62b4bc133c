import { describe, expect, it } from "vitest";
import { accuracy } from "../../../src/ml/metrics/accuracy.js";
import { balancedAccuracy } from "../../../src/ml/metrics/balancedAccuracy.js";
import { cohenKappa } from "../../../src/ml/metrics/cohenKappa.js";
import { matthewsCorrelation } from "../../../src/ml/metrics/matthewsCorrelation.js";
import {
  COMPARISON_METRICS,
  compareModels,
  comparisonMetrics,
} from "../../../src/ml/metrics/modelComparison.js";
import { f1Score } from "../../../src/ml/metrics/precisionRecallF1.js";
import { labelVectors, METRIC_CASES } from "./metricsVectors.js";

const paperLike = labelVectors(METRIC_CASES.find((c) => c.name === "paper_like_k9_n1567")!);
const noisy = labelVectors(METRIC_CASES.find((c) => c.name === "noisy_k5_n250_acc0.7")!);

describe("comparisonMetrics", () => {
  it("gives the five sklearn metrics of the paper's comparison table", () => {
    const m = comparisonMetrics(paperLike.yTrue, paperLike.yPred);
    expect(Object.keys(m)).toEqual([...COMPARISON_METRICS]);
    expect(m.accuracy).toBe(accuracy(paperLike.yTrue, paperLike.yPred));
    expect(m.balanced_accuracy).toBe(balancedAccuracy(paperLike.yTrue, paperLike.yPred));
    expect(m.macro_f1).toBe(f1Score(paperLike.yTrue, paperLike.yPred, "macro"));
    expect(m.matthews_correlation).toBe(matthewsCorrelation(paperLike.yTrue, paperLike.yPred));
    expect(m.cohen_kappa).toBe(cohenKappa(paperLike.yTrue, paperLike.yPred));
  });
});

describe("compareModels", () => {
  it("puts each model's estimate inside its interval and ranks a better model higher", () => {
    const perfect = { model: "perfect", predicted: paperLike.yTrue.slice() };
    const good = { model: "good", predicted: paperLike.yPred };
    const rows = compareModels(paperLike.yTrue, [perfect, good], { replicates: 300, seed: 2 });
    expect(rows.map((r) => r.model)).toEqual(["perfect", "good"]);
    for (const metric of COMPARISON_METRICS) {
      expect(rows[0].metrics[metric].estimate).toBe(1);
      expect(rows[0].metrics[metric].lower).toBe(1);
      const ci = rows[1].metrics[metric];
      expect(ci.lower).toBeLessThanOrEqual(ci.estimate);
      expect(ci.upper).toBeGreaterThanOrEqual(ci.estimate);
      expect(ci.upper).toBeLessThan(1);
      expect(rows[1].cells).toBe(paperLike.yTrue.length);
    }
  });

  it("resamples every model on the same cells (paired), so identical predictions get identical intervals", () => {
    const rows = compareModels(
      noisy.yTrue,
      [
        { model: "a", predicted: noisy.yPred },
        { model: "b", predicted: noisy.yPred.slice() },
      ],
      { replicates: 200, seed: 5 },
    );
    expect(rows[1].metrics).toEqual(rows[0].metrics);
  });

  it("refuses predictions that do not match the test cells", () => {
    expect(() => compareModels(noisy.yTrue, [{ model: "cnn", predicted: new Int32Array(3) }])).toThrow(
      /cnn: 3 predictions for 250 test cells/,
    );
  });
});
