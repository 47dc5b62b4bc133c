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
      const count = backgroundSum(image, mask, pixels);
      if (count === 0) out[offset + channel] = Number.NaN;
      else if (backgroundIntegral && backgroundTotal <= EXACT_INTEGER_SUM_LIMIT) {
        out[offset + channel] = backgroundTotal / count;
      } else out[offset + channel] = this.pairwiseMean(image, mask, pixels);
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

/** Sum of the background pixels of the last backgroundSum, and whether they were all integers. */
let backgroundTotal = 0;
let backgroundIntegral = true;

/**
 * Counts the pixels outside the mask whose value is > 0 (returned) and sums them into
 * backgroundTotal, noting in backgroundIntegral whether all were integers. Even and odd pixels
 * go to two running sums (two independent additions per step): the total is only used when
 * every value is an integer and it is at most 2^53, where any order of addition is exact.
 */
function backgroundSum(image: Float64Array, mask: Uint8Array, pixels: number): number {
  let count = 0;
  let evenSum = 0;
  let oddSum = 0;
  let integral = true;
  let i = 0;
  for (; i + 1 < pixels; i += 2) {
    const even = image[i];
    const odd = image[i + 1];
    if (mask[i] === 0 && even > 0) {
      count++;
      evenSum += even;
      if (even !== Math.floor(even)) integral = false;
    }
    if (mask[i + 1] === 0 && odd > 0) {
      count++;
      oddSum += odd;
      if (odd !== Math.floor(odd)) integral = false;
    }
  }
  if (i < pixels && mask[i] === 0 && image[i] > 0) {
    count++;
    evenSum += image[i];
    if (image[i] !== Math.floor(image[i])) integral = false;
  }
  backgroundTotal = evenSum + oddSum;
  backgroundIntegral = integral;
  return count;
}
