import { describe, expect, it } from "vitest";
import { RandomForest } from "../../../src/ml/forest/randomForest.js";
import { type Matrix, matrix, takeColumns, takeRows } from "../../../src/ml/matrix.js";
import {
  AutoFeatureSelection,
  type AutoFeatureSelectionState,
  computeFeatureRelevance,
  selectFromRelevance,
} from "../../../src/ml/selection/autoFeatureSelection.js";
import { chooseTopK, macroF1 } from "../../../src/ml/selection/chooseTopK.js";
import {
  mutualInformationRanker,
  type NamedFeatureRanker,
} from "../../../src/ml/selection/featureRankers.js";
import { createRandom } from "../../../src/util/random.js";
import { syntheticClassification } from "../forest/syntheticClassification.js";

// One-way ANOVA F statistic per column: a cheap, deterministic relevance measure.
const anovaRanker: NamedFeatureRanker = {
  name: "anova_f",
  rank: (X, y, classCount) => {
    const out = new Float64Array(X.cols);
    for (let f = 0; f < X.cols; f++) {
      const sums = new Float64Array(classCount);
      const counts = new Float64Array(classCount);
      let total = 0;
      for (let r = 0; r < X.rows; r++) {
        sums[y[r]] += X.data[r * X.cols + f];
        counts[y[r]]++;
        total += X.data[r * X.cols + f];
      }
      const mean = total / X.rows;
      let between = 0;
      let within = 0;
      for (let k = 0; k < classCount; k++)
        if (counts[k] > 0) between += counts[k] * (sums[k] / counts[k] - mean) ** 2;
      for (let r = 0; r < X.rows; r++) within += (X.data[r * X.cols + f] - sums[y[r]] / counts[y[r]]) ** 2;
      out[f] = between / (within || 1);
    }
    return out;
  },
};

// Scores drawn from the seed: makes the result depend on the seed handed to the rankers.
const seededNoiseRanker: NamedFeatureRanker = {
  name: "seeded_noise",
  rank: (X, _y, _classCount, seed) => {
    const random = createRandom(seed);
    return Float64Array.from({ length: X.cols }, () => random.uniform());
  },
};

// A ranker with fixed scores, by column.
const fixedRanker = (name: string, scores: number[]): NamedFeatureRanker => ({
  name,
  rank: (X) => Float64Array.from({ length: X.cols }, (_, f) => scores[f] ?? 0),
});

const rankers = [mutualInformationRanker(), anovaRanker];
// Columns 0–5 informative, 6–9 averages of neighbouring informative columns, 39 = floor(2·x0), rest noise.
const data = syntheticClassification(500, 40, 4, 6, 4, 3);
const informative = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 39]);

function appendColumns(X: Matrix, extra: (row: number) => number[]): Matrix {
  const width = X.cols + extra(0).length;
  const out = new Float64Array(X.rows * width);
  for (let r = 0; r < X.rows; r++) {
    out.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), r * width);
    out.set(extra(r), r * width + X.cols);
  }
  return matrix(out, X.rows, width);
}

