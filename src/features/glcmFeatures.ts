import type { MaskedCellImage } from "../image/cellImage.js";
import {
  cooccurrence,
  GLCM_PROPERTIES,
  glcmProperties,
  glcmPropertiesOfImage,
  scaleToUint8ByMax,
} from "../image/glcm.js";
import type { FeatureContext } from "./featureContext.js";
import type { FeatureFamily } from "./featureFamily.js";

/** Parameters of scifAI's GLCMFeatures. */
export interface GLCMFeaturesOptions {
  /** Pixel-pair distances in pixels (default [5]). */
  distances?: readonly number[];
  /** Pixel-pair angles in radians (default [0]: the neighbour is `distance` columns to the right). */
  angles?: readonly number[];
  /** Number of grey levels of the matrix (default 256; the 8-bit image needs at least 256). */
  levels?: number;
}

/**
 * scifAI's GLCMFeatures: per channel, the image scaled to 8 bits as `(x / max(x)) · 255`
 * truncated (an all-zero channel stays zero), the grey-level co-occurrence matrix (not
 * symmetric, not normalised, whole image, no mask) and its six `graycoprops` properties.
 *
 * Columns, channel by channel: with one distance and one angle (the default) the scifAI names
 * `{contrast|dissimilarity|homogeneity|ASM|energy|correlation}_Ch{k}`. With several distances
 * or angles the Python tool computes them all but keeps only the first pair under those names;
 * here every (distance, angle) pair gets its own columns, `{property}_d{distance}_a{degrees}_Ch{k}`
 * (distance-major, then angle, then property), whose values are what `graycoprops` gives for
 * that pair. A channel whose 8-bit levels do not fit in `levels` (where scikit-image raises)
 * gives NaN.
 */
export class GLCMFeatures implements FeatureFamily {
  readonly name = "GLCMFeatures";
  readonly distances: readonly number[];
  readonly angles: readonly number[];
  readonly levels: number;
  private readonly pairSuffixes: string[];
  private scaled = new Uint8Array(0);

  constructor(options: GLCMFeaturesOptions = {}) {
    this.distances = [...(options.distances ?? [5])];
    this.angles = [...(options.angles ?? [0])];
    this.levels = options.levels ?? 256;
    if (this.distances.length === 0 || this.angles.length === 0) {
      throw new RangeError("GLCMFeatures needs at least one distance and one angle");
    }
    if (!Number.isInteger(this.levels) || this.levels < 1) {
      throw new RangeError(`GLCMFeatures levels must be a positive integer, got ${this.levels}`);
    }
    const single = this.distances.length === 1 && this.angles.length === 1;
    this.pairSuffixes = [];
    for (const distance of this.distances) {
      for (const angle of this.angles) {
        this.pairSuffixes.push(single ? "" : `_d${distance}_a${formatDegrees(angle)}`);
      }
    }
  }

  columnNames(channels: number): string[] {
    const names: string[] = [];
    for (let channel = 1; channel <= channels; channel++) {
      for (const suffix of this.pairSuffixes) {
        for (const property of GLCM_PROPERTIES) names.push(`${property}${suffix}_Ch${channel}`);
      }
    }
    return names;
  }

  compute(cell: MaskedCellImage, out: Float64Array, offset: number, _context: FeatureContext): void {
    const pixels = cell.width * cell.height;
    // One buffer for all cell sizes: only its first `pixels` levels are written and read.
    if (this.scaled.length < pixels) this.scaled = new Uint8Array(2 * pixels);
    const scaled = this.scaled;
    // graycoprops sums each matrix pairwise when it holds one (distance, angle), and slice by
    // slice in order when it holds several.
    const summation = this.pairSuffixes.length === 1 ? "pairwise" : "sequential";
    const perChannel = this.pairSuffixes.length * GLCM_PROPERTIES.length;
    for (let channel = 0; channel < cell.channels; channel++) {
      scaleToUint8ByMax(cell.image[channel], scaled);
      let at = offset + channel * perChannel;
      // 8-bit levels always fit 256 or more levels; scikit-image raises otherwise, we give NaN.
      if (this.levels < 256 && maximumLevel(scaled, pixels) >= this.levels) {
        out.fill(Number.NaN, at, at + perChannel);
        continue;
      }
      if (summation === "pairwise") {
        glcmPropertiesOfImage(
          scaled,
          cell.width,
          cell.height,
          this.distances[0],
          this.angles[0],
          this.levels,
          out,
          at,
        );
        continue;
      }
      for (const distance of this.distances) {
        for (const angle of this.angles) {
          const matrix = cooccurrence(scaled, cell.width, cell.height, distance, angle, this.levels);
          glcmProperties(matrix, out, at, summation);
          at += GLCM_PROPERTIES.length;
        }
      }
    }
  }
}

/** The largest of the first `length` levels (0 when empty). */
function maximumLevel(levels: Uint8Array, length: number): number {
  let maximum = 0;
  for (let i = 0; i < length; i++) if (levels[i] > maximum) maximum = levels[i];
  return maximum;
}

/** An angle in radians as degrees for a column name: at most 6 decimals, no trailing zeros. */
function formatDegrees(angle: number): string {
  const degrees = Math.round(((angle * 180) / Math.PI) * 1e6) / 1e6;
  return String(degrees === 0 ? 0 : degrees);
}
