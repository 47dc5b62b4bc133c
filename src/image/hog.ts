/**
 * Histogram of oriented gradients as scikit-image 0.19 `feature.hog` computes it on a 2-D float64
 * image (no sqrt transform, feature vector output):
 * - gradients are central differences (0 on the first and last row/column);
 * - magnitude = hypot(g_col, g_row), orientation = degrees(atan2(g_row, g_col)) mod 180;
 * - each cell histogram adds, for orientation bin i, the magnitudes of the cell's pixels whose
 *   orientation lies in [180·i/n, 180·(i+1)/n), in row-major order in a C `float` (single
 *   precision) accumulator, then divides by the cell's pixel count in single precision;
 * - blocks of cells are normalised (L1, L1-sqrt, L2 or L2-Hys with eps 1e-5) and concatenated.
 * Only the full cells from the top-left corner are used (rows and columns beyond the last full
 * cell are ignored).
 */

import { pairwiseSum } from "./statistics.js";

/** Block normalisation methods of scikit-image. */
export type HogBlockNorm = "L1" | "L1-sqrt" | "L2" | "L2-Hys";

/** Parameters of `hog`, with scikit-image's defaults. */
export interface HogOptions {
  /** Number of orientation bins over [0°, 180°) (default 9). */
  orientations?: number;
  /** Cell size [rows, columns] in pixels (default [8, 8]). */
  pixelsPerCell?: readonly [number, number];
  /** Block size [rows, columns] in cells (default [3, 3]). */
  cellsPerBlock?: readonly [number, number];
  /** Block normalisation (default "L2-Hys"). */
  blockNorm?: HogBlockNorm;
}

const BLOCK_EPSILON = 1e-5;

/** Number of values `hog` returns for an image of `height × width` pixels. */
export function hogLength(width: number, height: number, options: HogOptions = {}): number {
  const { orientations, cellRows, cellColumns, blockRows, blockColumns } = resolve(options);
  const cellsDown = Math.floor(height / cellRows);
  const cellsAcross = Math.floor(width / cellColumns);
  const blocksDown = Math.max(0, cellsDown - blockRows + 1);
  const blocksAcross = Math.max(0, cellsAcross - blockColumns + 1);
  return blocksDown * blocksAcross * blockRows * blockColumns * orientations;
}

/**
 * HOG descriptor of a row-major `height × width` plane (dimensionless, each block normalised),
 * laid out as scikit-image's raveled (blockRow, blockColumn, cellRow, cellColumn, orientation)
 * array; `hogLength` values. An image smaller than one block gives an empty array; NaN pixels
 * make the blocks they touch NaN.
 */
export function hog(
  plane: Float64Array,
  width: number,
  height: number,
  options: HogOptions = {},
): Float64Array {
  const { orientations, cellRows, cellColumns, blockRows, blockColumns, blockNorm } = resolve(options);
  const cellsDown = Math.floor(height / cellRows);
  const cellsAcross = Math.floor(width / cellColumns);
  const histogram = cellHistograms(
    plane,
    width,
    height,
    orientations,
    cellRows,
    cellColumns,
    cellsDown,
    cellsAcross,
  );

  const blocksDown = Math.max(0, cellsDown - blockRows + 1);
  const blocksAcross = Math.max(0, cellsAcross - blockColumns + 1);
  const blockSize = blockRows * blockColumns * orientations;
  const out = new Float64Array(blocksDown * blocksAcross * blockSize);
  const block = new Float64Array(blockSize);
  const squares = new Float64Array(blockSize);
  for (let br = 0; br < blocksDown; br++) {
    for (let bc = 0; bc < blocksAcross; bc++) {
      for (let r = 0; r < blockRows; r++) {
        const from = ((br + r) * cellsAcross + bc) * orientations;
        block.set(
          histogram.subarray(from, from + blockColumns * orientations),
          r * blockColumns * orientations,
        );
      }
      normaliseBlock(block, squares, blockNorm);
      out.set(block, (br * blocksAcross + bc) * blockSize);
    }
  }
  return out;
}

/**
 * Cell orientation histograms, (cellsDown, cellsAcross, orientations) row-major, each value the
 * single-precision mean gradient magnitude per pixel of the cell falling in that orientation bin.
 */
