/**
 * Exact Hausdorff distance between the nonzero pixels of two planes
 * (`skimage.metrics.hausdorff_distance`), through exact squared Euclidean distance transforms
 * (Felzenszwalb & Huttenlocher): a transform per plane, then one scan per direction, instead of a
 * k-d tree query per pixel. All distances are integers until the final square root, so the result
 * equals SciPy's cKDTree answer bit for bit.
 */

let lastSeen = new Int32Array(0);
let siteColumns = new Int32Array(0);
let siteHeights = new Float64Array(0);
let boundaries = new Float64Array(0);
let rowScratch = new Float64Array(0);

function ensureScratch(width: number): void {
  if (lastSeen.length < width) {
    lastSeen = new Int32Array(width);
    siteColumns = new Int32Array(width);
    siteHeights = new Float64Array(width);
    boundaries = new Float64Array(width + 1);
    rowScratch = new Float64Array(width);
  }
}

/** Inclusive pixel bounds: rows top..bottom, columns left..right. */
export interface PixelBox {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Indices (row · width + column, ascending) of the pixels of `plane` that are not 0; NaN counts. */
export function nonzeroPixels(plane: Float64Array): Int32Array {
  let count = 0;
  for (let i = 0; i < plane.length; i++) if (plane[i] !== 0) count++;
  const pixels = new Int32Array(count);
  for (let i = 0, k = 0; i < plane.length; i++) if (plane[i] !== 0) pixels[k++] = i;
  return pixels;
}

/**
 * Squared Euclidean distance (in pixels²) from every pixel of `box` (default: the whole plane) to
 * the nearest nonzero pixel of `plane` (NaN counts as nonzero, as in `np.nonzero`), written to `out`
 * (allocated when not given; values outside `box` are left as they were). `box` must contain every
 * nonzero pixel of the plane. `needed`, when given (2·height entries, [2r] and [2r + 1] the first
 * and last column of row r that will be read; first > last for none), limits the writes to those
 * columns: rows whose needed columns all lie in one run of the plane's own nonzero pixels (distance
 * 0) then skip the row transform. Returns `null` when the plane has no nonzero pixel.
 */
export function squaredDistanceToNonzero(
  plane: Float64Array,
  width: number,
  height: number,
  out: Float64Array = new Float64Array(width * height),
  box: PixelBox = { top: 0, bottom: height - 1, left: 0, right: width - 1 },
  needed: Int32Array | null = null,
): Float64Array | null {
  ensureScratch(width);
  const seen = lastSeen;
  const { top, bottom, left, right } = box;
  let any = false;
  // Along columns: distance to the nearest nonzero pixel above, then below (as row offsets).
  seen.fill(-1, left, right + 1);
  for (let r = top; r <= bottom; r++) {
    const rowStart = r * width;
    for (let c = left; c <= right; c++) {
      if (plane[rowStart + c] !== 0) {
        seen[c] = r;
        any = true;
      }
      out[rowStart + c] = seen[c] >= 0 ? r - seen[c] : Number.POSITIVE_INFINITY;
    }
  }
  if (!any) return null;
  // Upwards: the nearest nonzero pixel below completes each column distance g; squared, a row of g
  // is final as soon as the sweep has passed it, so its row transform follows at once.
  // Along rows: lower envelope of the parabolas (c − site)² + g(site) over the finite sites. Columns
  // without any nonzero pixel have no site; when the plane is not empty every row has one.
  const columns = siteColumns;
  const heights = siteHeights;
  const z = boundaries;
  const row = rowScratch;
  seen.fill(-1, left, right + 1);
  for (let r = bottom; r >= top; r--) {
    const rowStart = r * width;
    // The row's own nonzero pixels: first, last and how many (a run when count = last − first + 1).
    let runFirst = right + 1;
    let runLast = left - 1;
    let runCount = 0;
    for (let c = left; c <= right; c++) {
      if (plane[rowStart + c] !== 0) {
        seen[c] = r;
        if (runCount === 0) runFirst = c;
        runLast = c;
        runCount++;
      }
    }
    let from = left;
    let to = right;
    if (needed) {
      from = Math.max(left, needed[2 * r]);
      to = Math.min(right, needed[2 * r + 1]);
      if (from > to) continue;
      // Needed columns inside a run of the plane's own pixels are 0; only the rest needs the envelope.
      if (runCount > 0 && runCount === runLast - runFirst + 1 && from <= runLast && to >= runFirst) {
        for (let c = Math.max(from, runFirst), end = Math.min(to, runLast); c <= end; c++)
          out[rowStart + c] = 0;
        if (from >= runFirst) from = runLast + 1;
        if (to <= runLast) to = runFirst - 1;
        if (from > to) continue;
      }
    }
    // Only rows that need the envelope complete their column distances g.
    for (let c = left; c <= right; c++) {
      let d = out[rowStart + c];
      if (seen[c] >= 0) {
        const below = seen[c] - r;
        if (below < d) d = below;
      }
      row[c] = d * d;
    }
    let k = -1;
    for (let q = left; q <= right; q++) {
      const g = row[q];
      if (g === Number.POSITIVE_INFINITY) continue;
      let s = Number.NEGATIVE_INFINITY;
      while (k >= 0) {
        const p = columns[k];
        s = (g + q * q - (heights[k] + p * p)) / (2 * (q - p));
        if (s > z[k]) break;
        k--;
      }
      k++;
      columns[k] = q;
      heights[k] = g;
      z[k] = k === 0 ? Number.NEGATIVE_INFINITY : s;
    }
    const sites = k + 1;
    let j = 0;
    // Columns between from and to that lie in the plane's run are written again, as 0, on the way.
    for (let q = from; q <= to; q++) {
      while (j + 1 < sites && z[j + 1] < q) j++;
      const offset = q - columns[j];
      out[rowStart + q] = offset * offset + heights[j];
    }
  }
  return out;
}

/**
 * Largest squared distance at the given pixels (the nonzero pixels of one plane) in the transform of
 * another plane: the directed Hausdorff distance, squared; −inf for an empty pixel list.
 */
export function directedSquaredHausdorff(pixels: Int32Array, squaredDistances: Float64Array): number {
  let largest = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < pixels.length; k++) {
    const d = squaredDistances[pixels[k]];
    if (d > largest) largest = d;
  }
  return largest;
}

