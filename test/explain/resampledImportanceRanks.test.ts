import { describe, expect, it } from "vitest";
import {
  descendingAverageRanks,
  quantileSorted,
  rankedImportanceOverResamples,
} from "../../src/explain/resampledImportanceRanks.js";
import { gradientBoostingRanker } from "../../src/ml/selection/featureRankers.js";
import { classificationData } from "./explainFixtures.js";

const names = Array.from({ length: 8 }, (_, j) => `feature_${j}`);

describe("rankedImportanceOverResamples", () => {
  const { X, y } = classificationData(150, 8, 3, 21);

  it("ranks the informative features first, reproducibly, with consistent per-fit ranks", () => {
    const options = { resamples: 6, seed: 4, modelOptions: { nEstimators: 6, maxDepth: 3 } };
    const ranking = rankedImportanceOverResamples(X, y, 3, names, options);
    expect(
      ranking.features
        .slice(0, 3)
        .map((f) => f.index)
        .sort(),
    ).toEqual([0, 1, 2]);
    expect(ranking.rowsPerFit).toBe(120);
    expect(ranking.topK.length).toBe(0);
    for (let fit = 0; fit < 6; fit++) {
      const importances = ranking.importances.subarray(fit * 8, fit * 8 + 8);
      expect(Math.abs(importances.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-12);
      expect(Array.from(ranking.ranks.subarray(fit * 8, fit * 8 + 8))).toEqual(
        Array.from(descendingAverageRanks(importances)),
      );
    }
    for (const f of ranking.features) {
      const ranks = Array.from({ length: 6 }, (_, fit) => ranking.ranks[fit * 8 + f.index]).sort(
        (a, b) => a - b,
      );
      expect(f.medianRank).toBe(quantileSorted(ranks, 0.5));
      expect(f.iqr).toBe(f.q3 - f.q1);
      const used = Array.from({ length: 6 }, (_, fit) => ranking.importances[fit * 8 + f.index] > 0).filter(
        Boolean,
      );
      expect(f.usedFraction).toBe(used.length / 6);
      expect(f.selectedFraction).toBe(1);
    }
    // Sorted by median rank.
    for (let i = 1; i < 8; i++)
      expect(ranking.features[i].medianRank).toBeGreaterThanOrEqual(ranking.features[i - 1].medianRank);
    const again = rankedImportanceOverResamples(X, y, 3, names, options);
    expect(Array.from(again.ranks)).toEqual(Array.from(ranking.ranks));
  });

  it("with a random top_k, unselected features get importance 0 and share the last ranks", () => {
    const ranking = rankedImportanceOverResamples(X, y, 3, names, {
      resamples: 4,
      sampling: "bootstrap",
      topKRange: [2, 4],
      selection: { rankers: [gradientBoostingRanker({ nEstimators: 3 })] },
      modelOptions: { nEstimators: 4, maxDepth: 2 },
      seed: 1,
    });
    expect(ranking.rowsPerFit).toBe(150);
    for (let fit = 0; fit < 4; fit++) {
      const k = ranking.topK[fit];
      expect(k).toBeGreaterThanOrEqual(2);
      expect(k).toBeLessThanOrEqual(4);
      const used = Array.from(ranking.importances.subarray(fit * 8, fit * 8 + 8)).filter((v) => v > 0).length;
      expect(used).toBeLessThanOrEqual(k);
    }
    expect(ranking.features.some((f) => f.selectedFraction < 1)).toBe(true);
  });

  it("works for linear models (|coefficients|) and rejects bad options", () => {
    const ranking = rankedImportanceOverResamples(X, y, 3, names, { resamples: 2, model: "lr" });
    expect(ranking.features[0].index).toBeLessThan(3);
    expect(() => rankedImportanceOverResamples(X, y, 3, names, { model: "lr", importance: "gain" })).toThrow(
      /gbdt/,
    );
    expect(() => rankedImportanceOverResamples(X, y, 3, names.slice(1))).toThrow(/feature names/);
    expect(() => rankedImportanceOverResamples(X, y, 3, names, { topKRange: [5, 2] })).toThrow(/topKRange/);
  });
});

describe("rank helpers", () => {
  it("average ranks of ties (SciPy's rankdata of −v) and NumPy's linear percentiles", () => {
    expect(Array.from(descendingAverageRanks([3, 1, 3, 0, 0]))).toEqual([1.5, 3, 1.5, 4.5, 4.5]);
    expect(Array.from(descendingAverageRanks([Number.NaN, 2]))).toEqual([2, 1]);
    // numpy.percentile([1, 2, 3, 4], [25, 50, 75]) and of one value.
    expect([0.25, 0.5, 0.75].map((q) => quantileSorted([1, 2, 3, 4], q))).toEqual([1.75, 2.5, 3.25]);
    expect(quantileSorted([7], 0.25)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});
