/**
 * Gaussian smoothing as SciPy 1.10 `ndimage.gaussian_filter` does it on a 2-D float64 image: one
 * 1-D correlation per axis (rows first), skipping axes whose sigma is not above 1e-15, with the
 * kernel exp(-x² / 2σ²) normalised to sum 1 over radius int(truncate·σ + 0.5). SciPy's symmetric
 * kernel loop is reproduced (centre term first, then the mirrored pairs from the outside in).
 */

import { pairwiseSum } from "./statistics.js";

/** Boundary modes of SciPy ndimage, for 1-D filters. */
export type BoundaryMode = "mirror" | "reflect" | "nearest";

/**
 * The normalised 1-D Gaussian kernel of `sigma` (pixels) and `radius` as SciPy's
 * `_gaussian_kernel1d(sigma, 0, radius)`: 2·radius + 1 weights summing to 1.
 */
export function gaussianKernel(sigma: number, radius: number): Float64Array {
  const size = 2 * radius + 1;
  const weights = new Float64Array(size);
  const factor = -0.5 / (sigma * sigma);
  for (let k = 0; k < size; k++) {
    const x = k - radius;
    weights[k] = Math.exp(factor * (x * x));
  }
  // The kernel is short; NumPy sums fewer than 8 values sequentially and longer ones pairwise.
  const sum = pairwiseSum(weights, size);
  for (let k = 0; k < size; k++) weights[k] /= sum;
  return weights;
}

/** Kernel radius SciPy uses: int(truncate · sigma + 0.5). */
export function gaussianRadius(sigma: number, truncate = 4): number {
  return Math.trunc(truncate * sigma + 0.5);
}

/**
 * Gaussian filter of a row-major `height × width` plane with standard deviations `sigmaRows`
 * and `sigmaColumns` (pixels), SciPy boundary `mode` ('mirror' = whole-sample symmetric, as
 * scikit-image's 'reflect'), kernels truncated at `truncate` sigmas. Returns a new plane; a
 * sigma ≤ 1e-15 leaves that axis untouched. NaN pixels spread over the kernel's reach.
 */
export function gaussianFilter(
  plane: Float64Array,
  width: number,
  height: number,
  sigmaRows: number,
  sigmaColumns: number,
  mode: BoundaryMode = "reflect",
  truncate = 4,
): Float64Array {
  let current: Float64Array = plane;
  if (sigmaRows > 1e-15) {
    const weights = gaussianKernel(sigmaRows, gaussianRadius(sigmaRows, truncate));
    current = correlateDownColumns(current, width, height, weights, mode);
  }
  if (sigmaColumns > 1e-15) {
    const weights = gaussianKernel(sigmaColumns, gaussianRadius(sigmaColumns, truncate));
    current = correlateAlongRows(current, width, height, weights, mode);
  }
  return current === plane ? Float64Array.from(plane) : current;
}

/** Index of position `index` of a line of `length` samples extended by `mode`. */
export function extendIndex(index: number, length: number, mode: BoundaryMode): number {
  if (index >= 0 && index < length) return index;
  if (length === 1) return 0;
  if (mode === "nearest") return index < 0 ? 0 : length - 1;
  // mirror: period 2n-2 (d c b | a b c d | c b a); reflect: period 2n (c b a | a b c d | d c b).
  const period = mode === "mirror" ? 2 * length - 2 : 2 * length;
  let wrapped = index % period;
  if (wrapped < 0) wrapped += period;
  if (wrapped < length) return wrapped;
  return mode === "mirror" ? period - wrapped : period - wrapped - 1;
}

/**
 * SciPy `correlate1d` along axis 0 with a symmetric odd kernel: out = in·w₀, then
 * += (in[r + j] + in[r − j])·w_j for j = −radius … −1, whole rows at a time.
 */
function correlateDownColumns(
  plane: Float64Array,
  width: number,
  height: number,
  weights: Float64Array,
  mode: BoundaryMode,
): Float64Array {
  const radius = (weights.length - 1) / 2;
  const out = new Float64Array(plane.length);
  const centre = weights[radius];
  for (let row = 0; row < height; row++) {
    const base = row * width;
    for (let column = 0; column < width; column++) out[base + column] = plane[base + column] * centre;
    for (let j = -radius; j < 0; j++) {
      const before = extendIndex(row + j, height, mode) * width;
      const after = extendIndex(row - j, height, mode) * width;
      const weight = weights[radius + j];
      for (let column = 0; column < width; column++) {
        out[base + column] += (plane[before + column] + plane[after + column]) * weight;
      }
    }
  }
  return out;
}

/** SciPy `correlate1d` along axis 1 with a symmetric odd kernel, through an extended line buffer. */
function correlateAlongRows(
  plane: Float64Array,
  width: number,
  height: number,
  weights: Float64Array,
  mode: BoundaryMode,
): Float64Array {
  const radius = (weights.length - 1) / 2;
  const out = new Float64Array(plane.length);
  const centre = weights[radius];
  const source = new Int32Array(width + 2 * radius);
  for (let k = 0; k < source.length; k++) source[k] = extendIndex(k - radius, width, mode);
  const line = new Float64Array(source.length);
  for (let row = 0; row < height; row++) {
    const base = row * width;
    for (let k = 0; k < line.length; k++) line[k] = plane[base + source[k]];
    for (let column = 0; column < width; column++) {
      const at = column + radius;
      let sum = line[at] * centre;
      for (let j = -radius; j < 0; j++) sum += (line[at + j] + line[at - j]) * weights[radius + j];
      out[base + column] = sum;
    }
  }
  return out;
}