export function cellHistograms(
  plane: Float64Array,
  width: number,
  height: number,
  orientations: number,
  cellRows: number,
  cellColumns: number,
  cellsDown: number,
  cellsAcross: number,
): Float64Array {
  const histogram = new Float64Array(cellsDown * cellsAcross * orientations);
  const binWidth = 180 / orientations;
  // Bin i holds [binWidth·i, binWidth·(i+1)), edges computed as scikit-image computes them.
  const binStart = new Float64Array(orientations);
  const binEnd = new Float64Array(orientations);
  for (let i = 0; i < orientations; i++) {
    binStart[i] = binWidth * i;
    binEnd[i] = binWidth * (i + 1);
  }
  const binsPerDegree = orientations / 180;
  const eightBins = orientations === 8;
  const totals = new Float64Array(orientations);
  const pixelsPerCell = Math.fround(cellRows * cellColumns);
  for (let cr = 0; cr < cellsDown; cr++) {
    for (let cc = 0; cc < cellsAcross; cc++) {
      totals.fill(0);
      for (let row = cr * cellRows; row < (cr + 1) * cellRows; row++) {
        for (let column = cc * cellColumns; column < (cc + 1) * cellColumns; column++) {
          const index = row * width + column;
          const gradientRow = row > 0 && row < height - 1 ? plane[index + width] - plane[index - width] : 0;
          const gradientColumn = column > 0 && column < width - 1 ? plane[index + 1] - plane[index - 1] : 0;
          const magnitude = hypot(gradientColumn, gradientRow);
          // C float accumulator: every partial sum is rounded to single precision.
          const quickBin = eightBins ? octantBin(gradientRow, gradientColumn) : -2;
          if (quickBin >= 0) {
            totals[quickBin] = Math.fround(totals[quickBin] + magnitude);
            continue;
          }
          const orientation = orientationDegrees(gradientRow, gradientColumn);
          if (!Number.isNaN(orientation)) {
            const bin = binOf(orientation, binStart, binEnd, binsPerDegree);
            if (bin >= 0) totals[bin] = Math.fround(totals[bin] + magnitude);
          } else {
            // scikit-image's test (skip when o >= end or o < start) keeps a NaN in every bin.
            for (let i = 0; i < orientations; i++) totals[i] = Math.fround(totals[i] + magnitude);
          }
        }
      }
      const base = (cr * cellsAcross + cc) * orientations;
      // float / int in C is a single-precision division; rounding the double quotient of two
      // floats to float gives the same result.
      for (let i = 0; i < orientations; i++) histogram[base + i] = Math.fround(totals[i] / pixelsPerCell);
    }
  }
  return histogram;
}

/** tan(22.5°) = √2 − 1: the bin edges at 22.5° and 67.5° (and their mirror images) as slopes. */
const TAN_22_5 = Math.SQRT2 - 1;
/** Relative margin within which a direction counts as "on" a bin edge and goes through atan2. */
const EDGE_MARGIN = 1e-12;

/**
 * The bin (of 8 over [0°, 180°)) of the gradient direction decided by comparing slopes instead of
 * calling atan2, or -1 when the direction lies within EDGE_MARGIN of a bin edge (0°, 22.5°, 45°,
 * …, including exactly horizontal, vertical or diagonal gradients), is zero, or is not finite: in
 * those cases the caller takes the atan2 path, whose rounding decides edge cases exactly as
 * NumPy's degrees-then-compare does. Far from an edge both ways agree, since atan2 is accurate to
 * about 1e-16.
 */
function octantBin(gradientRow: number, gradientColumn: number): number {
  const ay = Math.abs(gradientRow);
  const ax = Math.abs(gradientColumn);
  if (!(ax < Number.POSITIVE_INFINITY && ay < Number.POSITIVE_INFINITY)) return -1;
  const scale = EDGE_MARGIN * (ax + ay);
  if (ay <= scale || ax <= scale) return -1;
  const diagonal = ay - ax;
  const lowEdge = ay - TAN_22_5 * ax;
  const highEdge = ax - TAN_22_5 * ay;
  if (Math.abs(diagonal) <= scale || Math.abs(lowEdge) <= scale || Math.abs(highEdge) <= scale) return -1;
  // Angle φ of (|g_col|, |g_row|) in the first quadrant: sector 0 … 3 of 22.5° each.
  const sector = lowEdge < 0 ? 0 : diagonal < 0 ? 1 : highEdge > 0 ? 2 : 3;
  // Same signs: the direction (mod 180°) is φ; opposite signs: it is 180° − φ.
  return gradientRow > 0 === gradientColumn > 0 ? sector : 7 - sector;
}

/**
 * The bin i with binStart[i] ≤ orientation < binEnd[i] (the bins tile [0, 180) up to rounding),
 * or -1 when there is none; the same decision as scikit-image's per-bin test.
 */
function binOf(
  orientation: number,
  binStart: Float64Array,
  binEnd: Float64Array,
  binsPerDegree: number,
): number {
  const last = binStart.length - 1;
  // A first guess only; the exact edges decide below.
  let bin = Math.min(last, Math.max(0, Math.floor(orientation * binsPerDegree)));
  while (bin > 0 && orientation < binStart[bin]) bin--;
  while (bin < last && orientation >= binEnd[bin]) bin++;
  return orientation >= binStart[bin] && orientation < binEnd[bin] ? bin : -1;
}

