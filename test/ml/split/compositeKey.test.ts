import { describe, expect, it } from "vitest";
import { compositeKey } from "../../../src/ml/split/compositeKey.js";

describe("compositeKey", () => {
  it("joins the columns of each row with |", () => {
    expect(compositeKey(["T_cell", "B_cell"], ["exp1", "exp2"], ["donor1", "donor1"])).toEqual([
      "T_cell|exp1|donor1",
      "B_cell|exp2|donor1",
    ]);
    expect(compositeKey(["only"])).toEqual(["only"]);
  });

  it("escapes | and \\ so that different rows never collide", () => {
    const keys = compositeKey(["a|b", "a", "a\\"], ["c", "b|c", "|c"]);
    expect(new Set(keys).size).toBe(3);
    expect(keys[0]).toBe("a\\|b|c");
  });

  it("gives the same keys when the value combinations are too many to number (string path)", () => {
    // 4 columns × 10,000 distinct values: 1e16 combinations exceed 2^53.
    const columns = Array.from({ length: 4 }, (_, c) =>
      Array.from({ length: 10_000 }, (_, i) => `c${c}v${i}`),
    );
    const keys = compositeKey(...columns);
    expect(keys[1234]).toBe("c0v1234|c1v1234|c2v1234|c3v1234");
    expect(new Set(keys).size).toBe(10_000);
  });

  it("rejects no columns and columns of different lengths", () => {
    expect(() => compositeKey()).toThrow(/at least one/);
    expect(() => compositeKey(["a"], ["b", "c"])).toThrow(/differ in length/);
  });
});
