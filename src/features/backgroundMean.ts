import type { MaskedCellImage } from "../image/cellImage.js";
import { EXACT_INTEGER_SUM_LIMIT, pairwiseSum } from "../image/statistics.js";
import type { FeatureContext } from "./featureContext.js";
import type { FeatureFamily } from "./featureFamily.js";

/** Options of BackgroundMean (the scifAI class takes none). */
export type BackgroundMeanOptions = Record<string, never>;

/**
 * scifAI's BackgroundMean: `background_mean_Ch{k}` = mean intensity of the pixels outside mask k
 * whose value is > 0 (a bleed-through check). NaN when no pixel qualifies.
 */
export class BackgroundMean implements FeatureFamily {
  readonly name = "BackgroundMean";
  private background = new Float64Array(0);

  // biome-ignore lint/complexity/noUselessConstructor: scifAI families take an options object.
  constructor(_options: BackgroundMeanOptions = {}) {}

  columnNames(channels: number): string[] {
    return Array.from({ length: channels }, (_, k) => `background_mean_Ch${k + 1}`);
  }

  compute(cell: MaskedCellImage, out: Float64Array, offset: number, _context: FeatureContext): void {
    const pixels = cell.width * cell.height;
    for (let channel = 0; channel < cell.channels; channel++) {
      const image = cell.image[channel];
      const mask = cell.mask[channel];
      let count = 0;
      let sum = 0;
      let integral = true;
      for (let i = 0; i < pixels; i++) {
        const value = image[i];
        if (mask[i] === 0 && value > 0) {
          count++;
          sum += value;
          if (value !== Math.floor(value)) integral = false;
        }
      }
      if (count === 0) out[offset + channel] = Number.NaN;
      else if (integral && sum <= EXACT_INTEGER_SUM_LIMIT) out[offset + channel] = sum / count;
      else out[offset + channel] = this.pairwiseMean(image, mask, pixels);
    }
  }

  /** The mean with NumPy's rounding: the values gathered in raster order, then summed pairwise. */
  private pairwiseMean(image: Float64Array, mask: Uint8Array, pixels: number): number {
    if (this.background.length < pixels) this.background = new Float64Array(pixels);
    const background = this.background;
    let count = 0;
    for (let i = 0; i < pixels; i++) {
      const value = image[i];
      if (mask[i] === 0 && value > 0) background[count++] = value;
    }
    return pairwiseSum(background, count) / count;
  }
}
