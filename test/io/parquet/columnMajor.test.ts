import { describe, expect, it } from "vitest";
import { rowMajorToColumns } from "../../../src/io/parquet/columnMajor.js";

describe("rowMajorToColumns", () => {
  it("transposes a small block by hand", () => {
    // 2 rows × 3 columns: [[1, 2, 3], [4, 5, 6]]
    const columns = rowMajorToColumns(Float64Array.of(1, 2, 3, 4, 5, 6), 2, 3);
    expect(columns.map((column) => [...column])).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
  });

  it("matches the naive transpose on blocks that are not multiples of the tile, keeping NaN and −0", () => {
    for (const [rowCount, columnCount] of [
      [1, 1],
      [33, 65],
      [100, 7],
      [1, 600],
      [1024, 3],
    ]) {
      const rows = Float64Array.from({ length: rowCount * columnCount }, (_, i) =>
        i % 11 === 0 ? Number.NaN : i % 13 === 0 ? -0 : i * 1.5,
      );
      const columns = rowMajorToColumns(rows, rowCount, columnCount);
      expect(columns).toHaveLength(columnCount);
      for (let c = 0; c < columnCount; c++) {
        expect(columns[c]).toHaveLength(rowCount);
        for (let r = 0; r < rowCount; r++) {
          if (!Object.is(columns[c][r], rows[r * columnCount + c])) throw new Error(`(${r}, ${c}) differs`);
        }
      }
    }
  });

  it("reuses a large enough target and rejects a short source", () => {
    const target = new Float64Array(100);
    const columns = rowMajorToColumns(Float64Array.of(1, 2, 3, 4), 2, 2, target);
    expect(columns[1].buffer).toBe(target.buffer);
    expect([...target.subarray(0, 4)]).toEqual([1, 3, 2, 4]);
    expect(rowMajorToColumns(new Float64Array(0), 0, 5)).toHaveLength(5);
    expect(() => rowMajorToColumns(new Float64Array(3), 2, 2)).toThrow(/needs 4 values/);
  });
});
