import type { MaskedCellImage } from "../image/cellImage.js";
import { EXACT_INTEGER_SUM_LIMIT, momentSummary, shannonEntropy } from "../image/statistics.js";
import type { FeatureContext } from "./featureContext.js";
import type { FeatureFamily } from "./featureFamily.js";

/** Column stems in scifAI order (nine values per channel). */
const PROPERTY_NAMES: readonly string[] = [
  "Area",
  "sum_intensity",
  "mean_intensity",
  "std_intensity",
  "kurtosis_intensity",
  "skew_intensity",
  "min_intensity",
  "max_intensity",
  "shannon_entropy",
];
const VALUES_PER_CHANNEL = PROPERTY_NAMES.length;

/** Options of CellShape (the scifAI class takes none). */
export type CellShapeOptions = Record<string, never>;

/**
 * scifAI's CellShape: with S = image × mask and P = the values of S that are > 0, per channel:
 * `Area` (mask pixels), `sum_intensity` (ΣS), and of P: mean, population std, Fisher kurtosis and
 * skewness (biased; NaN when P is constant), min, max and Shannon entropy (bits, over distinct
 * values). All nine are 0 when P is empty.
 */
export class CellShape implements FeatureFamily {
  readonly name = "CellShape";
  private positive = new Float64Array(0);

  // biome-ignore lint/complexity/noUselessConstructor: scifAI families take an options object.
  constructor(_options: CellShapeOptions = {}) {}

  columnNames(channels: number): string[] {
    const names: string[] = [];
    for (let channel = 1; channel <= channels; channel++) {
      for (const property of PROPERTY_NAMES) names.push(`${property}_Ch${channel}`);
    }
    return names;
  }

  compute(cell: MaskedCellImage, out: Float64Array, offset: number, context: FeatureContext): void {
    const pixels = cell.width * cell.height;
    if (this.positive.length < pixels) this.positive = new Float64Array(pixels);
    const positive = this.positive;
    for (let channel = 0; channel < cell.channels; channel++) {
      const at = offset + channel * VALUES_PER_CHANNEL;
      const segmented = context.masked(channel);
      const mask = cell.mask[channel];
      // Only where S can be nonzero: the ±0 elsewhere add nothing to a sum that starts at +0, are
      // integers, not positive and outside the mask (so add 0 to the area).
      const support = context.maskedSupport(channel);
      let area = 0;
      let count = 0;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      // ΣS in the same pass; it equals NumPy's pairwise sum when the data are small integers.
      let sum = 0;
      let magnitude = 0;
      let integral = true;
      for (let k = 0; k < support.length; k++) {
        const i = support[k];
        area += mask[i];
        const value = segmented[i];
        sum += value;
        magnitude += Math.abs(value);
        if (value !== Math.floor(value)) integral = false;
        if (value > 0) {
          positive[count++] = value;
          if (value < min) min = value;
          if (value > max) max = value;
        }
      }
      if (count === 0) {
        out.fill(0, at, at + VALUES_PER_CHANNEL);
        continue;
      }
      const moments = momentSummary(positive, count);
      out[at] = area;
      out[at + 1] = integral && magnitude <= EXACT_INTEGER_SUM_LIMIT ? sum : context.maskedSum(channel);
      out[at + 2] = moments.mean;
      out[at + 3] = moments.std;
      out[at + 4] = moments.kurtosis;
      out[at + 5] = moments.skewness;
      out[at + 6] = min;
      out[at + 7] = max;
      out[at + 8] = shannonEntropy(positive, count);
    }
  }
}
