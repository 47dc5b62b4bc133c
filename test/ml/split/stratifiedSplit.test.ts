import { describe, expect, it } from "vitest";
import { type StratifiedSplit, stratifiedSplit } from "../../../src/ml/split/stratifiedSplit.js";
import { allocationProblem, expandKeys, SPLIT_CASES } from "./splitVectors.js";

/** Per-stratum counts of one set, in the order of `strata`. */
function column(split: StratifiedSplit, strata: string[], set: "train" | "validation" | "test"): number[] {
  const byName = new Map(split.counts.map((row) => [row.stratum, row]));
  return strata.map((name) => byName.get(name)?.[set] ?? 0);
}

/** Asserts that every row is in exactly one set and each set is ascending. */
function expectPartition(split: StratifiedSplit, rows: number): void {
  const seen = new Uint8Array(rows);
  let ascending = true;
  for (const set of [split.train, split.validation, split.test]) {
    for (let i = 0; i < set.length; i++) {
      if (i > 0 && set[i] <= set[i - 1]) ascending = false;
      seen[set[i]]++;
    }
  }
  expect(ascending).toBe(true);
  expect(seen.every((count) => count === 1)).toBe(true);
}

describe("stratifiedSplit", () => {
  it("equals sklearn's two-stage per-stratum counts (test first, then validation from the rest)", () => {
    let exact = 0;
    for (const c of SPLIT_CASES) {
      if (c.error || c.validationSize === undefined) continue;
      const keys = expandKeys(c.strata, c.counts);
      for (const seed of [0, 5]) {
        if (c.validationError) {
          expect(
            () => stratifiedSplit(keys, { testSize: c.testSize, validationSize: c.validationSize, seed }),
            c.name,
          ).toThrow(/validation set .* at least one row per stratum|train set would be empty/);
          continue;
        }
        const options = { testSize: c.testSize, validationSize: c.validationSize, seed };
        if (!c.test) {
          // sklearn's test counts depend on its tie-break, and so does what the validation stage
          // receives: it may lack rows for one per stratum; otherwise the split must be a partition.
          let split: StratifiedSplit | null = null;
          try {
            split = stratifiedSplit(keys, options);
          } catch (error) {
            expect(String(error), c.name).toMatch(/validation set .* at least one row per stratum/);
          }
          if (split) expectPartition(split, keys.length);
          continue;
        }
        const split = stratifiedSplit(keys, options);
        expectPartition(split, keys.length);
        expect(column(split, c.strata, "test"), c.name).toEqual(c.test);
        if (c.train && c.validation) {
          expect(column(split, c.strata, "validation"), c.name).toEqual(c.validation);
          expect(column(split, c.strata, "train"), c.name).toEqual(c.train);
          exact++;
        } else if (c.validationStage) {
          // Validation stage with a sklearn tie-break: one of its possible outcomes.
          const stage = c.validationStage;
          const train = column(split, stage.strata, "train");
          expect(
            allocationProblem(train, stage.trainLower, stage.trainTied, stage.trainPicks),
            c.name,
          ).toBeNull();
        }
        const { totals } = split;
        expect(totals.train + totals.validation + totals.test).toBe(keys.length);
        expect(totals.total).toBe(keys.length);
      }
    }
    expect(exact).toBeGreaterThanOrEqual(2 * 40);
  });

  it("gives the paper's 2,923 / 731 / 1,567 cells for 5,221", () => {
    // 9 labels × 12 (experiment, donor) strata of 48 or 49 cells.
    const strata = Array.from(
      { length: 108 },
      (_, i) => `label${i % 9}|exp${Math.floor(i / 9) % 4}|donor${Math.floor(i / 36)}`,
    );
    const keys = expandKeys(
      strata,
      strata.map((_, i) => (i < 37 ? 49 : 48)),
    );
    expect(keys.length).toBe(5221);
    const split = stratifiedSplit(keys, { seed: 1 });
    expect(split.totals).toEqual({ total: 5221, train: 2923, validation: 731, test: 1567, unstratified: 0 });
    // Strata with two members can lose one to the test set: that row is a singleton at the
    // validation stage (sklearn would raise there), goes to train and leaves the validation size
    // to be computed over the other rows.
    for (const c of SPLIT_CASES.filter((s) => s.name.startsWith("paper_shape") && s.validationStage)) {
      const shaped = stratifiedSplit(expandKeys(c.strata, c.counts), { seed: 1 });
      expect(shaped.totals.test).toBe(1567);
      expect(shaped.totals.validation).toBe(Math.ceil(0.2 * (3654 - c.validationStage!.singletonRows)));
    }
  });

  it("puts one-member strata in train and reports them instead of raising", () => {
    const c = SPLIT_CASES.find((s) => s.name === "singletons_at_test_stage")!;
    const keys = expandKeys(c.strata, c.counts);
    const split = stratifiedSplit(keys, { testSize: c.testSize, validationSize: c.validationSize, seed: 3 });
    expect(column(split, c.strata, "test")).toEqual(c.test);
    expect(column(split, c.strata, "validation")).toEqual(c.validation);
    expect(split.totals.unstratified).toBe(3);
    for (const row of split.unstratified) {
      expect(split.train).toContain(row);
      const stratum = split.counts.find((s) => s.stratum === keys[row])!;
      expect(stratum.unstratified).toBeGreaterThan(0);
    }
    // A two-member stratum that lost one row to the test set is a singleton at the validation stage.
    const late = SPLIT_CASES.find((s) => s.name === "singleton_only_at_validation_stage")!;
    const lateKeys = expandKeys(late.strata, late.counts);
    const lateSplit = stratifiedSplit(lateKeys, {
      testSize: late.testSize,
      validationSize: late.validationSize,
    });
    expect(column(lateSplit, late.strata, "train")).toEqual(late.train);
    expect(lateSplit.totals.unstratified).toBe(1);
    expect(lateKeys[lateSplit.unstratified[0]]).toBe(late.strata[0]);
    // Every row its own stratum: nothing can be stratified, all rows go to train.
    const alone = stratifiedSplit(["a", "b", "c"]);
    expect(Array.from(alone.train)).toEqual([0, 1, 2]);
    expect(alone.totals.unstratified).toBe(3);
  });

  it("is deterministic per seed, skips validation at size 0 and checks its options", () => {
    const keys = expandKeys(["x|e1|d1", "y|e1|d1", "x|e2|d1"], [50, 30, 20]);
    expect(stratifiedSplit(keys, { seed: 9 })).toEqual(stratifiedSplit(keys, { seed: 9 }));
    expect(stratifiedSplit(keys, { seed: 9 }).test).not.toEqual(stratifiedSplit(keys, { seed: 10 }).test);
    const noValidation = stratifiedSplit(keys, { validationSize: 0 });
    expect(noValidation.validation.length).toBe(0);
    expect(noValidation.test.length).toBe(30);
    expectPartition(noValidation, keys.length);
    expect(noValidation.counts.map((row) => row.stratum)).toEqual(["x|e1|d1", "x|e2|d1", "y|e1|d1"]);
    expect(() => stratifiedSplit([])).toThrow(/zero rows/);
    expect(() => stratifiedSplit(keys, { validationSize: 1 })).toThrow(/validation size/);
    expect(() => stratifiedSplit(keys, { testSize: 0 })).toThrow(/test size/);
  });
});
