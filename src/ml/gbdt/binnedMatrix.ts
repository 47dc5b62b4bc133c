import type { Matrix } from "../matrix.js";
import type { HistogramCuts } from "./quantileCuts.js";

/**
 * The training matrix with every value replaced by its histogram bin (row-major, like X).
 * Feature f has `binCounts[f]` bins; a missing value gets the extra code `binCounts[f]`, so that
 * histograms can add missing rows into a slot of their own without a branch. Codes fit a byte
 * unless some feature needs 257 codes (256 bins plus missing), in which case they are 16-bit.
 */
export interface BinnedMatrix {
  rows: number;
  cols: number;
  codes: Uint8Array | Uint16Array;
  cuts: HistogramCuts;
  binCounts: Uint32Array;
  /** Histogram slot of (f, code) is slotOffsets[f] + code; each feature owns binCounts[f] + 1 slots. */
  slotOffsets: Uint32Array;
  totalSlots: number;
  /** 1 when the feature has at least one missing value. */
  hasMissing: Uint8Array;
  /** True when no value at all is missing. */
  dense: boolean;
}

/** Bins every value of X (the rows listed in `rows`, default all) with `cuts`. */
export function binMatrix(X: Matrix, cuts: HistogramCuts, rows?: ArrayLike<number>): BinnedMatrix {
  const cols = X.cols;
  const rowCount = rows ? rows.length : X.rows;
  const binCounts = new Uint32Array(cols);
  const hasMissing = new Uint8Array(cols);
  for (let i = 0; i < rowCount; i++) {
    const base = (rows ? rows[i] : i) * cols;
    for (let f = 0; f < cols; f++) if (Number.isNaN(X.data[base + f])) hasMissing[f] = 1;
  }
  let widest = 0;
  const slotOffsets = new Uint32Array(cols + 1);
  for (let f = 0; f < cols; f++) {
    binCounts[f] = cuts.featurePointers[f + 1] - cuts.featurePointers[f];
    widest = Math.max(widest, binCounts[f] + hasMissing[f]);
    slotOffsets[f + 1] = slotOffsets[f] + binCounts[f] + 1;
  }
  const codes = widest <= 256 ? new Uint8Array(rowCount * cols) : new Uint16Array(rowCount * cols);
  const pointers = cuts.featurePointers;
  const cutValues = cuts.cutValues;
  for (let i = 0; i < rowCount; i++) {
    const source = (rows ? rows[i] : i) * cols;
    const target = i * cols;
    for (let f = 0; f < cols; f++) {
      const value = X.data[source + f];
      if (Number.isNaN(value)) {
        codes[target + f] = binCounts[f];
        continue;
      }
      // Branch-free upper bound (XGBoost's SearchBin): the first cut above the float32 value,
      // clamped to the last bin; the data would mispredict the branches of a classic search.
      const v = Math.fround(value);
      const begin = pointers[f];
      let base = begin;
      let length = binCounts[f];
      while (length > 1) {
        const half = length >>> 1;
        base += half * +(cutValues[base + half] <= v);
        length -= half;
      }
      base += +(cutValues[base] <= v);
      const bin = base - begin;
      codes[target + f] = bin < binCounts[f] ? bin : binCounts[f] - 1;
    }
  }
  let dense = true;
  for (let f = 0; f < cols; f++) if (hasMissing[f]) dense = false;
  return {
    rows: rowCount,
    cols,
    codes,
    cuts,
    binCounts,
    slotOffsets,
    totalSlots: slotOffsets[cols],
    hasMissing,
    dense,
  };
}
