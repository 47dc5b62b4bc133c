import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  centralMoments,
  kurtosis,
  mean,
  momentSummary,
  pairwiseSum,
  pairwiseSumOfCenteredProducts,
  pairwiseSumOfProducts,
  percentile,
  percentiles,
  populationStd,
  shannonEntropy,
  skewness,
} from "../../src/image/statistics.js";

/** A case of statistics_vectors.py; numbers that JSON cannot hold are the strings "NaN"/"Infinity". */
interface StatisticsCase {
  name: string;
  values: (number | string)[];
  sum: number | string;
  mean: number | string;
  std: number | string;
  skew: number | string;
  kurtosis: number | string;
  shannon_entropy: number | string;
  q: number[];
  percentiles: (number | string)[];
  sum_of_products: number | string;
  sum_of_squares: number | string;
}

const golden: { cases: StatisticsCase[] } = JSON.parse(
  readFileSync(new URL("../reference/statistics_vectors.json", import.meta.url), "utf8"),
);

const num = (value: number | string): number => Number(value);

/** Equal, or both NaN; `relative` > 0 allows that much relative difference. */
function expectClose(actual: number, expected: number, relative = 0, label = ""): void {
  if (Number.isNaN(expected)) {
    expect(actual, label).toBeNaN();
    return;
  }
  if (relative === 0 || !Number.isFinite(expected)) {
    expect(actual, label).toBe(expected);
    return;
  }
  expect(Math.abs(actual - expected), label).toBeLessThanOrEqual(relative * Math.abs(expected));
}

const f64 = (values: number[]): Float64Array => Float64Array.from(values);

