import { describe, expect, it } from "vitest";
import { ChunkAssembly } from "../../src/extract/chunkAssembly.js";
import type { ChunkResult } from "../../src/extract/chunkComputation.js";
import { defaultChunkSize } from "../../src/extract/extractToFile.js";

/** A batch of `rows` consecutive metadata rows from `firstRow`, value (r, c) = row·1000 + c. */
function batch(firstRow: number, rows: number, columns: number): ChunkResult {
  const values = new Float64Array(rows * columns);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++) values[r * columns + c] = (firstRow + r) * 1000 + c;
  return {
    chunk: 0,
    rows: Int32Array.from({ length: rows }, (_, r) => firstRow + r),
    values,
    labels: Array.from({ length: rows }, (_, r) => `label-${firstRow + r}`),
    errors: [],
  };
}

describe("ChunkAssembly", () => {
  // 37 columns: more than one 32-column tile, and not a multiple of it.
  const columns = 37;

  it("holds the same values in the rows and the columns layouts, across batches and chunks", () => {
    const byRows = new ChunkAssembly(100, columns, "rows");
    const byColumns = new ChunkAssembly(100, columns, "columns");
    for (const chunk of [
      [0, 32, 64, 96],
      [200, 232],
    ]) {
      const sizes = chunk.map((_, i) => (i === chunk.length - 1 ? 3 : 32));
      chunk.forEach((first, i) => {
        byRows.add(batch(first, sizes[i], columns));
        byColumns.add(batch(first, sizes[i], columns));
      });
      const rows = Array.from(byRows.rows);
      expect(Array.from(byColumns.rows)).toEqual(rows);
      expect(byColumns.labels).toEqual(rows.map((row) => `label-${row}`));
      const views = byColumns.columnViews();
      expect(views).toHaveLength(columns);
      for (let c = 0; c < columns; c++) {
        expect(Array.from(views[c])).toEqual(rows.map((row) => row * 1000 + c));
        for (let r = 0; r < rows.length; r++) expect(byRows.values[r * columns + c]).toBe(views[c][r]);
      }
      byRows.clear();
      byColumns.clear();
      expect(byColumns.rows).toHaveLength(0);
    }
  });

  it("refuses to overflow its capacity and to give values in the other layout", () => {
    const assembly = new ChunkAssembly(40, columns, "columns");
    assembly.add(batch(0, 32, columns));
    expect(() => assembly.add(batch(32, 9, columns))).toThrow(/chunk overflow: 41 rows, room for 40/);
    expect(() => assembly.values).toThrow(/rows layout/);
    expect(() => new ChunkAssembly(4, columns, "rows").columnViews()).toThrow(/columns layout/);
  });
});

describe("defaultChunkSize", () => {
  it("depends on the format and the feature columns, never on the number of cells", () => {
    // README features: 600 columns for 5 channels, 1,584 for 8.
    expect(defaultChunkSize("parquet", 600)).toBe(4096);
    expect(defaultChunkSize("parquet", 1584)).toBe(2048);
    expect(defaultChunkSize("csv", 600)).toBe(1024);
    expect(defaultChunkSize("h5ad", 1584)).toBe(1024);
    // A huge feature set still gets chunks of at least 64 cells; values stay within 32 MiB otherwise.
    expect(defaultChunkSize("parquet", 1_000_000)).toBe(64);
    for (const columns of [1, 85, 600, 1584, 5000, 40_000]) {
      const size = defaultChunkSize("parquet", columns);
      expect(Number.isInteger(Math.log2(size))).toBe(true);
      if (size > 64) expect(size * columns * 8).toBeLessThanOrEqual(32 * 1024 * 1024);
    }
  });
});