describe("AutoFeatureSelection", () => {
  it("returns exactly topK columns, in ascending order, named", () => {
    const names = Array.from({ length: 40 }, (_, f) => `f${f}`);
    for (const topK of [1, 5, 10, 20]) {
      const selection = new AutoFeatureSelection({ topK, rankers }).fit(data.X, data.y, 4, names);
      expect(selection.selectedIndices.length).toBe(topK);
      expect(Array.from(selection.selectedIndices)).toEqual(
        Array.from(selection.selectedIndices).sort((a, b) => a - b),
      );
      expect(selection.selectedNames).toEqual(Array.from(selection.selectedIndices, (f) => `f${f}`));
    }
  });

  it("is identical across fits and instances, carries no state between fits, and follows the seed", () => {
    const selection = new AutoFeatureSelection({ topK: 8, rankers: [...rankers, seededNoiseRanker] });
    const first = Array.from(selection.fit(data.X, data.y, 4).selectedIndices);
    expect(Array.from(selection.fit(data.X, data.y, 4).selectedIndices)).toEqual(first);
    // scifAI's selector kept appending to its list: fitting on other data first must not matter.
    const other = syntheticClassification(300, 40, 3, 4, 0, 9);
    selection.fit(other.X, other.y, 3);
    expect(Array.from(selection.fit(data.X, data.y, 4).selectedIndices)).toEqual(first);
    const fresh = new AutoFeatureSelection({ topK: 8, rankers: [...rankers, seededNoiseRanker] });
    expect(Array.from(fresh.fit(data.X, data.y, 4).selectedIndices)).toEqual(first);
    const reseeded = new AutoFeatureSelection({ topK: 8, rankers: [seededNoiseRanker], seed: 1 });
    const seeded = new AutoFeatureSelection({ topK: 8, rankers: [seededNoiseRanker], seed: 2 });
    expect(Array.from(reseeded.fit(data.X, data.y, 4).selectedIndices)).not.toEqual(
      Array.from(seeded.fit(data.X, data.y, 4).selectedIndices),
    );
  });

  it("prefers informative columns over noise", () => {
    // Only 8 columns carry real signal here (x0's class centres nearly coincide and x7 averages
    // two weak ones); beyond 8 the rankers' next best are noise, as they should be.
    for (const topK of [3, 6, 8]) {
      const selection = new AutoFeatureSelection({ topK, rankers }).fit(data.X, data.y, 4);
      for (const f of selection.selectedIndices)
        expect(informative.has(f), `topK ${topK}: column ${f}`).toBe(true);
    }
  });

  it("never selects exact or near copies (the first column of a duplicate group stays)", () => {
    const random = createRandom(4);
    const X = appendColumns(data.X, (r) => {
      const row = data.X.data.subarray(r * 40, r * 40 + 40);
      return [row[0], row[1] * 3 - 2, row[2] + 0.005 * random.normal(), Math.exp(row[3])];
    });
    const selection = new AutoFeatureSelection({ topK: 12, rankers }).fit(X, data.y, 4);
    for (const f of selection.selectedIndices) expect(f, `copy ${f} selected`).toBeLessThan(40);
    const droppedBy = selection.relevance!.droppedBy;
    expect(Array.from(droppedBy.subarray(40))).toEqual([0, 1, 2, 3]);
    // With Pearson, exp(x3) is no linear copy and stays a candidate.
    const pearson = computeFeatureRelevance(X, data.y, 4, { rankers, correlationMethod: "pearson" });
    expect(Array.from(pearson.droppedBy.subarray(40))).toEqual([0, 1, 2, -1]);
  });

  it("keeps the most relevant column of each correlated cluster", () => {
    // Columns 0, 2, 3 are correlated variants (ρ ≈ 0.9, below the filter's 0.95); 1 is apart.
    const random = createRandom(8);
    const rows = 300;
    const X = new Float64Array(rows * 10);
    for (let r = 0; r < rows; r++) {
      const z = random.normal();
      X[r * 10] = z + 0.35 * random.normal();
      X[r * 10 + 2] = z + 0.35 * random.normal();
      X[r * 10 + 3] = z + 0.35 * random.normal();
      for (const f of [1, 4, 5, 6, 7, 8, 9]) X[r * 10 + f] = random.normal();
    }
    const y = Int32Array.from({ length: rows }, (_, r) => r % 2);
    // Top 2 of the first ranker: 0, 2; of the second: 1, 3. Mean ranks: 0 → 1, 3 → 1.5, 2 → 2.
    const fixed = [fixedRanker("a", [10, 1, 9, 2]), fixedRanker("b", [3, 10, 1, 8])];
    const selection = new AutoFeatureSelection({ topK: 2, rankers: fixed }).fit(matrix(X, rows, 10), y, 2);
    expect(Array.from(selection.selectedIndices)).toEqual([0, 1]);
    const relevance = selection.relevance!;
    expect(Array.from(relevance.kept)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Three clusters: the most correlated two of {0, 2, 3} merge; the third variant stays alone.
    const rho = (a: number, b: number) => relevance.spearman[a * 10 + b] ** 2;
    const pairs: [number, number, number][] = [
      [0, 2, 3],
      [0, 3, 2],
      [2, 3, 0],
    ];
    const [a, b, alone] = pairs.sort((p, q) => rho(q[0], q[1]) - rho(p[0], p[1]))[0];
    const mergedBest = [a, b].sort(
      (p, q) => relevance.meanNormalisedRank[p] - relevance.meanNormalisedRank[q],
    )[0];
    expect(Array.from(selectFromRelevance(relevance, 3))).toEqual(
      [1, mergedBest, alone].sort((p, q) => p - q),
    );
    expect(Array.from(selectFromRelevance(relevance, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(selectFromRelevance(relevance, 50)).length).toBe(10);
  });

  it("transforms, and round-trips through JSON", () => {
    const selection = new AutoFeatureSelection({ topK: 5, rankers }).fit(data.X, data.y, 4);
    const transformed = selection.transform(data.X);
    expect(transformed.cols).toBe(5);
    expect(Array.from(transformed.data)).toEqual(
      Array.from(takeColumns(data.X, selection.selectedIndices).data),
    );
    const state = JSON.parse(JSON.stringify(selection.toJSON())) as AutoFeatureSelectionState;
    expect(state.options.rankers).toEqual(["mutual_information", "anova_f"]);
    const restored = AutoFeatureSelection.fromJSON(state, rankers);
    expect(Array.from(restored.selectedIndices)).toEqual(Array.from(selection.selectedIndices));
    expect(restored.selectedNames).toEqual(selection.selectedNames);
    expect(Array.from(restored.transform(data.X).data)).toEqual(Array.from(transformed.data));
    expect(restored.toJSON()).toEqual(state);
    expect(Array.from(restored.fit(data.X, data.y, 4).selectedIndices)).toEqual(
      Array.from(selection.selectedIndices),
    );
    expect(() => AutoFeatureSelection.fromJSON({ ...state, kind: "x" } as never)).toThrow(/kind/);
  });

  it("rejects bad input", () => {
    const unfitted = new AutoFeatureSelection({ topK: 2, rankers });
    expect(() => unfitted.transform(data.X)).toThrow(/fit/);
    const bad = matrix(data.X.data.slice(), data.X.rows, data.X.cols);
    bad.data[7] = Number.NaN;
    expect(() => unfitted.fit(bad, data.y, 4)).toThrow(/NaN.*impute/);
    expect(() => unfitted.fit(data.X, data.y, 3)).toThrow(/outside/);
    expect(() => unfitted.fit(data.X, data.y, 4, ["a"])).toThrow(/names/);
    expect(() => new AutoFeatureSelection({ topK: 0 })).toThrow(/topK/);
    expect(() => new AutoFeatureSelection({ rankers: [] })).toThrow(/ranker/);
    const fitted = new AutoFeatureSelection({ topK: 2, rankers }).fit(data.X, data.y, 4);
    expect(() => fitted.transform(takeColumns(data.X, [0, 1]))).toThrow(/40 columns/);
  });

  it("runs with the six default rankers: exactly topK, informative, deterministic", () => {
    const small = syntheticClassification(300, 20, 3, 5, 3, 4);
    const first = new AutoFeatureSelection({ topK: 4 }).fit(small.X, small.y, 3);
    expect(first.rankers.length).toBe(6);
    expect(first.selectedIndices.length).toBe(4);
    for (const f of first.selectedIndices) expect([0, 1, 2, 3, 4, 5, 6, 7, 19]).toContain(f);
    const second = new AutoFeatureSelection({ topK: 4 }).fit(small.X, small.y, 3);
    expect(Array.from(second.selectedIndices)).toEqual(Array.from(first.selectedIndices));
  });
});

describe("chooseTopK", () => {
  const train = {
    X: takeRows(
      data.X,
      Array.from({ length: 350 }, (_, i) => i),
    ),
    y: data.y.slice(0, 350),
  };
  const validation = {
    X: takeRows(
      data.X,
      Array.from({ length: 150 }, (_, i) => 350 + i),
    ),
    y: data.y.slice(350),
  };
  const options = {
    candidates: [1, 3, 6, 12, 30],
    modelFactory: () => new RandomForest({ nEstimators: 25, seed: 1 }),
    selection: { rankers },
  };

  it("scores every candidate on validation and returns the best (smallest k on ties)", () => {
    const choice = chooseTopK(train, validation, 4, options);
    expect(choice.curve.map((point) => point.k)).toEqual(options.candidates);
    for (const point of choice.curve) {
      expect(point.selected.length).toBe(point.k);
      // Each point is exactly a selection + model fit on its columns.
      const model = new RandomForest({ nEstimators: 25, seed: 1 }).fit(
        takeColumns(train.X, point.selected),
        train.y,
        4,
      );
      expect(point.score).toBe(
        macroF1(validation.y, model.predict(takeColumns(validation.X, point.selected)), 4),
      );
    }
    const best = Math.max(...choice.curve.map((p) => p.score));
    expect(choice.bestScore).toBe(best);
    expect(choice.bestK).toBe(choice.curve.find((p) => p.score === best)!.k);
    expect(choice.curve[0].score).toBeLessThan(best);
    expect(chooseTopK(train, validation, 4, options)).toEqual(choice);
  });

  it("prefers the smaller k when scores tie and validates its input", () => {
    const constant = chooseTopK(train, validation, 4, { ...options, metric: () => 0.5 });
    expect(constant.bestK).toBe(1);
    expect(() => chooseTopK(train, validation, 4, { ...options, candidates: [] })).toThrow(/candidate/);
    expect(() => chooseTopK(train, validation, 4, { ...options, candidates: [0] })).toThrow(/candidate/);
  });
});