describe("statistics: hand-checkable cases", () => {
  it("sums and means", () => {
    expect(pairwiseSum(f64([1, 2, 3, 4]))).toBe(10);
    expect(pairwiseSum(f64([]))).toBe(0);
    expect(pairwiseSum(f64([1, 2, 3, 4]), 2)).toBe(3);
    expect(mean(f64([1, 2, 3, 4]))).toBe(2.5);
    expect(mean(f64([]))).toBeNaN();
    expect(pairwiseSumOfProducts(f64([1, 2, 3]), f64([4, 5, 6]))).toBe(32);
  });

  it("population standard deviation, skewness and kurtosis", () => {
    // [2, 4, 4, 4, 5, 5, 7, 9]: mean 5, population variance 4.
    const x = f64([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(populationStd(x)).toBe(2);
    // m3 = (−27 −1 −1 −1 0 0 8 64)/8 = 42/8; skew = m3 / 2³.
    expect(skewness(x)).toBeCloseTo(42 / 8 / 8, 15);
    // m4 = (81 + 1 + 1 + 1 + 0 + 0 + 16 + 256)/8 = 44.5; kurtosis = 44.5/16 − 3.
    expect(kurtosis(x)).toBeCloseTo(44.5 / 16 - 3, 15);
    const moments = new Float64Array(3);
    centralMoments(x, 5, moments);
    expect(Array.from(moments)).toEqual([4, 42 / 8, 44.5]);
  });

  it("constant, single and empty samples", () => {
    expect(momentSummary(f64([5]))).toEqual({ mean: 5, std: 0, skewness: Number.NaN, kurtosis: Number.NaN });
    expect(momentSummary(f64([3, 3, 3])).kurtosis).toBeNaN();
    expect(momentSummary(f64([])).mean).toBeNaN();
    expect(skewness(f64([1, 2, 3]))).toBe(0);
  });

  it("Shannon entropy over distinct values", () => {
    expect(shannonEntropy(f64([5]))).toBe(0);
    expect(shannonEntropy(f64([]))).toBe(0);
    expect(shannonEntropy(f64([1, 2]))).toBe(1);
    expect(shannonEntropy(f64([1, 2, 3, 4]))).toBe(2);
    expect(shannonEntropy(f64([0.5, -1.25, 0.5, -1.25]))).toBe(1);
    // p = 1/2, 1/4, 1/4 → 1.5 bits, through both paths.
    expect(shannonEntropy(f64([7, 7, 8, 9]))).toBe(1.5);
    expect(shannonEntropy(f64([0.7, 0.7, 0.8, 0.9]))).toBe(1.5);
  });

  it("percentiles interpolate linearly between order statistics", () => {
    const x = f64([40, 10, 30, 20]);
    expect(percentile(x, 0)).toBe(10);
    expect(percentile(x, 50)).toBe(25);
    expect(percentile(x, 100)).toBe(40);
    expect(percentile(f64([1.5, 0.5, -2.5]), 50)).toBe(0.5);
    expect(percentile(f64([3]), 90)).toBe(3);
    expect(percentile(f64([]), 50)).toBeNaN();
    expect(percentile(f64([1, Number.NaN, 3]), 10)).toBeNaN();
    const out = new Float64Array(3);
    percentiles(x, [10, 20, 90], out);
    expect(Array.from(out)).toEqual([13, 16, 37]);
    expect(Array.from(x)).toEqual([40, 10, 30, 20]);
  });

  it("both percentile paths agree on integers whatever the range", () => {
    const narrow = Float64Array.from({ length: 999 }, (_, i) => (i * 7919) % 101);
    const wide = Float64Array.from(narrow, (v, i) => v + (i % 2) * 5_000_000);
    const qs = [0, 12.5, 50, 99.9, 100];
    for (const data of [narrow, wide]) {
      const sorted = Float64Array.from(data).sort();
      const out = new Float64Array(qs.length);
      percentiles(data, qs, out);
      qs.forEach((q, i) => {
        const index = (data.length - 1) * (q / 100);
        const lower = sorted[Math.floor(index)];
        const upper = sorted[Math.min(Math.floor(index) + 1, data.length - 1)];
        expect(out[i]).toBeCloseTo(lower + (upper - lower) * (index - Math.floor(index)), 9);
      });
    }
  });
});

describe("statistics: golden vectors from NumPy / SciPy / scikit-image", () => {
  for (const c of golden.cases) {
    it(c.name, () => {
      const values = Float64Array.from(c.values, num);
      const other = Float64Array.from({ length: values.length }, (_, i) => (i * 37) % 4096);
      // Sums follow NumPy's order exactly, so they must be bit-identical.
      expectClose(pairwiseSum(values), num(c.sum), 0, "sum");
      expectClose(mean(values), num(c.mean), 0, "mean");
      expectClose(pairwiseSumOfProducts(values, other), num(c.sum_of_products), 0, "sum of products");
      expectClose(pairwiseSumOfProducts(values, values), num(c.sum_of_squares), 0, "sum of squares");
      expectClose(populationStd(values), num(c.std), 0, "std");
      // m2**1.5 and log go through libm in Python and V8's own routines here: allow a few ulps.
      expectClose(skewness(values), num(c.skew), 1e-14, "skew");
      expectClose(kurtosis(values), num(c.kurtosis), 0, "kurtosis");
      expectClose(shannonEntropy(values), num(c.shannon_entropy), 1e-14, "entropy");
      const out = new Float64Array(c.q.length);
      percentiles(values, c.q, out);
      c.q.forEach((q, i) => {
        expectClose(out[i], num(c.percentiles[i]), 0, `percentile ${q}`);
      });
    });
  }
});

describe("statistics: centred products with a constant outside range", () => {
  it("equals the pairwise sum of the explicitly centred products, bit for bit", () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (const length of [0, 5, 8, 127, 128, 129, 1000, 3722, 9000, 17000]) {
      for (let trial = 0; trial < 4; trial++) {
        const activeStart = Math.floor(random() * length);
        const activeEnd = activeStart + Math.floor(random() * (length - activeStart + 1));
        const x = new Float64Array(length);
        const y = new Float64Array(length);
        for (let i = activeStart; i < activeEnd; i++) {
          x[i] = random() < 0.7 ? Math.floor(random() * 4000) : 0;
          y[i] = random() < 0.5 ? random() * 100 : 0;
        }
        // Negative zeros outside the range must not matter when both centres are nonzero.
        if (length > 0 && activeStart > 0) x[0] = -0;
        const xCenter = length > 0 ? pairwiseSum(x, length) / length : 0;
        const yCenter = trial === 3 ? 0 : length > 0 ? pairwiseSum(y, length) / length : 0;
        const cx = x.map((v) => v - xCenter);
        const cy = y.map((v) => v - yCenter);
        const expected = pairwiseSumOfProducts(cx, cy, length);
        const actual = pairwiseSumOfCenteredProducts(x, xCenter, y, yCenter, length, activeStart, activeEnd);
        expect(Object.is(actual, expected), `length ${length} trial ${trial}`).toBe(true);
        const squares = pairwiseSumOfCenteredProducts(x, xCenter, x, xCenter, length, activeStart, activeEnd);
        expect(Object.is(squares, pairwiseSumOfProducts(cx, cx, length))).toBe(true);
      }
    }
  });
});
