import { describe, expect, it } from "vitest";
import { cellTableFromColumns } from "../../src/analysis/cellTable.js";
import {
  allRows,
  countSelected,
  intersectMasks,
  maskWhereText,
  selectedRows,
} from "../../src/analysis/rowMask.js";

describe("row masks", () => {
  it("intersects masks so that a later selection can only narrow an earlier one", () => {
    const classMask = Uint8Array.of(1, 1, 0, 0);
    const qcMask = Uint8Array.of(1, 0, 1, 0);
    expect(Array.from(intersectMasks(4, classMask, qcMask))).toEqual([1, 0, 0, 0]);
    expect(Array.from(intersectMasks(4, qcMask, classMask))).toEqual([1, 0, 0, 0]);
    expect(Array.from(intersectMasks(4, undefined, qcMask))).toEqual([1, 0, 1, 0]);
    expect(Array.from(intersectMasks(2))).toEqual([1, 1]);
    expect(Array.from(classMask)).toEqual([1, 1, 0, 0]);
    expect(() => intersectMasks(3, classMask)).toThrow(RangeError);
    expect(() => intersectMasks(2, Uint8Array.of(1, 2))).toThrow(/not 0 or 1/);
  });

  it("counts, lists and selects by text", () => {
    expect(Array.from(allRows(3))).toEqual([1, 1, 1]);
    expect(countSelected(Uint8Array.of(0, 1, 1))).toBe(2);
    expect(Array.from(selectedRows(Uint8Array.of(0, 1, 1)))).toEqual([1, 2]);
    const table = cellTableFromColumns({ text: { predicted_class: ["a", "b", "c", "a"] } });
    expect(Array.from(maskWhereText(table, "predicted_class", ["a", "c", "zzz"]))).toEqual([1, 0, 1, 1]);
    expect(() => maskWhereText(table, "label", ["a"])).toThrow(/no text column 'label'/);
  });
});
