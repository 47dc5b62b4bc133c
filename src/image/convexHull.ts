import { firstNonzeroColumn, lastNonzeroColumn } from "./rowExtent.js";
/**
 * The convex hull image of a binary region as scikit-image 0.19's `convex_hull_image` computes it
 * with its defaults: every pixel contributes the midpoints of its four edges (centre ± 0.5 along
 * each axis), and the hull image holds the pixels whose centres lie inside or on the hull polygon.
 *
 * All geometry runs on doubled integer coordinates (pixel centres at even numbers, edge midpoints
 * at odd ones), so every predicate is exact, as it is in scikit-image for these half-integer points.
 */

/** A convex hull image and its pixel count. */
export interface ConvexHullImage {
  /** height × width row-major 0/1 plane of the pixels inside or on the hull. */
  readonly image: Uint8Array;
  /** Number of pixels in `image` (regionprops' convex_area). */
  readonly area: number;
}

let pointRows = new Int32Array(64);
let pointColumns = new Int32Array(64);
let hullRows = new Int32Array(64);
let hullColumns = new Int32Array(64);

function ensureCapacity(points: number): void {
  if (pointRows.length >= points) return;
  const size = Math.max(points, 2 * pointRows.length);
  pointRows = new Int32Array(size);
  pointColumns = new Int32Array(size);
  hullRows = new Int32Array(size + 1);
  hullColumns = new Int32Array(size + 1);
}

/**
 * Convex hull (Andrew's monotone chain) of `count` integer points already sorted by row, then
 * column. Writes the hull vertices counter-clockwise, without collinear points, into `outRows` /
 * `outColumns` (which need room for count + 1 points) and returns how many there are: the lower
 * chain (smallest columns) first, from the first point to the last, then the upper chain back.
 */
export function convexHullOfSortedPoints(
  rows: Int32Array,
  columns: Int32Array,
  count: number,
  outRows: Int32Array,
  outColumns: Int32Array,
): number {
  if (count <= 2) {
    for (let i = 0; i < count; i++) {
      outRows[i] = rows[i];
      outColumns[i] = columns[i];
    }
    return count;
  }
  let size = 0;
  for (let i = 0; i < count; i++) {
    const r = rows[i];
    const c = columns[i];
    while (size >= 2 && turn(outRows, outColumns, size, r, c) <= 0) size--;
    outRows[size] = r;
    outColumns[size] = c;
    size++;
  }
  const lowerSize = size + 1;
  for (let i = count - 2; i >= 0; i--) {
    const r = rows[i];
    const c = columns[i];
    while (size >= lowerSize && turn(outRows, outColumns, size, r, c) <= 0) size--;
    outRows[size] = r;
    outColumns[size] = c;
    size++;
  }
  // The last point repeats the first one.
  return size - 1;
}

/** Cross product of (last − second last) × (point − second last): > 0 for a left turn. */
function turn(rows: Int32Array, columns: Int32Array, size: number, r: number, c: number): number {
  const r0 = rows[size - 2];
  const c0 = columns[size - 2];
  return (rows[size - 1] - r0) * (c - c0) - (columns[size - 1] - c0) * (r - r0);
}

/**
 * scikit-image's convex_hull_image (offset_coordinates=True) of a row-major 0/1 plane: 1 for
 * every pixel whose centre is inside or on the convex hull of the pixels' edge midpoints.
 * An empty image gives an empty hull (area 0), as scikit-image does.
 */
export function convexHullImage(image: Uint8Array, width: number, height: number): ConvexHullImage {
  const hull = new Uint8Array(width * height);
  // Hull candidates per doubled row x = -1 … 2·height − 1: only the extreme columns on each line
  // can be hull vertices, and emitting them line by line keeps the points sorted.
  ensureCapacity(4 * height + 4);
  let count = 0;
  let previousFirst = -1;
  let previousLast = -1;
  let firstRow = -1;
  let lastRow = -1;
  for (let row = 0; row <= height; row++) {
    let first = -1;
    let last = -1;
    if (row < height) {
      // Scanning in from both ends reads only the background around the row's pixels.
      const start = row * width;
      first = firstNonzeroColumn(image, start, width);
      if (first >= 0) last = lastNonzeroColumn(image, start, width);
    }
    // Line 2·row − 1: top edge midpoints of this row and bottom ones of the previous row.
    if (first >= 0 || previousFirst >= 0) {
      const low = first < 0 ? previousFirst : previousFirst < 0 ? first : Math.min(first, previousFirst);
      const high = Math.max(last, previousLast);
      count = pushPair(count, 2 * row - 1, 2 * low, 2 * high);
    }
    // Line 2·row: the left and right edge midpoints of this row.
    if (first >= 0) {
      count = pushPair(count, 2 * row, 2 * first - 1, 2 * last + 1);
      if (firstRow < 0) firstRow = row;
      lastRow = row;
    }
    previousFirst = first;
    previousLast = last;
  }
  if (count === 0) return { image: hull, area: 0 };

  const vertices = convexHullOfSortedPoints(pointRows, pointColumns, count, hullRows, hullColumns);
  // Vertex 0 is the first point of the first line; the lower chain (smallest column on each row
  // line) runs forwards from it and the upper chain backwards, both towards the last line. The
  // rows of foreground pixels never lie on the first or last line (half a row outside them), so
  // each chain crosses such a row on one non-vertical edge and the walks below always stop.
  let area = 0;
  let lower = 0;
  let upper = 0;
  for (let row = firstRow; row <= lastRow; row++) {
    const x = 2 * row;
    while (hullRows[lower + 1] <= x) lower++;
    // The upper chain's vertex `upper` back from vertex 0 (index vertices − upper, 0 for upper 0).
    while (hullRows[vertices - upper - 1] <= x) upper++;
    const lowerColumn = columnAt(lower, lower + 1, x);
    const upperColumn = columnAt(upper === 0 ? 0 : vertices - upper, vertices - upper - 1, x);
    const from = Math.max(0, Math.ceil(lowerColumn / 2));
    const to = Math.min(width - 1, Math.floor(upperColumn / 2));
    if (to < from) continue;
    hull.fill(1, row * width + from, row * width + to + 1);
    area += to - from + 1;
  }
  return { image: hull, area };
}

function pushPair(count: number, row: number, low: number, high: number): number {
  pointRows[count] = row;
  pointColumns[count] = low;
  count++;
  if (high !== low) {
    pointRows[count] = row;
    pointColumns[count] = high;
    count++;
  }
  return count;
}

/**
 * Doubled column where the hull edge between vertices `a` and `b` crosses doubled row `x`. The
 * value is a ratio of small integers, so the later floor/ceil of its half are exact.
 */
function columnAt(a: number, b: number, x: number): number {
  const r0 = hullRows[a];
  const c0 = hullColumns[a];
  const r1 = hullRows[b];
  const c1 = hullColumns[b];
  if (r1 === r0) return c0;
  return (c0 * (r1 - r0) + (x - r0) * (c1 - c0)) / (r1 - r0);
}
