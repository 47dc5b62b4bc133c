import { describe, expect, it } from "vitest";
import { stratifiedTrainTestSplit } from "../../../src/ml/split/stratifiedTrainTestSplit.js";
import { allocationProblem, expandKeys, SPLIT_CASES } from "./splitVectors.js";

function countsOf(keys: string[], rows: Uint32Array, strata: string[]): number[] {
  const index = new Map(strata.map((name, i) => [name, i]));
  const counts = new Array<number>(strata.length).fill(0);
  for (const row of rows) counts[index.get(keys[row])!]++;
  return counts;
}

describe("stratifiedTrainTestSplit", () => {
  it("gives every stratum the test count of sklearn's train_test_split(stratify=…)", () => {
    let exact = 0;
    let tied = 0;
    for (const c of SPLIT_CASES) {
      if (c.error) continue;
      const keys = expandKeys(c.strata, c.counts);
      for (const seed of [0, 1, 2]) {
        const split = stratifiedTrainTestSplit(keys, { testSize: c.testSize, seed });
        const stage = c.testStage!;
        if (c.test) {
          expect(countsOf(keys, split.test, c.strata), c.name).toEqual(c.test);
          exact++;
        } else {
          // sklearn's own counts depend on its tie-break: ours must be one of its possible outcomes.
          const train = countsOf(keys, split.train, stage.strata);
          expect(
            allocationProblem(train, stage.trainLower, stage.trainTied, stage.trainPicks),
            c.name,
          ).toBeNull();
          const test = countsOf(keys, split.test, stage.strata);
          expect(test, c.name).toEqual(stage.counts.map((count, i) => count - train[i]));
          tied++;
        }
        expect(split.unstratified.length).toBe(stage.singletonRows);
        expect(split.train.length + split.test.length).toBe(keys.length);
      }
    }
    expect(exact).toBeGreaterThanOrEqual(3 * 40);
    expect(tied).toBeGreaterThan(0);
  });

  it("raises where sklearn raises (too few rows for one per stratum, empty train set)", () => {
    const errors = SPLIT_CASES.filter((c) => c.error);
    expect(errors.length).toBeGreaterThanOrEqual(3);
    for (const c of errors) {
      expect(
        () => stratifiedTrainTestSplit(expandKeys(c.strata, c.counts), { testSize: c.testSize }),
        c.name,
      ).toThrow(/at least one row per stratum|train set would be empty/);
    }
    expect(() => stratifiedTrainTestSplit([])).toThrow(/zero rows/);
    expect(() => stratifiedTrainTestSplit(["a", "a"], { testSize: 1 })).toThrow(/fraction/);
  });

  it("is seeded: same seed same rows, another seed other rows, sorted and disjoint", () => {
    const c = SPLIT_CASES.find((s) => s.name === "paper_shape_0")!;
    const keys = expandKeys(c.strata, c.counts);
    const a = stratifiedTrainTestSplit(keys, { testSize: 0.3, seed: 42 });
    const b = stratifiedTrainTestSplit(keys, { testSize: 0.3, seed: 42 });
    const other = stratifiedTrainTestSplit(keys, { testSize: 0.3, seed: 43 });
    expect(b).toEqual(a);
    expect(other.test).not.toEqual(a.test);
    const seen = new Uint8Array(keys.length);
    let ascending = true;
    for (const set of [a.train, a.test]) {
      for (let i = 0; i < set.length; i++) {
        if (i > 0 && set[i] <= set[i - 1]) ascending = false;
        seen[set[i]]++;
      }
    }
    expect(ascending).toBe(true);
    expect(seen.every((v) => v === 1)).toBe(true);
  });

  it("defaults to sklearn's test size of 0.25", () => {
    const keys = expandKeys(["a", "b"], [40, 60]);
    expect(stratifiedTrainTestSplit(keys).test.length).toBe(25);
  });
});
