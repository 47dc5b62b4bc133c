import { describe, expect, it } from "vitest";
import { lowerBound, upperBound } from "../../src/image/sortedSearch.js";

describe("sorted search", () => {
  it("brackets the run of equal values, within a sub-range, like bisect_left / bisect_right", () => {
    const sorted = Float64Array.from([1, 2, 2, 2, 5, 7]);
    expect([0, 1, 2, 3, 6, 8].map((v) => lowerBound(sorted, v))).toEqual([0, 0, 1, 4, 5, 6]);
    expect([0, 1, 2, 3, 6, 8].map((v) => upperBound(sorted, v))).toEqual([0, 1, 4, 4, 5, 6]);
    expect(lowerBound(sorted, 2, 2, 5)).toBe(2);
    expect(upperBound(sorted, 2, 0, 3)).toBe(3);
    expect(lowerBound(Int32Array.from([3, 9, 14]), 10)).toBe(2);
    expect(lowerBound(sorted, Number.NaN)).toBe(0);
  });
});