/** numpy.rad2deg(numpy.arctan2(y, x)) % 180, with NumPy's float remainder (result in [0, 180)). */
function orientationDegrees(gradientRow: number, gradientColumn: number): number {
  const degrees = Math.atan2(gradientRow, gradientColumn) * (180 / Math.PI);
  // |degrees| ≤ 180, so NumPy's remainder (fmod, then + 180 for a negative result, +0 for a zero
  // one) reduces to a comparison; V8's floating-point % is a slow library call.
  if (degrees > 0) return degrees < 180 ? degrees : 0;
  if (degrees < 0) return degrees > -180 ? degrees + 180 : 0;
  return degrees === 0 ? 0 : degrees;
}

/**
 * hypot as glibc 2.35+ computes it without FMA (Borges' corrected square root), so magnitudes
 * match NumPy's `np.hypot` bit for bit; Math.hypot may differ in the last place.
 */
export function hypot(x: number, y: number): number {
  let ax = Math.abs(x);
  let ay = Math.abs(y);
  if (!Number.isFinite(ax) || !Number.isFinite(ay)) {
    if (ax === Number.POSITIVE_INFINITY || ay === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
    return Number.NaN;
  }
  if (ax < ay) {
    const swap = ax;
    ax = ay;
    ay = swap;
  }
  if (ax > LARGE_VALUE) {
    if (ay <= ax * EPSILON) return ax + ay;
    return hypotKernel(ax * SCALE, ay * SCALE) / SCALE;
  }
  if (ay < TINY_VALUE) {
    if (ax >= ay / EPSILON) return ax + ay;
    return hypotKernel(ax / SCALE, ay / SCALE) * SCALE;
  }
  if (ay <= ax * EPSILON) return ax + ay;
  return hypotKernel(ax, ay);
}

const SCALE = 2 ** -600;
const LARGE_VALUE = 2 ** 511;
const TINY_VALUE = 2 ** -511;
const EPSILON = 2 ** -54;

function hypotKernel(ax: number, ay: number): number {
  let h = Math.sqrt(ax * ax + ay * ay);
  let t1: number;
  let t2: number;
  if (h <= 2 * ay) {
    const delta = h - ay;
    t1 = ax * (2 * delta - ax);
    t2 = (delta - 2 * (ax - ay)) * delta;
  } else {
    const delta = h - ax;
    t1 = 2 * delta * (ax - 2 * ay);
    t2 = (4 * delta - ay) * ay + delta * delta;
  }
  h -= (t1 + t2) / (2 * h);
  return h;
}

/** Normalises one block in place; every NumPy sum here runs over a fresh contiguous array. */
function normaliseBlock(block: Float64Array, squares: Float64Array, method: HogBlockNorm): void {
  const n = block.length;
  if (method === "L1" || method === "L1-sqrt") {
    for (let k = 0; k < n; k++) squares[k] = Math.abs(block[k]);
    const denominator = pairwiseSum(squares, n) + BLOCK_EPSILON;
    for (let k = 0; k < n; k++) {
      block[k] = block[k] / denominator;
      if (method === "L1-sqrt") block[k] = Math.sqrt(block[k]);
    }
    return;
  }
  for (let k = 0; k < n; k++) squares[k] = block[k] * block[k];
  const norm = Math.sqrt(pairwiseSum(squares, n) + BLOCK_EPSILON * BLOCK_EPSILON);
  for (let k = 0; k < n; k++) block[k] = block[k] / norm;
  if (method === "L2") return;
  // L2-Hys: clip at 0.2 (np.minimum keeps NaN), then normalise again.
  for (let k = 0; k < n; k++) if (block[k] > 0.2) block[k] = 0.2;
  for (let k = 0; k < n; k++) squares[k] = block[k] * block[k];
  const second = Math.sqrt(pairwiseSum(squares, n) + BLOCK_EPSILON * BLOCK_EPSILON);
  for (let k = 0; k < n; k++) block[k] = block[k] / second;
}

function resolve(options: HogOptions) {
  const orientations = options.orientations ?? 9;
  const [cellRows, cellColumns] = options.pixelsPerCell ?? [8, 8];
  const [blockRows, blockColumns] = options.cellsPerBlock ?? [3, 3];
  const blockNorm = options.blockNorm ?? "L2-Hys";
  for (const [name, value] of [
    ["orientations", orientations],
    ["pixelsPerCell", cellRows],
    ["pixelsPerCell", cellColumns],
    ["cellsPerBlock", blockRows],
    ["cellsPerBlock", blockColumns],
  ] as const) {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`hog ${name} must be a positive integer, got ${value}`);
  }
  return { orientations, cellRows, cellColumns, blockRows, blockColumns, blockNorm };
}
