import { describe, expect, it } from "vitest";
import { percentile } from "../../../src/image/statistics.js";
import { accuracy } from "../../../src/ml/metrics/accuracy.js";
import { bootstrapConfidenceIntervals } from "../../../src/ml/metrics/bootstrapConfidenceIntervals.js";
import { cohenKappa } from "../../../src/ml/metrics/cohenKappa.js";
import { f1Score } from "../../../src/ml/metrics/precisionRecallF1.js";
import { createRandom } from "../../../src/util/random.js";
import { labelVectors, METRIC_CASES } from "./metricsVectors.js";

const paperLike = labelVectors(METRIC_CASES.find((c) => c.name === "paper_like_k9_n1567")!);
const macroF1 = (yTrue: Int32Array, yPred: Int32Array) => f1Score(yTrue, yPred, "macro");

describe("bootstrapConfidenceIntervals", () => {
  it("is deterministic for a seed and changes with the seed", () => {
    const options = { replicates: 200, seed: 7 };
    const first = bootstrapConfidenceIntervals(paperLike.yTrue, paperLike.yPred, macroF1, options);
    const again = bootstrapConfidenceIntervals(paperLike.yTrue, paperLike.yPred, macroF1, options);
    expect(again).toEqual(first);
    const other = bootstrapConfidenceIntervals(paperLike.yTrue, paperLike.yPred, macroF1, {
      ...options,
      seed: 8,
    });
    expect(other.lower).not.toBe(first.lower);
    expect(other.estimate).toBe(first.estimate);
  });

  it("covers the point estimate, with a width that matches the binomial standard error", () => {
    for (const name of ["paper_like_k9_n1567", "noisy_k5_n250_acc0.7", "random_uniform_k3_n100"]) {
      const { yTrue, yPred } = labelVectors(METRIC_CASES.find((c) => c.name === name)!);
      for (const metric of [accuracy, macroF1, (t: Int32Array, p: Int32Array) => cohenKappa(t, p)]) {
        const ci = bootstrapConfidenceIntervals(yTrue, yPred, metric, { replicates: 400, seed: 1 });
        expect(ci.lower, name).toBeLessThanOrEqual(ci.estimate);
        expect(ci.upper, name).toBeGreaterThanOrEqual(ci.estimate);
        expect(ci.lower).toBeLessThan(ci.upper);
        expect(ci.validReplicates).toBe(400);
      }
      const acc = accuracy(yTrue, yPred);
      const ci = bootstrapConfidenceIntervals(yTrue, yPred, accuracy, { replicates: 1000, seed: 3 });
      // The bootstrap SE of a proportion is √(p(1−p)/n); 1000 replicates estimate it within ~10%.
      const binomialSe = Math.sqrt((acc * (1 - acc)) / yTrue.length);
      expect(ci.standardError / binomialSe).toBeGreaterThan(0.85);
      expect(ci.standardError / binomialSe).toBeLessThan(1.15);
      expect(ci.upper - ci.lower).toBeGreaterThan(2 * 1.96 * binomialSe * 0.8);
      expect(ci.upper - ci.lower).toBeLessThan(2 * 1.96 * binomialSe * 1.2);
    }
  });

  it("resamples rows with replacement using the seeded PRNG, and takes NumPy's percentiles", () => {
    const yTrue = Int32Array.of(0, 1, 1, 0, 1, 0, 1, 1);
    const yPred = Int32Array.of(0, 1, 0, 0, 1, 1, 1, 1);
    const ci = bootstrapConfidenceIntervals(yTrue, yPred, accuracy, { replicates: 50, level: 0.9, seed: 11 });
    // The same draws by hand.
    const random = createRandom(11);
    const values = new Float64Array(50);
    for (let r = 0; r < 50; r++) {
      let correct = 0;
      for (let i = 0; i < 8; i++) {
        const row = random.integer(8);
        if (yTrue[row] === yPred[row]) correct++;
      }
      values[r] = correct / 8;
    }
    expect(ci.lower).toBe(percentile(values, 5));
    expect(ci.upper).toBe(percentile(values, 95));
    expect(ci.level).toBe(0.9);
    expect(ci.replicates).toBe(50);
  });

  it("gives one interval per key of a record metric, from the same resamples", () => {
    const { yTrue, yPred } = paperLike;
    const both = bootstrapConfidenceIntervals(
      yTrue,
      yPred,
      (t, p) => ({ accuracy: accuracy(t, p), macroF1: macroF1(t, p) }),
      { replicates: 100, seed: 5 },
    );
    expect(both.accuracy).toEqual(
      bootstrapConfidenceIntervals(yTrue, yPred, accuracy, { replicates: 100, seed: 5 }),
    );
    expect(both.macroF1).toEqual(
      bootstrapConfidenceIntervals(yTrue, yPred, macroF1, { replicates: 100, seed: 5 }),
    );
  });

  it("leaves out NaN replicates and rejects bad options", () => {
    // Kappa is NaN when a resample holds a single class; with 3 rows that happens often.
    const ci = bootstrapConfidenceIntervals(
      Int32Array.of(0, 1, 1),
      Int32Array.of(0, 1, 1),
      (t, p) => cohenKappa(t, p),
      {
        replicates: 200,
      },
    );
    expect(ci.validReplicates).toBeLessThan(200);
    expect(ci.validReplicates).toBeGreaterThan(0);
    expect(ci.lower).toBe(1);
    const y = Int32Array.of(0, 1);
    expect(() => bootstrapConfidenceIntervals(y, y, accuracy, { replicates: 0 })).toThrow(/replicates/);
    expect(() => bootstrapConfidenceIntervals(y, y, accuracy, { level: 1 })).toThrow(/level/);
    expect(() => bootstrapConfidenceIntervals(new Int32Array(0), new Int32Array(0), accuracy)).toThrow(
      /zero rows/,
    );
  });
});
