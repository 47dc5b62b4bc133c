import { describe, expect, it } from "vitest";
import { matrix, matrixFromRows } from "../../../src/ml/matrix.js";
import { pearsonMatrix } from "../../../src/ml/selection/pearson.js";
import { averageRanks, spearmanMatrix, spearmanOfVectors } from "../../../src/ml/selection/spearman.js";
import { decodeFloats, type EncodedFloat, loadVectors } from "../../reference/loadVectors.js";

interface CorrelationCase {
  name: string;
  rows: number;
  cols: number;
  X: EncodedFloat[];
  pearson: EncodedFloat[];
  spearman: EncodedFloat[];
}

const vectors = loadVectors<{ correlation: CorrelationCase[] }>("forest_selection_vectors");

function expectMatrixClose(
  actual: Float64Array,
  expected: Float64Array,
  tolerance: number,
  label: string,
): void {
  expect(actual.length, label).toBe(expected.length);
  expected.forEach((value, i) => {
    if (Number.isNaN(value)) expect(actual[i], `${label} [${i}]`).toBeNaN();
    else expect(Math.abs(actual[i] - value), `${label} [${i}]`).toBeLessThanOrEqual(tolerance);
  });
}

describe("correlation matrices against pandas 1.5", () => {
  // Ties (average ranks), a constant column (NaN) and missing values (pairwise complete rows).
  it("spearmanMatrix equals DataFrame.corr('spearman') to 1e-12", () => {
    for (const c of vectors.correlation) {
      const X = matrix(decodeFloats(c.X), c.rows, c.cols);
      expectMatrixClose(spearmanMatrix(X), decodeFloats(c.spearman), 1e-12, c.name);
    }
  });

  it("pearsonMatrix equals DataFrame.corr() to 1e-12", () => {
    for (const c of vectors.correlation) {
      const X = matrix(decodeFloats(c.X), c.rows, c.cols);
      expectMatrixClose(pearsonMatrix(X), decodeFloats(c.pearson), 1e-12, c.name);
    }
  });
});

describe("averageRanks", () => {
  it("gives tied values the mean of their ranks", () => {
    expect(Array.from(averageRanks(Float64Array.from([10, 20, 10, 30, 20, 20])))).toEqual([
      1.5, 4, 1.5, 6, 4, 4,
    ]);
    expect(Array.from(averageRanks(Float64Array.from([3, -0, 0, 1])))).toEqual([4, 1.5, 1.5, 3]);
  });

  it("makes Spearman invariant to monotone transforms and NaN for constants", () => {
    const x = Float64Array.from([0.3, 1.2, -0.5, 2.2, 0.9]);
    expect(spearmanOfVectors(x, x.map(Math.exp))).toBe(1);
    expect(
      spearmanOfVectors(
        x,
        x.map((v) => -v * v * v),
      ),
    ).toBe(-1);
    expect(spearmanOfVectors(x, new Float64Array(5).fill(2))).toBeNaN();
    expect(spearmanMatrix(matrixFromRows([[1, 2]]))[1]).toBeNaN();
  });
});
