import { describe, expect, it } from "vitest";
import {
  matrix,
  matrixColumn,
  matrixFromRows,
  matrixRow,
  takeColumns,
  takeRows,
  zerosMatrix,
} from "../../src/ml/matrix.js";

describe("Matrix helpers", () => {
  const m = matrixFromRows([
    [1, 2, 3],
    [4, Number.NaN, 6],
  ]);

  it("builds row-major matrices and checks shapes", () => {
    expect(m.rows).toBe(2);
    expect(m.cols).toBe(3);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, Number.NaN, 6]);
    expect(() => matrix(new Float64Array(5), 2, 3)).toThrow(RangeError);
    expect(() => matrixFromRows([[1, 2], [3]])).toThrow(RangeError);
    expect(matrixFromRows([])).toEqual({ data: new Float64Array(0), rows: 0, cols: 0 });
    expect(zerosMatrix(2, 2).data).toEqual(new Float64Array(4));
  });

  it("takes rows and columns in the given order, with repeats", () => {
    expect(Array.from(takeRows(m, [1, 0, 1]).data)).toEqual([4, Number.NaN, 6, 1, 2, 3, 4, Number.NaN, 6]);
    const columns = takeColumns(m, [2, 0, 2]);
    expect(columns.cols).toBe(3);
    expect(Array.from(columns.data)).toEqual([3, 1, 3, 6, 4, 6]);
    expect(() => takeRows(m, [2])).toThrow(RangeError);
    expect(() => takeColumns(m, [-1])).toThrow(RangeError);
  });

  it("views a row and copies a column", () => {
    const row = matrixRow(m, 1);
    expect(Array.from(row)).toEqual([4, Number.NaN, 6]);
    row[0] = 40;
    expect(m.data[3]).toBe(40);
    expect(Array.from(matrixColumn(m, 2))).toEqual([3, 6]);
  });
});
