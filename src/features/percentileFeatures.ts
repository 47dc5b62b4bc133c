import type { MaskedCellImage } from "../image/cellImage.js";
import { percentiles } from "../image/statistics.js";
import type { FeatureContext } from "./featureContext.js";
import type { FeatureFamily } from "./featureFamily.js";

/** Options of PercentileFeatures, as the scifAI constructor takes them. */
export interface PercentileFeaturesOptions {
  /** Percentiles to compute, 0..100 (scifAI default: 10, 20, …, 90). */
  cuts?: readonly number[];
}

/**
 * scifAI's PercentileFeatures: `percentile_{q}_Ch{k}` = linear-interpolation percentile (NumPy's
 * default) of all pixels of channel k, mask ignored, for every q of `cuts`.
 */
export class PercentileFeatures implements FeatureFamily {
  readonly name = "PercentileFeatures";
  readonly cuts: readonly number[];

  constructor(options: PercentileFeaturesOptions = {}) {
    this.cuts = [...(options.cuts ?? [10, 20, 30, 40, 50, 60, 70, 80, 90])];
  }

  columnNames(channels: number): string[] {
    const names: string[] = [];
    for (let channel = 1; channel <= channels; channel++) {
      // String(q) writes 10 as "10" and 12.5 as "12.5", as Python's str() does.
      for (const q of this.cuts) names.push(`percentile_${q}_Ch${channel}`);
    }
    return names;
  }

  compute(cell: MaskedCellImage, out: Float64Array, offset: number, _context: FeatureContext): void {
    const perChannel = this.cuts.length;
    for (let channel = 0; channel < cell.channels; channel++) {
      percentiles(cell.image[channel], this.cuts, out, offset + channel * perChannel);
    }
  }
}
