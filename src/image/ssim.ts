import { pairwiseSum } from "./statistics.js";

/**
 * Mean structural similarity (SSIM) of two planes as `skimage.metrics.structural_similarity` 0.19
 * computes it for float64 input with its defaults: 7×7 uniform window (`scipy.ndimage.uniform_filter`,
 * reflect borders), K1 = 0.01, K2 = 0.03, sample covariance, data range 2 (the float64 dtype range
 * −1..1), averaged over the image cropped by 3 pixels on each side. The filters repeat SciPy's
 * running sums operation for operation: where a window holds only zeros, SciPy's running sum keeps a
 * rounding residue and SSIM is not exactly 1 there, and matching the reference needs the same residue.
 */

/** Side of the square SSIM window (scikit-image's default for uniform weights). */
export const SSIM_WINDOW = 7;
const K1 = 0.01;
const K2 = 0.03;
/** dtype_range[float64] = (−1, 1): scikit-image 0.19 uses 2 for every float image. */
const DATA_RANGE = 2;
const C1 = K1 * DATA_RANGE * (K1 * DATA_RANGE);
const C2 = K2 * DATA_RANGE * (K2 * DATA_RANGE);
const WINDOW_PIXELS = SSIM_WINDOW * SSIM_WINDOW;
/** Sample covariance: NP / (NP − 1). */
const COVARIANCE_NORM = WINDOW_PIXELS / (WINDOW_PIXELS - 1);
const CROP = (SSIM_WINDOW - 1) / 2;

/** SciPy's 'reflect' extension (d c b a | a b c d | d c b a), repeated for lines shorter than the pad. */
function reflectIndex(index: number, length: number): number {
  const period = 2 * length;
  let m = index % period;
  if (m < 0) m += period;
  return m < length ? m : period - 1 - m;
}

/** Below this many elements a plain loop beats TypedArray fill/copyWithin (a call costs ~25 ns). */
const SHORT_RUN = 24;

/** array[start..end) = value, by a loop for short runs. */
function fillRun(array: Float64Array, value: number, start: number, end: number): void {
  if (end - start >= SHORT_RUN) {
    array.fill(value, start, end);
    return;
  }
  for (let i = start; i < end; i++) array[i] = value;
}

/** array[to..to + length) = array[from..from + length) for non-overlapping runs. */
function copyRun(array: Float64Array, to: number, from: number, length: number): void {
  if (length >= SHORT_RUN) {
    array.copyWithin(to, from, from + length);
    return;
  }
  for (let i = 0; i < length; i++) array[to + i] = array[from + i];
}

let columnSums = new Float64Array(0);
/** Axis-0 results; all zero between calls, so that columns a call skips read as zero. */
let verticalScratch = new Float64Array(0);

function ensureScratch(width: number, pixels: number): void {
  if (columnSums.length < width) columnSums = new Float64Array(width);
  if (verticalScratch.length < pixels) verticalScratch = new Float64Array(pixels);
}

