import { describe, expect, it } from "vitest";
import { rankColumns } from "../../../src/ml/forest/rankedColumns.js";
import { matrixFromRows } from "../../../src/ml/matrix.js";

describe("rankColumns", () => {
  it("ranks float32-rounded values per column, ±0 and float32-equal values sharing a rank", () => {
    const X = matrixFromRows([
      [-1.5, 0.1],
      [-0, 0.1000000001],
      [2, -3e38],
      [0, 1e-46],
      [-1e30, 0.3],
    ]);
    const ranked = rankColumns(X);
    expect(Array.from(ranked.ranks.subarray(0, 5))).toEqual([1, 2, 3, 2, 0]);
    // 0.1 and 0.1000000001 are one float32; 1e-46 rounds to 0.
    expect(Array.from(ranked.ranks.subarray(5, 10))).toEqual([2, 2, 0, 1, 3]);
    expect(Array.from(ranked.distinctOffsets)).toEqual([0, 4, 8]);
    expect(Array.from(ranked.distinctValues)).toEqual([
      Math.fround(-1e30),
      -1.5,
      0,
      2,
      Math.fround(-3e38),
      0,
      Math.fround(0.1),
      Math.fround(0.3),
    ]);
  });

  it("orders many values like a sort (radix passes over all 32 bits)", () => {
    const values = Array.from({ length: 5000 }, (_, i) => Math.sin(i * 12.9898) * 10 ** ((i % 40) - 20));
    const ranked = rankColumns(matrixFromRows(values.map((v) => [v])));
    const distinct = [...new Set(values.map((v) => Math.fround(v) + 0))].sort((a, b) => a - b);
    expect(Array.from(ranked.distinctValues)).toEqual(distinct);
    values.forEach((v, i) => {
      expect(ranked.distinctValues[ranked.ranks[i]]).toBe(Math.fround(v) + 0);
    });
  });

  it("rejects NaN, infinities and values beyond float32", () => {
    expect(() => rankColumns(matrixFromRows([[1], [Number.NaN]]))).toThrow(/NaN.*row 1, column 0/);
    expect(() => rankColumns(matrixFromRows([[Number.POSITIVE_INFINITY]]))).toThrow(/float32/);
    expect(() => rankColumns(matrixFromRows([[4e38]]))).toThrow(/float32/);
  });
});
