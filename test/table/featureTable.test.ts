import { describe, expect, it } from "vitest";
import { FeatureTable } from "../../src/table/featureTable.js";

describe("FeatureTable", () => {
  const records = [
    { file: "a.h5", x: 1, y: Number.NaN, c: 0.1, i: 1, z: 5 },
    { file: "b.h5", x: 2, y: 3, c: 0.1, i: Number.POSITIVE_INFINITY, z: 5 },
    { file: "c.h5", x: 3, c: 0.1, i: 2, z: Number.NaN },
  ];

  it("builds text and feature columns from records; missing keys are NaN", () => {
    const table = FeatureTable.fromRecords(records);
    expect([...table.textColumns.keys()]).toEqual(["file"]);
    expect(table.featureNames).toEqual(["x", "y", "c", "i", "z"]);
    expect(Array.from(table.feature("y"))).toEqual([Number.NaN, 3, Number.NaN]);
    expect(table.record(1)).toEqual({ file: "b.h5", x: 2, y: 3, c: 0.1, i: Number.POSITIVE_INFINITY, z: 5 });
  });

  it("fillna(0) then drops constant and infinite columns, as scifAI's README recipe", () => {
    const table = FeatureTable.fromRecords(records).fillna(0);
    expect(Array.from(table.feature("y"))).toEqual([0, 3, 0]);
    expect(table.constantColumns()).toEqual([
      { name: "c", reason: "constant" },
      { name: "i", reason: "infinite" },
    ]);
    const clean = table.dropConstantColumns();
    expect(clean.featureNames).toEqual(["x", "y", "z"]); // z = 5, 5, 0 after fillna varies
  });

  it("drops every column of a one-row table (pandas' std is NaN)", () => {
    expect(FeatureTable.fromRecords([{ x: 1 }]).dropConstantColumns().featureNames).toEqual([]);
  });

  it("rejects columns of the wrong length", () => {
    expect(() => new FeatureTable(new Map(), ["x"], [new Float64Array(2)], 3)).toThrow(/x has 2 rows/);
  });
});
