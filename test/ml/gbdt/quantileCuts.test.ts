import { describe, expect, it } from "vitest";
import { binMatrix } from "../../../src/ml/gbdt/binnedMatrix.js";
import { computeHistogramCuts, searchBin } from "../../../src/ml/gbdt/quantileCuts.js";
import { QuantileSketch, type QuantileSummary } from "../../../src/ml/gbdt/quantileSketch.js";
import type { Matrix } from "../../../src/ml/matrix.js";
import { SeededRandom } from "../../../src/util/random.js";

const column = (values: number[]): Matrix => ({
  data: Float64Array.from(values),
  rows: values.length,
  cols: 1,
});
const cutsOf = (X: Matrix, maxBin: number, feature = 0) => {
  const cuts = computeHistogramCuts(X, maxBin);
  return Array.from(
    cuts.cutValues.subarray(cuts.featurePointers[feature], cuts.featurePointers[feature + 1]),
  );
};

describe("computeHistogramCuts", () => {
  it("gives one bin per distinct value when they are at most maxBin", () => {
    // Cuts are the distinct values after the smallest, then a value above the largest:
    // max + (|max| + 1e-5) computed in float64 and stored as float32.
    const X = column([3, 1, 2, 2, Number.NaN, 1, 5]);
    expect(cutsOf(X, 256)).toEqual([2, 3, 5, Math.fround(5 + 5 + 1e-5)]);
    const cuts = computeHistogramCuts(X, 256);
    expect(cuts.minValues[0]).toBe(Math.fround(1 - (1 + 1e-5)));
    expect([1, 2, 3, 5, 4.9, 0, 100].map((v) => searchBin(cuts, 0, v))).toEqual([0, 1, 2, 3, 2, 0, 3]);
  });

  it("rounds values to float32 before binning", () => {
    // 0.1 and 0.1 + 1e-12 are the same float32: two distinct values, two bins.
    const X = column([0.1, 0.1 + 1e-12, 0.2]);
    const f = Math.fround(0.2);
    expect(cutsOf(X, 256)).toEqual([f, Math.fround(f + (f + 1e-5))]);
  });

  it("gives an all-missing column a single bin", () => {
    const X = column([Number.NaN, Number.NaN]);
    expect(cutsOf(X, 16)).toEqual([Math.fround(Math.fround(1e-5) + (Math.fround(1e-5) + 1e-5))]);
    const binned = binMatrix(X, computeHistogramCuts(X, 16));
    expect(Array.from(binned.codes)).toEqual([1, 1]);
    expect(binned.hasMissing[0]).toBe(1);
  });

  it("prunes many distinct values to maxBin rank-spaced bins", () => {
    const random = new SeededRandom(5);
    const n = 5000;
    const X = column(Array.from({ length: n }, () => random.normal()));
    for (const maxBin of [8, 64, 256]) {
      const cuts = cutsOf(X, maxBin);
      expect(cuts.length).toBe(maxBin);
      for (let i = 1; i < cuts.length; i++) expect(cuts[i]).toBeGreaterThan(cuts[i - 1]);
      // Every bin holds roughly n / maxBin values.
      const binned = binMatrix(X, computeHistogramCuts(X, maxBin));
      const counts = new Float64Array(maxBin);
      for (const code of binned.codes) counts[code]++;
      for (let b = 0; b < maxBin - 1; b++)
        expect(Math.abs(counts[b] - n / maxBin)).toBeLessThan(0.35 * (n / maxBin) + 3);
    }
  });

  it("uses only the listed rows", () => {
    const X = column([1, 2, 3, 4, 5, 6]);
    const cuts = computeHistogramCuts(X, 256, [4, 5]);
    expect(Array.from(cuts.cutValues)).toEqual([6, Math.fround(6 + 6 + 1e-5)]);
  });
});

describe("binMatrix", () => {
  it("stores bin codes row-major with missing values in an extra code", () => {
    const X: Matrix = { data: Float64Array.of(1, 10, 2, Number.NaN, 3, 30), rows: 3, cols: 2 };
    const binned = binMatrix(X, computeHistogramCuts(X, 256));
    expect(binned.codes).toBeInstanceOf(Uint8Array);
    expect(Array.from(binned.binCounts)).toEqual([3, 2]);
    expect(Array.from(binned.codes)).toEqual([0, 0, 1, 2, 2, 1]);
    expect(Array.from(binned.slotOffsets)).toEqual([0, 4, 7]);
    expect(Array.from(binned.hasMissing)).toEqual([0, 1]);
    expect(binned.dense).toBe(false);
  });

  it("bins every value into the bin searchBin names", () => {
    const random = new SeededRandom(21);
    const rows = 3000;
    const cols = 4;
    const data = Float64Array.from({ length: rows * cols }, (_, i) =>
      i % cols === 3 ? random.integer(7) : i % cols === 2 ? Math.exp(3 * random.normal()) : random.normal(),
    );
    const X: Matrix = { data, rows, cols };
    for (const maxBin of [2, 5, 33, 256]) {
      const cuts = computeHistogramCuts(X, maxBin);
      const binned = binMatrix(X, cuts);
      let mismatches = 0;
      for (let i = 0; i < data.length; i++)
        if (binned.codes[i] !== searchBin(cuts, i % cols, Math.fround(data[i]))) mismatches++;
      expect(mismatches).toBe(0);
    }
  });

  it("switches to 16-bit codes only when 256 bins and missing values meet", () => {
    const values = Array.from({ length: 600 }, (_, i) => i);
    const full = binMatrix(column(values), computeHistogramCuts(column(values), 256));
    expect(full.codes).toBeInstanceOf(Uint8Array);
    const withMissing = column([...values, Number.NaN]);
    const wide = binMatrix(withMissing, computeHistogramCuts(withMissing, 256));
    expect(wide.codes).toBeInstanceOf(Uint16Array);
    expect(wide.codes[600]).toBe(256);
  });
});

describe("QuantileSketch", () => {
  it("summarises exactly while the values fit its queue", () => {
    const sketch = new QuantileSketch(10, 1 / 128);
    for (const v of [3, 1, 1, 2, 3, 3, 0.5]) sketch.push(v);
    const summary = sketch.summary();
    expect(Array.from(summary.value.subarray(0, summary.size))).toEqual([0.5, 1, 2, 3]);
    expect(Array.from(summary.rmin.subarray(0, summary.size))).toEqual([0, 1, 3, 4]);
    expect(Array.from(summary.rmax.subarray(0, summary.size))).toEqual([1, 3, 4, 7]);
    expect(Array.from(summary.wmin.subarray(0, summary.size))).toEqual([1, 2, 1, 3]);
  });

  it("keeps rank bounds that bracket the true ranks after merging levels", () => {
    const random = new SeededRandom(9);
    const n = 20000;
    const values = Float32Array.from({ length: n }, () => random.normal());
    const sketch = new QuantileSketch(n, 1 / 64);
    for (const v of values) sketch.push(v);
    const summary: QuantileSummary = sketch.summary();
    expect(summary.size).toBeLessThanOrEqual(sketch.limitSize);
    const sorted = values.slice().sort();
    for (let i = 0; i < summary.size; i += 7) {
      const v = summary.value[i];
      const below = sorted.findIndex((x) => x >= v);
      expect(summary.rmin[i]).toBeLessThanOrEqual(below + 1e-3);
      expect(summary.rmax[i]).toBeGreaterThanOrEqual(below + 1 - 1e-3);
    }
  });
});
