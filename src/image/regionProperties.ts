import { centralMoments } from "./moments.js";

/** The region's intensities (intensity × mask) over its bounding box; reused between calls. */
let weightedScratch = new Float64Array(1024);

/**
 * The one-pass region properties of scikit-image 0.19 regionprops for a region given as a 0/1
 * mask plane (every nonzero pixel belongs to the region, connected or not) with an intensity
 * plane: bounding box, area, centroids, intensity statistics and central moments. The shape
 * measures that need more than moments (convex hull, perimeter, Euler number…) work on `image`.
 */
export interface RegionProperties {
  /** Number of region pixels. */
  readonly area: number;
  /** First row of the bounding box. */
  readonly top: number;
  /** First column of the bounding box. */
  readonly left: number;
  /** Rows of the bounding box (bottom = top + boxHeight, exclusive, as scikit-image's bbox). */
  readonly boxHeight: number;
  /** Columns of the bounding box. */
  readonly boxWidth: number;
  /** The region cropped to its bounding box: boxHeight × boxWidth row-major 0/1 (scikit-image's `image`). */
  readonly image: Uint8Array;
  /** Mean row of the region pixels (image coordinates). */
  readonly centroidRow: number;
  /** Mean column of the region pixels (image coordinates). */
  readonly centroidColumn: number;
  /** Intensity-weighted mean row (image coordinates); NaN when the region's intensities sum to 0. */
  readonly weightedCentroidRow: number;
  /** Intensity-weighted mean column (image coordinates); NaN when the region's intensities sum to 0. */
  readonly weightedCentroidColumn: number;
  /** Smallest intensity in the region (NaN if any region intensity is NaN). */
  readonly minIntensity: number;
  /** Largest intensity in the region (NaN if any region intensity is NaN). */
  readonly maxIntensity: number;
  /** Mean intensity over the region pixels. */
  readonly meanIntensity: number;
  /** Central moments (4×4, index = rowPower·4 + columnPower) of the binary region about its centroid. */
  readonly centralMoments: Float64Array;
  /** Central moments of the region's intensities about the weighted centroid (NaN if it is NaN). */
  readonly weightedCentralMoments: Float64Array;
}

/**
 * Region properties of all nonzero pixels of `mask` (one region, as regionprops sees label 1 of
 * `mask.astype(int)` when the mask is 0/1) weighted by `intensity`; both planes are
 * `height × width` row-major. Returns null when the mask has no nonzero pixel.
 */
export function regionProperties(
  mask: Uint8Array,
  intensity: Float64Array,
  width: number,
  height: number,
): RegionProperties | null {
  const pixels = width * height;
  const first = firstNonzero(mask, pixels);
  if (first === pixels) return null;
  const last = lastNonzero(mask, pixels);
  const top = (first / width) | 0;
  const bottom = (last / width) | 0;
  // The box's columns: each row between top and bottom can only widen it, so only the columns
  // outside the current box are looked at.
  let left = first - top * width;
  let right = last - bottom * width;
  if (right < left) {
    const swap = left;
    left = right;
    right = swap;
  }
  for (let row = top, start = top * width; row <= bottom; row++, start += width) {
    for (let column = 0; column < left; column++) {
      if (mask[start + column] !== 0) {
        left = column;
        break;
      }
    }
    for (let column = width - 1; column > right; column--) {
      if (mask[start + column] !== 0) {
        right = column;
        break;
      }
    }
  }

  const boxHeight = bottom - top + 1;
  const boxWidth = right - left + 1;
  const image = new Uint8Array(boxHeight * boxWidth);
  if (weightedScratch.length < boxHeight * boxWidth) {
    weightedScratch = new Float64Array(Math.max(boxHeight * boxWidth, 2 * weightedScratch.length));
  }
  const weighted = weightedScratch;
  let minIntensity = Number.POSITIVE_INFINITY;
  let maxIntensity = Number.NEGATIVE_INFINITY;
  let intensitySum = 0;
  let sawNaN = false;
  let weightSum = 0;
  let weightedRowSum = 0;
  let weightedColumnSum = 0;
  // Pixel counts and coordinate sums are integers far below 2^53: exact in any order. Both are
  // taken in box coordinates here and shifted to image coordinates below.
  let area = 0;
  let rowSum = 0;
  let columnSum = 0;
  for (let row = 0, local = 0; row < boxHeight; row++) {
    let source = (top + row) * width + left;
    let rowWeight = 0;
    let rowArea = 0;
    for (let column = 0; column < boxWidth; column++, local++, source++) {
      const inside = mask[source] === 0 ? 0 : 1;
      const value = intensity[source];
      // A product, not a select: NumPy's intensity × mask turns a NaN outside the region into NaN too.
      const product = value * inside;
      weighted[local] = product;
      rowWeight += product;
      weightedColumnSum += product * column;
      if (inside === 0) continue;
      image[local] = 1;
      area++;
      columnSum += column;
      rowArea++;
      intensitySum += value;
      if (Number.isNaN(value)) sawNaN = true;
      else {
        if (value < minIntensity) minIntensity = value;
        if (value > maxIntensity) maxIntensity = value;
      }
    }
    weightSum += rowWeight;
    weightedRowSum += rowWeight * row;
    rowSum += rowArea * row;
  }

  // scikit-image takes the local centroid from integer moments, so it is exact before division.
  const localCentroidRow = rowSum / area;
  const localCentroidColumn = columnSum / area;
  const weightedLocalRow = weightedRowSum / weightSum;
  const weightedLocalColumn = weightedColumnSum / weightSum;
  return {
    area,
    top,
    left,
    boxHeight,
    boxWidth,
    image,
    centroidRow: (rowSum + area * top) / area,
    centroidColumn: (columnSum + area * left) / area,
    weightedCentroidRow: weightedLocalRow + top,
    weightedCentroidColumn: weightedLocalColumn + left,
    minIntensity: sawNaN ? Number.NaN : minIntensity,
    maxIntensity: sawNaN ? Number.NaN : maxIntensity,
    meanIntensity: intensitySum / area,
    centralMoments: centralMoments(image, boxWidth, boxHeight, localCentroidRow, localCentroidColumn),
    weightedCentralMoments: centralMoments(
      weighted,
      boxWidth,
      boxHeight,
      weightedLocalRow,
      weightedLocalColumn,
    ),
  };
}

/** Index of the first nonzero byte of `bytes[0, length)`, or `length` when all are zero. */
function firstNonzero(bytes: Uint8Array, length: number): number {
  let index = 0;
  // Masks are mostly background: skip four pixels at a time while they are all zero.
  if (bytes.byteOffset % 4 === 0) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, length >> 2);
    let word = 0;
    while (word < words.length && words[word] === 0) word++;
    index = word << 2;
  }
  while (index < length && bytes[index] === 0) index++;
  return index;
}

/** Index of the last nonzero byte of `bytes[0, length)`, or -1 when all are zero. */
function lastNonzero(bytes: Uint8Array, length: number): number {
  let index = length - 1;
  if (bytes.byteOffset % 4 === 0) {
    // The tail beyond the last whole word first, then whole words backwards while they are zero.
    const wordCount = length >> 2;
    while (index >= wordCount << 2 && bytes[index] === 0) index--;
    if (index < wordCount << 2) {
      const words = new Uint32Array(bytes.buffer, bytes.byteOffset, wordCount);
      let word = wordCount - 1;
      while (word >= 0 && words[word] === 0) word--;
      index = (word << 2) + 3;
    }
  }
  while (index >= 0 && bytes[index] === 0) index--;
  return index;
}
