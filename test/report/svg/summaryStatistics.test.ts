import { describe, expect, it } from "vitest";
import {
  boxStatistics,
  finiteMean,
  finiteStandardDeviation,
  finiteValues,
  sortedQuantile,
} from "../../../src/report/svg/summaryStatistics.js";

// Expected values from NumPy 1.24 (Debian 12): np.percentile(a, q) with the default "linear" method,
// np.std(a, ddof=1), a.mean(), for a = [3.5, 1, 7, 2, 9.25, 4, 100, -3]. Tolerance 1e-12 relative
// (the same arithmetic in a different order).
const SAMPLE = [3.5, 1, 7, 2, 9.25, 4, 100, -3];

describe("summary statistics", () => {
  it("matches NumPy's linear percentiles", () => {
    const sorted = Float64Array.from(SAMPLE).sort();
    const expected: [number, number][] = [
      [0, -3],
      [0.05, -1.5999999999999999],
      [0.25, 1.75],
      [0.5, 3.75],
      [0.75, 7.5625],
      [0.95, 68.23749999999995],
      [1, 100],
    ];
    for (const [q, value] of expected) expect(sortedQuantile(sorted, q)).toBeCloseTo(value, 10);
    expect(sortedQuantile(new Float64Array(0), 0.5)).toBeNaN();
  });

  it("matches NumPy's mean and sample standard deviation, skipping non-finite values", () => {
    const withMissing = [...SAMPLE, Number.NaN, Number.POSITIVE_INFINITY];
    expect(finiteMean(withMissing)).toBeCloseTo(15.46875, 12);
    expect(finiteStandardDeviation(withMissing) / 34.35643979455879).toBeCloseTo(1, 12);
    expect(finiteValues(withMissing)).toHaveLength(8);
    expect(finiteMean([])).toBeNaN();
    expect(finiteStandardDeviation([1])).toBeNaN();
    expect(finiteStandardDeviation([0.7, 0.7, 0.7])).toBe(0);
  });

  it("computes Tukey box statistics", () => {
    const stats = boxStatistics([...SAMPLE, Number.NaN]);
    expect(stats).toMatchObject({ count: 8, min: -3, q1: 1.75, median: 3.75, q3: 7.5625, max: 100 });
    // Fences at 1.75 − 8.71875 and 7.5625 + 8.71875: 100 is an outlier, −3 is not.
    expect(stats.lowerWhisker).toBe(-3);
    expect(stats.upperWhisker).toBe(9.25);
    expect(boxStatistics([]).count).toBe(0);
    expect(boxStatistics([]).median).toBeNaN();
    expect(boxStatistics([2]).median).toBe(2);
  });
});
