import type { MaskedCellImage } from "../image/cellImage.js";
import { type HogOptions, hog, hogLength } from "../image/hog.js";
import { resize } from "../image/resize.js";
import type { FeatureContext } from "./featureContext.js";
import type { FeatureFamily } from "./featureFamily.js";

/** Parameters of scifAI's HogFeatures. */
export interface HogFeaturesOptions {
  /** Size [rows, columns] every channel is resized to before HOG (default [64, 64]). */
  size?: readonly [number, number];
}

/** The HOG parameters scifAI fixes: 8 orientations, 12×12-pixel cells, 1×1-cell blocks, L2-Hys. */
const SCIFAI_HOG: HogOptions = {
  orientations: 8,
  pixelsPerCell: [12, 12],
  cellsPerBlock: [1, 1],
  blockNorm: "L2-Hys",
};

/**
 * scifAI's HogFeatures (not in the default feature set): each channel is resized to `size` with
 * scikit-image `resize` defaults (bilinear, reflect, anti-aliasing when shrinking) and described
 * by `hog` with 8 orientations, 12×12 cells and L2-Hys blocks of one cell. Columns
 * `Hog_{i}_Ch{k}`, i = 0 … 199 for the default 64×64 (5×5 cells × 8 orientations); values are
 * dimensionless block-normalised histogram entries. No mask is used.
 */
export class HogFeatures implements FeatureFamily {
  readonly name = "HogFeatures";
  readonly size: readonly [number, number];
  private readonly perChannel: number;

  constructor(options: HogFeaturesOptions = {}) {
    const [rows, columns] = options.size ?? [64, 64];
    if (!Number.isInteger(rows) || !Number.isInteger(columns) || rows < 1 || columns < 1) {
      throw new RangeError(`HogFeatures size must be two positive integers, got [${rows}, ${columns}]`);
    }
    this.size = [rows, columns];
    this.perChannel = hogLength(columns, rows, SCIFAI_HOG);
  }

  columnNames(channels: number): string[] {
    const names: string[] = [];
    for (let channel = 1; channel <= channels; channel++) {
      for (let i = 0; i < this.perChannel; i++) names.push(`Hog_${i}_Ch${channel}`);
    }
    return names;
  }

  compute(cell: MaskedCellImage, out: Float64Array, offset: number, _context: FeatureContext): void {
    const [rows, columns] = this.size;
    for (let channel = 0; channel < cell.channels; channel++) {
      const resized = resize(cell.image[channel], cell.width, cell.height, columns, rows);
      out.set(hog(resized, columns, rows, SCIFAI_HOG), offset + channel * this.perChannel);
    }
  }
}
