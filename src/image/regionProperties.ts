import { centralMoments } from "./moments.js";

/** The region's intensities (intensity × mask) over its bounding box; reused between calls. */
let weightedScratch = new Float64Array(1024);
const EMPTY_WORDS = new Uint32Array(0);

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
  let area = 0;
  let rowSum = 0;
  let columnSum = 0;
  let top = -1;
  let bottom = -1;
  let left = width;
  let right = -1;
  // Masks are mostly background: skip four pixels at a time while they are all zero.
  const pixels = width * height;
  const aligned = mask.byteOffset % 4 === 0;
  const wordCount = aligned ? pixels >> 2 : 0;
  const words = aligned ? new Uint32Array(mask.buffer, mask.byteOffset, wordCount) : EMPTY_WORDS;
  let row = 0;
  let rowStart = 0;
  for (let word = 0, index = 0; index < pixels; word++) {
    if (word < wordCount) {
      if (words[word] === 0) {
        index += 4;
        continue;
      }
    }
    const end = word < wordCount ? index + 4 : pixels;
    for (; index < end; index++) {
      if (mask[index] === 0) continue;
      while (index >= rowStart + width) {
        row++;
        rowStart += width;
      }
      const column = index - rowStart;
      area++;
      rowSum += row;
      columnSum += column;
      if (top < 0) top = row;
      bottom = row;
      if (column < left) left = column;
      if (column > right) right = column;
    }
  }
  if (area === 0) return null;

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
  for (let row = 0, local = 0; row < boxHeight; row++) {
    let source = (top + row) * width + left;
    let rowWeight = 0;
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
      intensitySum += value;
      if (Number.isNaN(value)) sawNaN = true;
      else {
        if (value < minIntensity) minIntensity = value;
        if (value > maxIntensity) maxIntensity = value;
      }
    }
    weightSum += rowWeight;
    weightedRowSum += rowWeight * row;
  }

  // scikit-image takes the local centroid from integer moments, so it is exact before division.
  const localCentroidRow = (rowSum - area * top) / area;
  const localCentroidColumn = (columnSum - area * left) / area;
  const weightedLocalRow = weightedRowSum / weightSum;
  const weightedLocalColumn = weightedColumnSum / weightSum;
  return {
    area,
    top,
    left,
    boxHeight,
    boxWidth,
    image,
    centroidRow: rowSum / area,
    centroidColumn: columnSum / area,
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
