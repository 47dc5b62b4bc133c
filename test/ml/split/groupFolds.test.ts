import { describe, expect, it } from "vitest";
import { groupKFold, leaveOneGroupOut } from "../../../src/ml/split/groupFolds.js";
import { GROUP_CASES } from "./splitVectors.js";

describe("leaveOneGroupOut", () => {
  it("equals sklearn LeaveOneGroupOut's test folds, groups in sorted order", () => {
    for (const c of GROUP_CASES) {
      const folds = leaveOneGroupOut(c.groups);
      expect(folds.map((fold) => Array.from(fold.test))).toEqual(c.leaveOneGroupOut);
      const sortedGroups = [...new Set(c.groups)].sort();
      expect(folds.map((fold) => fold.testGroups)).toEqual(sortedGroups.map((g) => [g]));
      for (const fold of folds) {
        expect(fold.train.length + fold.test.length).toBe(c.groups.length);
        expect(fold.train.some((row) => fold.test.includes(row))).toBe(false);
      }
    }
  });

  it("needs two groups", () => {
    expect(() => leaveOneGroupOut(["a", "a"])).toThrow(/at least 2 groups/);
  });
});

describe("groupKFold", () => {
  it("equals sklearn GroupKFold's test folds (ties in group size included, up to 16 groups)", () => {
    for (const c of GROUP_CASES) {
      const folds = groupKFold(c.groups, c.k);
      expect(folds.map((fold) => Array.from(fold.test))).toEqual(c.groupKFold);
      const seen = new Uint8Array(c.groups.length);
      for (const fold of folds) for (const row of fold.test) seen[row]++;
      expect(seen.every((count) => count === 1)).toBe(true);
    }
  });

  it("rejects k < 2 and more folds than groups", () => {
    expect(() => groupKFold(["a", "b"], 1)).toThrow(/k must/);
    expect(() => groupKFold(["a", "b"], 3)).toThrow(/only 2 groups/);
  });
});