/** Inclusive bounds of the nonzero (or NaN) pixels of a plane. */
export interface NonzeroBox {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Bounding box of the pixels that are not exactly 0 (NaN included); null for an all-zero plane. */
function nonzeroBox(plane: Float64Array, width: number, height: number): NonzeroBox | null {
  return scanPlane(plane, width, height).box;
}

/** The nonzero box of a plane (null when all zero) and whether all its pixels are finite. */
export interface PlaneScan {
  box: NonzeroBox | null;
  finite: boolean;
  /**
   * Given only for integer-valued planes with ΣS² ≤ 2^53, whose running sums (of S, S² and products
   * with another such plane) SciPy forms exactly: 4·height entries, [2r] and [2r + 1] the first and
   * last nonzero column of row r (width and −1 for a row of zeros). ssimStatistics writes the
   * bounds over each row's window (SsimPlaneStatistics.windowBounds) to the second half.
   */
  rowBounds?: Int32Array;
}

/** The nonzero box of a plane and whether all its pixels are finite, in one pass. */
function scanPlane(plane: Float64Array, width: number, height: number): PlaneScan {
  let top = height;
  let bottom = -1;
  let left = width;
  let right = -1;
  let finite = true;
  for (let r = 0; r < height; r++) {
    const rowStart = r * width;
    let first = -1;
    let last = -1;
    for (let c = 0; c < width; c++) {
      const value = plane[rowStart + c];
      if (value !== 0) {
        if (first < 0) first = c;
        last = c;
        // v − v is 0 for finite v and NaN for ±inf and NaN.
        if (value - value !== 0) finite = false;
      }
    }
    if (first < 0) continue;
    if (top === height) top = r;
    bottom = r;
    if (first < left) left = first;
    if (last > right) right = last;
  }
  return { box: bottom < 0 ? null : { top, bottom, left, right }, finite };
}

/**
 * `uniform_filter1d` along axis 0 then axis 1, as `scipy.ndimage.uniform_filter(input, size)` runs
 * them, writing rows firstRow..lastRow−1 of the result. Every rounding step is SciPy's: a running
 * sum whose window has so far seen only zeros is exactly 0 in SciPy too, so the sums start just
 * before `box` (the nonzero pixels of `input`) and columns outside it stay 0, but once a sum has
 * met a value it runs to the end of its line, carrying SciPy's rounding residue. With
 * `finiteInput`, the residue is also not recomputed: once a window has passed the box, the sum only
 * adds and drops zeros, which leaves it unchanged bit for bit (x + (±0 − ±0) = x; the sums are never
 * −0), so the rest of the line repeats the last value up to where the reflected border can reach
 * the box again: rows after the box's last row + before + 1 copy that row, and in each row the
 * columns after right + before + 1 repeat that column, up to height − 1 − after (width − 1 − after).
 * Without `finiteInput` NaN payloads are left to SciPy's own operations. Columns from `columnsEnd`
 * on are left unwritten when the caller reads no further. `windowBounds` (size 7 only; see
 * SsimPlaneStatistics.windowBounds, any column bounds containing them will do) is given when the
 * running sums are exact (integer input): then a column sum whose window holds only zeros is +0
 * again, so each row needs only the columns within its window bounds, on both axes.
 */
function uniformFilterRows(
  input: Float64Array,
  width: number,
  height: number,
  size: number,
  out: Float64Array,
  firstRow: number,
  lastRow: number,
  box: NonzeroBox | null,
  finiteInput: boolean,
  columnsEnd = width,
  windowBounds: Int32Array | null = null,
): void {
  if (box === null) {
    for (let row = firstRow; row < lastRow; row++) out.fill(0, row * width, row * width + columnsEnd);
    return;
  }
  ensureScratch(width, width * height);
  const sums = columnSums;
  const vertical = verticalScratch;
  const before = Math.floor(size / 2);
  const after = size - before - 1;
  const { left, right } = box;
  // The first row (column) whose window can reach a nonzero pixel; before it SciPy's sum is +0.
  const startRow = Math.max(0, box.top - after);
  const startColumn = Math.max(0, box.left - after);
  // Output rows copyRowsFrom < r < copyRowsEnd equal row r − 1; likewise columns in each row.
  const copyRowsFrom = finiteInput ? Math.max(firstRow, box.bottom + before + 1) : height;
  const copyRowsEnd = height - after;
  const copyColumnsFrom = finiteInput ? right + before + 1 : width;
  const interiorStart = Math.min(before + 1, width);
  const interiorEnd = Math.max(interiorStart, width - after);

  // Axis 0 on columns left..right: one running sum per column, advanced a row at a time.
  sums.fill(0, left, right + 1);
  let r = startRow;
  if (startRow === 0) {
    for (let l = 0; l < size; l++) {
      const rowStart = reflectIndex(l - before, height) * width;
      for (let c = left; c <= right; c++) sums[c] += input[rowStart + c];
    }
    if (firstRow === 0) for (let c = left; c <= right; c++) vertical[c] = sums[c] / size;
    r = 1;
  }
  for (; r < lastRow; r++) {
    // The sums do not change on the copied rows.
    if (r > copyRowsFrom && r < copyRowsEnd) r = copyRowsEnd;
    if (r >= lastRow) break;
    const addStart = reflectIndex(r + after, height) * width;
    const dropStart = reflectIndex(r - 1 - before, height) * width;
    // With exact sums, only the columns with a nonzero pixel in the rows added or dropped change.
    let from = left;
    let to = right;
    if (windowBounds) {
      from = Math.max(left, Math.min(windowBounds[2 * r], windowBounds[2 * r - 2]));
      to = Math.min(right, Math.max(windowBounds[2 * r + 1], windowBounds[2 * r - 1]));
    }
    if (r >= firstRow) {
      const outStart = r * width;
      for (let c = from; c <= to; c++) {
        sums[c] += input[addStart + c] - input[dropStart + c];
        vertical[outStart + c] = sums[c] / size;
      }
    } else {
      for (let c = from; c <= to; c++) sums[c] += input[addStart + c] - input[dropStart + c];
    }
  }

  // Axis 1 on the rounded results of axis 0; only the first and last columns need reflection.
  for (let row = firstRow; row < lastRow; row++) {
    const rowStart = row * width;
    if (row < startRow) {
      fillRun(out, 0, rowStart, rowStart + columnsEnd);
      continue;
    }
    if (row > copyRowsFrom && row < copyRowsEnd) {
      copyRun(out, rowStart, rowStart - width, columnsEnd);
      continue;
    }
    // With exact sums the row is +0 up to its window's first column − after, and repeats from its
    // last column + before + 1.
    let rowStartColumn = startColumn;
    let rowCopyColumnsFrom = copyColumnsFrom;
    if (windowBounds) {
      if (windowBounds[2 * row] > windowBounds[2 * row + 1]) {
        fillRun(out, 0, rowStart, rowStart + columnsEnd);
        continue;
      }
      rowStartColumn = Math.max(startColumn, windowBounds[2 * row] - after);
      rowCopyColumnsFrom = windowBounds[2 * row + 1] + before + 1;
    }
    let sum = 0;
    let c: number;
    if (rowStartColumn === 0) {
      for (let l = 0; l < size; l++) sum += vertical[rowStart + reflectIndex(l - before, width)];
      out[rowStart] = sum / size;
      c = 1;
    } else {
      fillRun(out, 0, rowStart, rowStart + rowStartColumn);
      c = rowStartColumn;
    }
    for (; c < interiorStart; c++) {
      sum +=
        vertical[rowStart + reflectIndex(c + after, width)] -
        vertical[rowStart + reflectIndex(c - 1 - before, width)];
      out[rowStart + c] = sum / size;
    }
    const addOffset = rowStart + after;
    const dropOffset = rowStart - 1 - before;
    const computedEnd = Math.min(interiorEnd, Math.max(c, rowCopyColumnsFrom + 1));
    for (; c < computedEnd; c++) {
      sum += vertical[addOffset + c] - vertical[dropOffset + c];
      out[rowStart + c] = sum / size;
    }
    if (c < interiorEnd) {
      fillRun(out, out[rowStart + c - 1], rowStart + c, rowStart + Math.min(interiorEnd, columnsEnd));
      c = interiorEnd;
    }
    for (; c < columnsEnd; c++) {
      sum +=
        vertical[rowStart + reflectIndex(c + after, width)] -
        vertical[rowStart + reflectIndex(c - 1 - before, width)];
      out[rowStart + c] = sum / size;
    }
    // Restore the all-zero invariant of the scratch; with exact sums only the columns within the
    // row's window bounds can hold a nonzero value.
    const restoreFrom = windowBounds ? Math.max(left, windowBounds[2 * row]) : left;
    const restoreTo = windowBounds ? Math.min(right, windowBounds[2 * row + 1]) : right;
    fillRun(vertical, 0, rowStart + restoreFrom, rowStart + restoreTo + 1);
  }
}

/**
 * `scipy.ndimage.uniform_filter(input, size)` (mode 'reflect') of a row-major plane, bit-identical
 * to SciPy 1.10. Returns `out` (allocated when not given).
 */
export function uniformFilter(
  input: Float64Array,
  width: number,
  height: number,
  size: number,
  out: Float64Array = new Float64Array(width * height),
): Float64Array {
  const { box, finite } = scanPlane(input, width, height);
  uniformFilterRows(input, width, height, size, out, 0, height, box, finite);
  return out;
}

/** Local statistics of one plane that every SSIM pair containing it reuses. */
export interface SsimPlaneStatistics {
  readonly width: number;
  readonly height: number;
  /** The plane itself. */
  readonly image: Float64Array;
  /**
   * Windowed mean ux, stored only in rows rowsFrom..rowsTo−1 of the rows that are averaged: the
   * averaged rows above are all +0 and those below repeat row rowsTo − 1 (as do the other two).
   */
  readonly mean: Float64Array;
  /** Windowed sample variance vx = NP/(NP−1) · (uxx − ux·ux). */
  readonly variance: Float64Array;
  /** Bounds of the nonzero pixels of the plane; null when it is all zero. */
  readonly box: NonzeroBox | null;
  /** True when no pixel is NaN or ±inf (then a product with a zero pixel is zero). */
  readonly finite: boolean;
  /** First stored row (height when the statistics are +0 everywhere). */
  readonly rowsFrom: number;
  /** One past the last stored row. */
  readonly rowsTo: number;
  /**
   * For planes scanned with rowBounds: [2r] and [2r + 1] the first and last nonzero column of rows
   * r − 3..r + 3 (width and −1 when none); null otherwise. With exact running sums, row r's
   * statistics are +0 left of the first column − 3 and repeat right of the last column + 4.
   */
  readonly windowBounds: Int32Array | null;
  /** For planes scanned with rowBounds: [2r] and [2r + 1] row r's own first and last nonzero column. */
  readonly rowBounds: Int32Array | null;
}

/** Never written: the statistics of every all-zero plane (all +0), shared. */
let zeroStatistics = new Float64Array(0);

/**
 * Per-plane SSIM statistics (windowed mean and variance) for planes of at least 7×7 pixels, or
 * `null` for smaller planes (scikit-image raises there). `buffer`, when given, must hold at least
 * 3·width·height values and is used for the three statistic planes. `scan`, when the caller already
 * has it, must be the plane's own nonzero box and finiteness.
 */
export function ssimStatistics(
  image: Float64Array,
  width: number,
  height: number,
  buffer?: Float64Array,
  scan: PlaneScan = scanPlane(image, width, height),
): SsimPlaneStatistics | null {
  if (width < SSIM_WINDOW || height < SSIM_WINDOW) return null;
  const pixels = width * height;
  const { box, finite } = scan;
  if (box === null) {
    // The filters of an all-zero plane are +0 everywhere, and so are ux² and vx = NP/(NP−1)·(0 − 0).
    if (zeroStatistics.length < pixels) zeroStatistics = new Float64Array(pixels);
    const zeros = zeroStatistics;
    return {
      width,
      height,
      image,
      mean: zeros,
      variance: zeros,
      box,
      finite,
      rowsFrom: height,
      rowsTo: height,
      windowBounds: null,
      rowBounds: null,
    };
  }
  const storage = buffer ?? new Float64Array(3 * pixels);
  const meanPlane = storage.subarray(0, pixels);
  const meanSquare = storage.subarray(pixels, 2 * pixels);
  const variance = storage.subarray(2 * pixels, 3 * pixels);
  // Rows above the box's window are +0, rows past the repeated row are copies (finite input).
  const firstRow = finite ? Math.max(CROP, box.top - CROP) : CROP;
  const lastRow = finite ? Math.min(height - CROP, repeatedRowsFrom(box, box) + 1) : height - CROP;
  // image² is nonzero only where image is (or underflows to 0 there), so one box serves both; the
  // same holds for the window bounds of integer planes.
  const windowBounds = scan.rowBounds ? windowBoundsOf(scan.rowBounds, width, height) : null;
  uniformFilterRows(
    image,
    width,
    height,
    SSIM_WINDOW,
    meanPlane,
    firstRow,
    lastRow,
    box,
    finite,
    width,
    windowBounds,
  );
  // meanSquare holds image² for the second filter, which reads only the box's columns, in rows
  // from box.top − SSIM_WINDOW − 1 (any row when that is below 0, by reflection) and, with finite
  // input, only up to lastRow + CROP; so only those are squared.
  const squaredRows = finite ? Math.min(height, lastRow + CROP) : height;
  for (let r = Math.max(0, box.top - SSIM_WINDOW - 1); r < squaredRows; r++) {
    for (let i = r * width + box.left, end = r * width + box.right; i <= end; i++)
      meanSquare[i] = image[i] * image[i];
  }
  uniformFilterRows(
    meanSquare,
    width,
    height,
    SSIM_WINDOW,
    variance,
    firstRow,
    lastRow,
    box,
    finite,
    width,
    windowBounds,
  );
  // Where both filters repeat a column, so does vx. Left of box.left − CROP both filters are +0,
  // and so is vx = NP/(NP−1)·(0 − 0), already; the map reads no column from width − CROP on.
  const repeatColumnsFrom = finite ? repeatedColumnsFrom(box, box) : width;
  const interiorEnd = width - CROP;
  const columnsFrom = Math.max(0, box.left - CROP);
  for (let r = firstRow; r < lastRow; r++) {
    const rowStart = r * width;
    const computedEnd = rowStart + Math.max(columnsFrom, Math.min(interiorEnd, repeatColumnsFrom + 1));
    const rowEnd = rowStart + interiorEnd;
    let i = rowStart + columnsFrom;
    for (; i < computedEnd; i++) {
      const ux = meanPlane[i];
      variance[i] = COVARIANCE_NORM * (variance[i] - ux * ux);
    }
    if (i < rowEnd) fillRun(variance, variance[i - 1], i, rowEnd);
  }
  return {
    width,
    height,
    image,
    mean: meanPlane,
    variance,
    box,
    finite,
    rowsFrom: firstRow,
    rowsTo: lastRow,
    windowBounds,
    rowBounds: scan.rowBounds ?? null,
  };
}

/** Writes the nonzero column bounds of every row's 7-row window to the second half of `rowBounds`. */
function windowBoundsOf(rowBounds: Int32Array, width: number, height: number): Int32Array {
  const windowBounds = rowBounds.subarray(2 * height, 4 * height);
  for (let r = 0; r < height; r++) {
    let first = width;
    let last = -1;
    for (let s = Math.max(0, r - CROP), end = Math.min(height - 1, r + CROP); s <= end; s++) {
      if (rowBounds[2 * s] < first) first = rowBounds[2 * s];
      if (rowBounds[2 * s + 1] > last) last = rowBounds[2 * s + 1];
    }
    windowBounds[2 * r] = first;
    windowBounds[2 * r + 1] = last;
  }
  return windowBounds;
}

/**
 * The SSIM row after which every windowed statistic of planes with these nonzero boxes repeats the
 * previous row (uniformFilterRows with finite input): the last box row + CROP + 1; an all-zero
 * plane's statistics are 0 everywhere.
 */
function repeatedRowsFrom(a: NonzeroBox | null, b: NonzeroBox | null): number {
  return Math.max(CROP, Math.max(a ? a.bottom : -1, b ? b.bottom : -1) + CROP + 1);
}

/** The SSIM column after which the windowed statistics repeat the previous column (as rows). */
function repeatedColumnsFrom(a: NonzeroBox | null, b: NonzeroBox | null): number {
  return Math.max(CROP, Math.max(a ? a.right : -1, b ? b.right : -1) + CROP + 1);
}

/**
 * Start of the stored row holding row r's statistics (see SsimPlaneStatistics.mean), or −1 where
 * they are +0.
 */
function storedRowStart(r: number, rowsFrom: number, rowsTo: number, width: number): number {
  return r < rowsFrom ? -1 : (r < rowsTo ? r : rowsTo - 1) * width;
}

/** A·B; all zero between calls, so that only the product's box needs writing. */
let productScratch = new Float64Array(0);
let covarianceScratch = new Float64Array(0);
let ssimMapScratch = new Float64Array(0);
/** Column bounds of the product of two integer planes, per row (see uniformFilterRows). */
let productBoundsScratch = new Int32Array(0);

function intersect(a: NonzeroBox | null, b: NonzeroBox | null): NonzeroBox | null {
  if (!a || !b) return null;
  const box = {
    top: Math.max(a.top, b.top),
    bottom: Math.min(a.bottom, b.bottom),
    left: Math.max(a.left, b.left),
    right: Math.min(a.right, b.right),
  };
  return box.top <= box.bottom && box.left <= box.right ? box : null;
}

/**
 * Mean SSIM of two planes from their precomputed statistics (same size, at least 7×7). Symmetric
 * bit for bit, so ordered pairs can share one evaluation.
 */
export function structuralSimilarityOf(a: SsimPlaneStatistics, b: SsimPlaneStatistics): number {
  const { width, height } = a;
  if (b.width !== width || b.height !== height) throw new Error("SSIM of planes of different sizes");
  // Two all-zero planes: every window gives (C1·C2)/(C1·C2) = 1 exactly.
  if (!a.box && !b.box) return 1;
  const pixels = width * height;
  if (productScratch.length < pixels) {
    productScratch = new Float64Array(pixels);
    covarianceScratch = new Float64Array(pixels);
  }
  const product = productScratch;
  const uxy = covarianceScratch;
  // Windows that have seen no nonzero pixel of A or B give exactly 1 (all five statistics are +0):
  // the rows above and the columns left of both boxes.
  const top = Math.min(a.box?.top ?? height, b.box?.top ?? height);
  const left = Math.min(a.box?.left ?? width, b.box?.left ?? width);
  const firstComputedRow = Math.max(CROP, top - CROP);
  const firstComputedColumn = Math.min(Math.max(CROP, left - CROP), width - CROP);
  const croppedWidth = width - 2 * CROP;
  const croppedCount = croppedWidth * (height - 2 * CROP);
  if (ssimMapScratch.length < croppedCount) ssimMapScratch = new Float64Array(croppedCount);
  const map = ssimMapScratch;
  if (zeroStatistics.length < pixels) zeroStatistics = new Float64Array(pixels);
  const zeros = zeroStatistics;
  // The product's box lies inside both boxes, so its statistics repeat no later than theirs: past
  // these rows and columns every map entry repeats the previous one.
  const finite = a.finite && b.finite;
  const repeatRowsFrom = finite ? Math.max(firstComputedRow, repeatedRowsFrom(a.box, b.box)) : height;
  const repeatColumnsFrom = finite ? repeatedColumnsFrom(a.box, b.box) : width;
  const computedColumnsEnd = Math.min(width - CROP, Math.max(firstComputedColumn, repeatColumnsFrom + 1));
  // With exact running sums (and an all-zero plane is trivially exact) each row narrows further:
  // all five statistics are +0 left of both planes' window bounds and repeat right of them.
  const boundsA = a.windowBounds;
  const boundsB = b.windowBounds;
  const exactRows = (boundsA !== null || a.box === null) && (boundsB !== null || b.box === null);
  const imageA = a.image;
  const imageB = b.image;
  let productBox: NonzeroBox | null;
  let productRowsFrom = height;
  let productRowsTo = height;
  if (a.finite && b.finite) {
    const rowsA = a.rowBounds;
    const rowsB = b.rowBounds;
    // Finite values times 0 are 0: the product lives where both boxes overlap.
    productBox = intersect(a.box, b.box);
    if (productBox) {
      // Per row only where both rows have nonzero pixels when the planes' rows are known (zero
      // signs do not matter: the running sums are never −0).
      for (let r = productBox.top; r <= productBox.bottom; r++) {
        let from = productBox.left;
        let to = productBox.right;
        if (rowsA && rowsB) {
          from = Math.max(from, rowsA[2 * r], rowsB[2 * r]);
          to = Math.min(to, rowsA[2 * r + 1], rowsB[2 * r + 1]);
        }
        for (let i = r * width + from, end = r * width + to; i <= end; i++)
          product[i] = imageA[i] * imageB[i];
      }
    }
    // uxy only in the columns the map below computes, and only in the rows that are neither +0 nor
    // repeats (stored as for the planes' statistics).
    if (productBox) {
      productRowsFrom = Math.max(firstComputedRow, productBox.top - CROP);
      productRowsTo = Math.min(
        height - CROP,
        Math.max(productRowsFrom, repeatedRowsFrom(productBox, null)) + 1,
      );
      // A product of integer planes is nonzero only within both planes' window bounds.
      let productBounds: Int32Array | null = null;
      if (boundsA && boundsB) {
        if (productBoundsScratch.length < 2 * height) productBoundsScratch = new Int32Array(2 * height);
        productBounds = productBoundsScratch;
        for (let r = 0; r < height; r++) {
          productBounds[2 * r] = Math.max(boundsA[2 * r], boundsB[2 * r]);
          productBounds[2 * r + 1] = Math.min(boundsA[2 * r + 1], boundsB[2 * r + 1]);
        }
      }
      uniformFilterRows(
        product,
        width,
        height,
        SSIM_WINDOW,
        uxy,
        productRowsFrom,
        productRowsTo,
        productBox,
        true,
        computedColumnsEnd,
        productBounds,
      );
      for (let r = productBox.top; r <= productBox.bottom; r++) {
        let from = productBox.left;
        let to = productBox.right;
        if (rowsA && rowsB) {
          from = Math.max(from, rowsA[2 * r], rowsB[2 * r]);
          to = Math.min(to, rowsA[2 * r + 1], rowsB[2 * r + 1]);
        }
        fillRun(product, 0, r * width + from, r * width + to + 1);
      }
    }
  } else {
    for (let i = 0; i < pixels; i++) product[i] = imageA[i] * imageB[i];
    productBox = nonzeroBox(product, width, height);
    productRowsFrom = CROP;
    productRowsTo = height - CROP;
    uniformFilterRows(product, width, height, SSIM_WINDOW, uxy, CROP, height - CROP, productBox, false);
    product.fill(0, 0, pixels);
  }

  let k = 0;
  for (let r = CROP; r < height - CROP; r++) {
    if (r < firstComputedRow) {
      fillRun(map, 1, k, k + croppedWidth);
      k += croppedWidth;
      continue;
    }
    if (r > repeatRowsFrom) {
      copyRun(map, k, k - croppedWidth, croppedWidth);
      k += croppedWidth;
      continue;
    }
    let columnsFrom = firstComputedColumn;
    let columnsEnd = computedColumnsEnd;
    if (exactRows) {
      const first = Math.min(boundsA ? boundsA[2 * r] : width, boundsB ? boundsB[2 * r] : width);
      const last = Math.max(boundsA ? boundsA[2 * r + 1] : -1, boundsB ? boundsB[2 * r + 1] : -1);
      columnsFrom = Math.max(columnsFrom, Math.min(width - CROP, first - CROP));
      columnsEnd = Math.max(columnsFrom, Math.min(columnsEnd, last + CROP + 2));
    }
    const skipped = columnsFrom - CROP;
    fillRun(map, 1, k, k + skipped);
    k += skipped;
    // Each plane's statistics of this row: +0 above its stored rows, its last stored row below.
    const rowA = storedRowStart(r, a.rowsFrom, a.rowsTo, width);
    const rowB = storedRowStart(r, b.rowsFrom, b.rowsTo, width);
    const rowProduct = storedRowStart(r, productRowsFrom, productRowsTo, width);
    const ux = rowA < 0 ? zeros : a.mean;
    const vx = rowA < 0 ? zeros : a.variance;
    const uy = rowB < 0 ? zeros : b.mean;
    const vy = rowB < 0 ? zeros : b.variance;
    const uxyRow = rowProduct < 0 ? zeros : uxy;
    const offsetA = Math.max(0, rowA);
    const offsetB = Math.max(0, rowB);
    const offsetProduct = Math.max(0, rowProduct);
    for (let c = columnsFrom; c < columnsEnd; c++) {
      const meanA = ux[offsetA + c];
      const meanB = uy[offsetB + c];
      // Same association as NumPy evaluates scikit-image's expressions, left to right.
      const covariance = COVARIANCE_NORM * (uxyRow[offsetProduct + c] - meanA * meanB);
      const a1 = 2 * meanA * meanB + C1;
      const a2 = 2 * covariance + C2;
      // ux² and uy² formed here as scikit-image forms them (ux * ux).
      const b1 = meanA * meanA + meanB * meanB + C1;
      const b2 = vx[offsetA + c] + vy[offsetB + c] + C2;
      map[k++] = (a1 * a2) / (b1 * b2);
    }
    const repeated = width - CROP - columnsEnd;
    fillRun(map, map[k - 1], k, k + repeated);
    k += repeated;
  }
  return pairwiseSum(map, croppedCount) / croppedCount;
}

/**
 * Mean SSIM of two row-major planes of the same size with scikit-image 0.19's float defaults (see
 * the file comment); NaN when a side is shorter than 7 pixels (scikit-image raises there).
 */
export function structuralSimilarity(
  a: Float64Array,
  b: Float64Array,
  width: number,
  height: number,
): number {
  const statisticsA = ssimStatistics(a, width, height);
  const statisticsB = ssimStatistics(b, width, height);
  if (!statisticsA || !statisticsB) return Number.NaN;
  return structuralSimilarityOf(statisticsA, statisticsB);
}
