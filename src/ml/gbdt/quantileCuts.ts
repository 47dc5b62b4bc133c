import type { Matrix } from "../matrix.js";
import { QuantileSketch, QuantileSummary, SKETCH_FACTOR } from "./quantileSketch.js";

/**
 * Histogram bin boundaries per feature, as XGBoost's `HistogramCuts`: bin b of feature f holds the
 * float32 values v with `cutValues[p + b − 1] ≤ v < cutValues[p + b]` (p = featurePointers[f]);
 * the last cut lies above every training value.
 */
export interface HistogramCuts {
  /** Feature f owns cutValues[featurePointers[f] … featurePointers[f + 1]). */
  featurePointers: Uint32Array;
  /** Exclusive upper bounds of the bins (float32). */
  cutValues: Float32Array;
  /** Per feature, a value below every training value: the threshold of a split that sends all values right. */
  minValues: Float32Array;
}

const fround = Math.fround;
// XGBoost 1.7 widens the extreme cuts by |v| + 1e-5 in double precision before storing them as float32.
const EPSILON = 1e-5;
const EMPTY_COLUMN_MINIMUM = fround(1e-5);
const COLUMN_BLOCK = 32;

/**
 * Quantile cuts of every column of X (values rounded to float32, NaN ignored) with at most
 * `maxBin` bins per feature, as XGBoost 1.7's `hist` builds them: a column with at most maxBin
 * distinct values gets one bin per value; otherwise the cuts come from XGBoost's weighted
 * quantile sketch (reproduced exactly, see quantileSketch.ts) pruned to rank-spaced quantiles.
 * An all-missing column gets a single bin. `rows` restricts (and orders) the rows used.
 */
export function computeHistogramCuts(X: Matrix, maxBin: number, rows?: ArrayLike<number>): HistogramCuts {
  if (!Number.isInteger(maxBin) || maxBin < 2)
    throw new RangeError(`maxBin must be an integer ≥ 2, got ${maxBin}`);
  const rowCount = rows ? rows.length : X.rows;
  const cols = X.cols;
  const data = X.data;
  const counts = new Float64Array(cols);
  for (let i = 0; i < rowCount; i++) {
    const base = (rows ? rows[i] : i) * cols;
    for (let f = 0; f < cols; f++) if (!Number.isNaN(data[base + f])) counts[f]++;
  }
  const reduced = new QuantileSummary(Math.min(rowCount, maxBin * SKETCH_FACTOR) + 1);
  const final = new QuantileSummary(maxBin + 2);
  const pointers = new Uint32Array(cols + 1);
  const cutValues: number[] = [];
  const minValues = new Float32Array(cols);
  // Columns are sketched a block at a time while the rows are read in order, which keeps the
  // reads of the row-major matrix sequential.
  for (let blockStart = 0; blockStart < cols; blockStart += COLUMN_BLOCK) {
    const blockEnd = Math.min(cols, blockStart + COLUMN_BLOCK);
    const sketches: (QuantileSketch | null)[] = [];
    for (let f = blockStart; f < blockEnd; f++) {
      const bins = Math.max(1, Math.min(maxBin, counts[f]));
      sketches.push(counts[f] > 0 ? new QuantileSketch(counts[f], 1 / fround(bins * SKETCH_FACTOR)) : null);
    }
    for (let i = 0; i < rowCount; i++) {
      const base = (rows ? rows[i] : i) * cols;
      for (let f = blockStart; f < blockEnd; f++) {
        const value = data[base + f];
        if (!Number.isNaN(value)) sketches[f - blockStart]!.push(value);
      }
    }
    for (let f = blockStart; f < blockEnd; f++) {
      const sketch = sketches[f - blockStart];
      let lastValue: number;
      if (sketch === null) {
        minValues[f] = EMPTY_COLUMN_MINIMUM;
        lastValue = EMPTY_COLUMN_MINIMUM;
      } else {
        const intermediateCuts = Math.min(counts[f], maxBin * SKETCH_FACTOR);
        reduced.setPrune(sketch.summary(), intermediateCuts);
        const maxNumBins = Math.min(intermediateCuts, maxBin);
        final.setPrune(reduced, maxNumBins + 1);
        const smallest = final.value[0];
        minValues[f] = fround(smallest - (Math.abs(smallest) + EPSILON));
        const requiredCuts = Math.min(final.size, maxNumBins);
        for (let i = 1; i < requiredCuts; i++) {
          // +0 instead of −0: XGBoost's unstable sort may keep either; they compare equal.
          const cut = final.value[i] + 0;
          if (i === 1 || cut > cutValues[cutValues.length - 1]) cutValues.push(cut);
        }
        lastValue = final.value[final.size - 1];
      }
      // Above every value of the column, so that the last bin is closed.
      cutValues.push(fround(lastValue + (Math.abs(lastValue) + EPSILON)));
      pointers[f + 1] = cutValues.length;
    }
  }
  return { featurePointers: pointers, cutValues: Float32Array.from(cutValues), minValues };
}

/**
 * The bin of a float32 value in feature f: the first cut above it (XGBoost's `SearchBin`, an
 * upper bound), clamped to the last bin. NaN must be handled by the caller.
 */
export function searchBin(cuts: HistogramCuts, feature: number, value: number): number {
  const begin = cuts.featurePointers[feature];
  const end = cuts.featurePointers[feature + 1];
  const values = cuts.cutValues;
  let low = begin;
  let high = end;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return (low === end ? end - 1 : low) - begin;
}
