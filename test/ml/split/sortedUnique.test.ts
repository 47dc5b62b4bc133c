import { describe, expect, it } from "vitest";
import { compareCodePoints, sortedUnique } from "../../../src/ml/split/sortedUnique.js";

describe("sortedUnique", () => {
  it("returns the distinct values in NumPy order and each row's index", () => {
    const { unique, inverse } = sortedUnique(["b", "a", "B", "b", "a|x"]);
    expect(unique).toEqual(["B", "a", "a|x", "b"]);
    expect(Array.from(inverse)).toEqual([3, 1, 0, 3, 2]);
  });

  it("orders by code point like Python, not by UTF-16 unit", () => {
    // U+FF21 (fullwidth A) is below U+1F600 (an emoji, a surrogate pair in UTF-16).
    expect(["\u{1F600}", "\uFF21"].sort(compareCodePoints)).toEqual(["\uFF21", "\u{1F600}"]);
    expect(compareCodePoints("ab", "abc")).toBeLessThan(0);
    expect(compareCodePoints("é", "e")).toBeGreaterThan(0);
  });
});
