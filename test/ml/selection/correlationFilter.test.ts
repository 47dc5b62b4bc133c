import { describe, expect, it } from "vitest";
import { matrix } from "../../../src/ml/matrix.js";
import {
  CONSTANT,
  constantColumns,
  correlationFilter,
  KEPT,
} from "../../../src/ml/selection/correlationFilter.js";
import { pearsonMatrix } from "../../../src/ml/selection/pearson.js";
import { spearmanMatrix } from "../../../src/ml/selection/spearman.js";
import { createRandom } from "../../../src/util/random.js";
import { syntheticClassification } from "../forest/syntheticClassification.js";

// Columns 0–9 of the synthetic set (9 is floor(2·x0), itself a near-duplicate of 0) plus, appended: an exact copy of 2, a noisy copy of 5
// (noise 1% of its spread), exp(column 7) (monotone: a duplicate for Spearman only), a constant,
// and a copy of 0 with a different scale and sign.
function withDuplicates() {
  const { X } = syntheticClassification(400, 10, 4, 4, 2, 11);
  const random = createRandom(1);
  const cols = 15;
  const data = new Float64Array(X.rows * cols);
  for (let r = 0; r < X.rows; r++) {
    for (let f = 0; f < 10; f++) data[r * cols + f] = X.data[r * 10 + f];
    data[r * cols + 10] = X.data[r * 10 + 2];
    data[r * cols + 11] = X.data[r * 10 + 5] + 0.01 * random.normal();
    data[r * cols + 12] = Math.exp(X.data[r * 10 + 7]);
    data[r * cols + 13] = 3.5;
    data[r * cols + 14] = -20 * X.data[r * 10] + 7;
  }
  return matrix(data, X.rows, cols);
}

describe("correlationFilter", () => {
  it("removes exact, noisy and rescaled copies and constants, keeping the first column (Pearson)", () => {
    const X = withDuplicates();
    const { kept, droppedBy } = correlationFilter(pearsonMatrix(X), X.cols, 0.95, constantColumns(X));
    expect(droppedBy[10]).toBe(2);
    expect(droppedBy[11]).toBe(5);
    expect(droppedBy[13]).toBe(CONSTANT);
    expect(droppedBy[14]).toBe(0);
    expect(droppedBy[9]).toBe(0);
    // exp() is not linear: Pearson keeps it.
    expect(droppedBy[12]).toBe(KEPT);
    for (let f = 0; f < 9; f++) expect(droppedBy[f], `column ${f}`).toBe(KEPT);
    expect(Array.from(kept)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 12]);
  });

  it("with Spearman also removes monotone transforms", () => {
    const X = withDuplicates();
    const { kept, droppedBy } = correlationFilter(spearmanMatrix(X), X.cols, 0.95, constantColumns(X));
    expect(droppedBy[12]).toBe(7);
    expect(Array.from(kept)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("judges a column against kept columns only (chains do not cascade)", () => {
    // corr(a, b) and corr(b, c) are above the threshold, corr(a, c) is not: b goes, c stays.
    const correlation = Float64Array.from([1, 0.97, 0.9, 0.97, 1, 0.97, 0.9, 0.97, 1]);
    const { kept, droppedBy } = correlationFilter(correlation, 3, 0.95);
    expect(Array.from(kept)).toEqual([0, 2]);
    expect(Array.from(droppedBy)).toEqual([KEPT, 0, KEPT]);
    expect(() => correlationFilter(correlation, 2, 0.95)).toThrow(/expected/);
    expect(() => correlationFilter(correlation, 3, 0)).toThrow(/threshold/);
  });
});
