import { convexHullOfSortedPoints } from "./convexHull.js";
import { firstNonzeroColumn, lastNonzeroColumn } from "./rowExtent.js";

let lineRows = new Int32Array(64);
let lineColumns = new Int32Array(64);
let hullRows = new Int32Array(64);
let hullColumns = new Int32Array(64);

/**
 * Maximum Feret diameter (pixels) of a row-major 0/1 plane as scikit-image 0.19 regionprops
 * measures it on the convex hull image: the largest distance between two vertices of the 0.5-level
 * contours of the zero-padded image (find_contours). On a binary image those vertices are exactly
 * the midpoints between each foreground pixel and its 4-neighbours outside the foreground, so the
 * result is exact. An empty image gives NaN (scikit-image raises on it).
 */
export function feretDiameterMax(image: Uint8Array, width: number, height: number): number {
  // Doubled coordinates: contour vertices sit at (2r, 2c ± 1) between horizontal neighbours and at
  // (2r ± 1, 2c) between vertical ones. Only the extreme vertices of each line x = −1 … 2·height − 1
  // can be hull vertices, and emitting them line by line keeps them sorted.
  const capacity = 4 * height + 4;
  if (lineRows.length < capacity) {
    lineRows = new Int32Array(capacity);
    lineColumns = new Int32Array(capacity);
    hullRows = new Int32Array(capacity + 1);
    hullColumns = new Int32Array(capacity + 1);
  }
  let count = 0;
  // Extents of the previous row (−1 when it is empty or outside the image).
  let aboveFirst = -1;
  let aboveLast = -1;
  for (let row = 0; row <= height; row++) {
    const here = row * width;
    let first = -1;
    let last = -1;
    if (row < height) {
      first = firstNonzeroColumn(image, here, width);
      if (first >= 0) last = lastNonzeroColumn(image, here, width);
    }
    // Line 2·row − 1: columns where row − 1 and row differ (outside the image counts as 0). Left
    // of both rows' first pixel and right of both last pixels they agree (both 0).
    if (aboveFirst >= 0 || first >= 0) {
      const above = here - width;
      const from = aboveFirst < 0 ? first : first < 0 ? aboveFirst : Math.min(aboveFirst, first);
      const to = Math.max(aboveLast, last);
      let low = from;
      let high = to;
      if (aboveFirst >= 0 && first >= 0) {
        while (low <= to && (image[above + low] !== 0) === (image[here + low] !== 0)) low++;
        while (high > low && (image[above + high] !== 0) === (image[here + high] !== 0)) high--;
      }
      if (low <= to) count = push(count, 2 * row - 1, 2 * low, 2 * high);
    }
    // Line 2·row: the outermost left and right boundaries of the row's foreground runs.
    if (first >= 0) count = push(count, 2 * row, 2 * first - 1, 2 * last + 1);
    aboveFirst = first;
    aboveLast = last;
  }
  if (count === 0) return Number.NaN;
  const vertices = convexHullOfSortedPoints(lineRows, lineColumns, count, hullRows, hullColumns);
  let largest = 0;
  for (let i = 0; i < vertices; i++) {
    const r = hullRows[i];
    const c = hullColumns[i];
    for (let j = i + 1; j < vertices; j++) {
      const dr = hullRows[j] - r;
      const dc = hullColumns[j] - c;
      const squared = dr * dr + dc * dc;
      if (squared > largest) largest = squared;
    }
  }
  // Quartering the doubled-coordinate square is exact, as is SciPy's squared distance of the
  // half-integer contour points, so both take the square root of the same number.
  return Math.sqrt(largest / 4);
}

function push(count: number, row: number, low: number, high: number): number {
  lineRows[count] = row;
  lineColumns[count] = low;
  count++;
  if (high !== low) {
    lineRows[count] = row;
    lineColumns[count] = high;
    count++;
  }
  return count;
}
