import { describe, expect, it } from "vitest";
import { firstNonzeroColumn, lastNonzeroColumn } from "../../src/image/rowExtent.js";

describe("row extents", () => {
  it("finds the outermost nonzero columns of a row, −1 for an empty row", () => {
    // Rows of width 5: empty, one pixel, a gap between two pixels, full.
    const image = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 1, 1, 1, 1]);
    expect([0, 5, 10, 15].map((start) => firstNonzeroColumn(image, start, 5))).toEqual([-1, 2, 0, 0]);
    expect([5, 10, 15].map((start) => lastNonzeroColumn(image, start, 5))).toEqual([2, 3, 4]);
  });
});