/**
 * Symmetric Hausdorff distance (pixels) from the nonzero pixel lists of two planes and their
 * transforms (`squaredDistanceToNonzero`, covering at least both lists): 0 when both lists are
 * empty, +inf when exactly one is.
 */
export function hausdorffFromTransforms(
  aPixels: Int32Array,
  aSquaredDistances: Float64Array | null,
  bPixels: Int32Array,
  bSquaredDistances: Float64Array | null,
): number {
  if (aPixels.length === 0 || bPixels.length === 0 || !aSquaredDistances || !bSquaredDistances) {
    return aPixels.length === 0 && bPixels.length === 0 ? 0 : Number.POSITIVE_INFINITY;
  }
  const forward = directedSquaredHausdorff(aPixels, bSquaredDistances);
  const backward = directedSquaredHausdorff(bPixels, aSquaredDistances);
  return Math.sqrt(Math.max(forward, backward));
}

/**
 * Symmetric Hausdorff distance (pixels) between the nonzero pixels of two row-major planes of the
 * same size, as `skimage.metrics.hausdorff_distance`: 0 when both are empty, +inf when exactly one is.
 */
export function hausdorffDistance(a: Float64Array, b: Float64Array, width: number, height: number): number {
  return hausdorffFromTransforms(
    nonzeroPixels(a),
    squaredDistanceToNonzero(a, width, height),
    nonzeroPixels(b),
    squaredDistanceToNonzero(b, width, height),
  );
}
