import { convexHullOfSortedPoints } from "./convexHull.js";

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
  for (let row = 0; row <= height; row++) {
    // Line 2·row − 1: columns where row − 1 and row differ (outside the image counts as 0).
    let low = -1;
    let high = -1;
    const above = (row - 1) * width;
    const here = row * width;
    for (let column = 0; column < width; column++) {
      const a = row > 0 ? image[above + column] !== 0 : false;
      const b = row < height ? image[here + column] !== 0 : false;
      if (a !== b) {
        if (low < 0) low = column;
        high = column;
      }
    }
    if (low >= 0) count = push(count, 2 * row - 1, 2 * low, 2 * high);
    if (row === height) break;
    // Line 2·row: the outermost left and right boundaries of the row's foreground runs.
    let first = -1;
    let last = -1;
    for (let column = 0; column < width; column++) {
      if (image[here + column] !== 0) {
        if (first < 0) first = column;
        last = column;
      }
    }
    if (first >= 0) count = push(count, 2 * row, 2 * first - 1, 2 * last + 1);
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
