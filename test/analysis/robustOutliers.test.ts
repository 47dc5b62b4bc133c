import { describe, expect, it } from "vitest";
import { robustOutliers } from "../../src/analysis/robustOutliers.js";
import { chiSquareInverseSf } from "../../src/analysis/statistics/chiSquareDistribution.js";
import { createRandom } from "../../src/util/random.js";

/** n correlated Gaussian cells in 4 features, plus a constant feature. */
function gaussianCells(n: number, seed: number) {
  const random = createRandom(seed);
  const columns = Array.from({ length: 5 }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const z = random.normal();
    columns[0][i] = z + 0.3 * random.normal();
    columns[1][i] = 2 * z + 0.5 * random.normal();
    columns[2][i] = random.normal() * 10 + 100;
    columns[3][i] = random.normal();
    columns[4][i] = 7;
  }
  return { columns, names: ["a", "b", "c", "d", "constant"] };
}

describe("robustOutliers", () => {
  it("flags planted outliers, about the stated share of clean cells, and leaves constant features out", () => {
    const n = 4000;
    const { columns, names } = gaussianCells(n, 1);
    // Three planted outliers: far along a feature, and against the a–b correlation.
    columns[2][10] = 300;
    columns[0][20] = 3;
    columns[1][20] = -6;
    columns[3][30] = -12;
    const result = robustOutliers(columns, names, { tailProbability: 0.001, varianceExplained: 1 });
    expect(result.constantFeatures).toEqual(["constant"]);
    expect(result.usedFeatures).toEqual(["a", "b", "c", "d"]);
    expect(result.components).toBe(4);
    expect(result.threshold).toBe(chiSquareInverseSf(0.001, 4));
    for (const planted of [10, 20, 30]) expect(result.flags[planted], `cell ${planted}`).toBe(1);
    // Clean Gaussian cells exceed the χ² cut-off at about the tail probability (0.1% of 4,000 = 4).
    expect(result.outliers - 3).toBeLessThanOrEqual(15);
    expect(result.missing).toBe(0);
    expect(result.fitRows).toBe(n);
    let flagged = 0;
    for (let i = 0; i < n; i++) {
      flagged += result.flags[i];
      expect(result.flags[i] === 1).toBe(result.squaredDistances[i] > result.threshold);
    }
    expect(flagged).toBe(result.outliers);
  });

  it("is deterministic, fits on a seeded subsample when asked, and flags missing values apart", () => {
    const { columns, names } = gaussianCells(1000, 2);
    columns[0][5] = Number.NaN;
    columns[3][6] = Number.POSITIVE_INFINITY;
    const a = robustOutliers(columns, names, { fitRows: 300, seed: 4 });
    const b = robustOutliers(columns, names, { fitRows: 300, seed: 4 });
    expect(Array.from(a.squaredDistances)).toEqual(Array.from(b.squaredDistances));
    expect(a.fitRows).toBe(300);
    expect(a.missing).toBe(2);
    expect(a.flags[5]).toBe(1);
    expect(a.flags[6]).toBe(1);
    expect(a.squaredDistances[5]).toBeNaN();
    // Fewest components reaching 90% of the variance: a and b share one factor, c and d are independent.
    expect(a.components).toBeGreaterThanOrEqual(2);
    expect(a.components).toBeLessThanOrEqual(4);
    expect(a.varianceExplained).toBeGreaterThanOrEqual(0.9);
  });

  it("refuses inputs without a varying feature or with ragged columns", () => {
    expect(() => robustOutliers([Float64Array.of(1, 1, 1)], ["x"])).toThrow(/no feature varies/);
    expect(() => robustOutliers([Float64Array.of(1, 2), Float64Array.of(1)], ["x", "y"])).toThrow(RangeError);
    expect(() => robustOutliers([Float64Array.of(1, 2)], ["x"], { tailProbability: 0 })).toThrow(RangeError);
  });
});
