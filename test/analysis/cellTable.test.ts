import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  categoryColumn,
  categoryValues,
  cellTableFromColumns,
  joinCellTables,
  readCellTable,
  requireNumeric,
  requireText,
  tableColumnNames,
  takeCellRows,
} from "../../src/analysis/cellTable.js";

const scratch = mkdtempSync(join(tmpdir(), "scifai-celltable-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("cell tables", () => {
  it("encodes text as sorted categories and decodes it back", () => {
    const column = categoryColumn(["b", "a", "b", "c"]);
    expect(column.levels).toEqual(["a", "b", "c"]);
    expect(Array.from(column.codes)).toEqual([1, 0, 1, 2]);
    expect(categoryValues(column)).toEqual(["b", "a", "b", "c"]);
    expect(categoryColumn([])).toEqual({ levels: [], codes: new Int32Array(0) });
  });

  it("builds, selects and joins tables, refusing mismatches", () => {
    const table = cellTableFromColumns({ text: { file: ["x", "y", "z"] }, numeric: { v: [1, 2, 3] } });
    expect(table.rows).toBe(3);
    const picked = takeCellRows(table, [2, 0, 2]);
    expect(categoryValues(requireText(picked, "file"))).toEqual(["z", "x", "z"]);
    expect(Array.from(requireNumeric(picked, "v"))).toEqual([3, 1, 3]);
    expect(() => takeCellRows(table, [3])).toThrow(RangeError);
    expect(() => cellTableFromColumns({ text: { a: ["x"] }, numeric: { b: [1, 2] } })).toThrow(/has 2 rows/);
    expect(() => cellTableFromColumns({ text: { a: ["x"] }, numeric: { a: [1] } })).toThrow(/both as text/);
    expect(() => requireText(table, "donor")).toThrow(/no text column 'donor' \(text columns: file\)/);
    expect(() => requireNumeric(table, "w")).toThrow(/no numeric column 'w'/);

    const other = cellTableFromColumns({
      text: { file: ["x", "y", "z"] },
      numeric: { w: [4, 5, 6], v: [1, 2, 3] },
    });
    const joined = joinCellTables(table, other);
    expect([...joined.numeric.keys()]).toEqual(["v", "w"]);
    const shifted = cellTableFromColumns({ text: { file: ["x", "z", "y"] }, numeric: { w: [4, 5, 6] } });
    expect(() => joinCellTables(table, shifted)).toThrow(/column 'file' differs at row 1/);
    const differentValues = cellTableFromColumns({ numeric: { v: [1, 2, 4] } });
    expect(() => joinCellTables(table, differentValues)).toThrow(/column 'v' differs at row 2/);
    expect(() => joinCellTables(table, cellTableFromColumns({ numeric: { q: [1] } }))).toThrow(
      /3 and 1 rows/,
    );
  });

  it("reads only the chosen columns and rows of a stored table", async () => {
    const path = join(scratch, "t.csv");
    writeFileSync(
      path,
      "file,donor,predicted_class,a,b\nf1,D1,T_cell,1.5,10\nf2,D2,B_cell,,20\nf3,D1,T_cell,3.5,30\n",
    );
    expect(await tableColumnNames(path)).toEqual({
      text: ["file", "donor", "predicted_class"],
      numeric: ["a", "b"],
      rows: 3,
    });
    const all = await readCellTable(path, { text: ["predicted_class"], numeric: ["a"] });
    expect(all.rows).toBe(3);
    expect(categoryValues(requireText(all, "predicted_class"))).toEqual(["T_cell", "B_cell", "T_cell"]);
    expect(requireText(all, "predicted_class").levels).toEqual(["B_cell", "T_cell"]);
    expect(Array.from(requireNumeric(all, "a"))).toEqual([1.5, Number.NaN, 3.5]);
    expect([...all.numeric.keys()]).toEqual(["a"]);
    const some = await readCellTable(path, {
      text: ["donor"],
      numeric: ["b"],
      rows: Uint8Array.of(1, 0, 1),
      batchRows: 1,
    });
    expect(some.rows).toBe(2);
    expect(Array.from(requireNumeric(some, "b"))).toEqual([10, 30]);
    await expect(readCellTable(path, { numeric: ["donor", "zzz"] })).rejects.toThrow(
      /missing columns: donor \(text\), zzz/,
    );
    await expect(readCellTable(path, { rows: Uint8Array.of(1) })).rejects.toThrow(
      /has 3 rows but the row selection has 1/,
    );
  });
});
