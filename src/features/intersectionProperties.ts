import type { MaskedCellImage } from "../image/cellImage.js";
import { EXACT_INTEGER_SUM_LIMIT, pairwiseSum } from "../image/statistics.js";
import type { FeatureContext } from "./featureContext.js";
import type { FeatureFamily } from "./featureFamily.js";

/** Options of IntersectionProperties, as the scifAI constructor takes them. */
export interface IntersectionPropertiesOptions {
  /** 0-based channels whose intensity is measured (scifAI's `channels`); default: every channel. */
  channels?: readonly number[];
  /** Added to every denominator (scifAI default 1e-12). */
  eps?: number;
}

const PROPERTY_NAMES = ["sum_intensity_ratio", "mean_intensity_ratio", "max_intensity_ratio"] as const;

/**
 * scifAI's IntersectionProperties: with S = image × mask, for every pair of masks a < b and every
 * measured channel c, X = S_c inside mask_a ∩ mask_b (0 elsewhere) and suffix `_Ch{c}_R{a}_R{b}`:
 * `sum_intensity_ratio` = ΣX / (ΣS_c + eps), `mean_intensity_ratio` = mean(X) / (mean(S_c) + eps),
 * `max_intensity_ratio` = max(X) / (mean(S_c) + eps), means over all pixels. A channel index beyond
 * the cell's channels gives NaN.
 */
export class IntersectionProperties implements FeatureFamily {
  readonly name = "IntersectionProperties";
  readonly channels: readonly number[] | null;
  readonly eps: number;
  private intersection = new Int32Array(0);
  private product = new Float64Array(0);

  constructor(options: IntersectionPropertiesOptions = {}) {
    this.channels = options.channels ? [...options.channels] : null;
    this.eps = options.eps ?? 1e-12;
  }

  private measured(channels: number): readonly number[] {
    return this.channels ?? Array.from({ length: channels }, (_, c) => c);
  }

  columnNames(channels: number): string[] {
    const names: string[] = [];
    const measured = this.measured(channels);
    for (let a = 0; a < channels; a++) {
      for (let b = a + 1; b < channels; b++) {
        for (const c of measured) {
          for (const property of PROPERTY_NAMES) names.push(`${property}_Ch${c + 1}_R${a + 1}_R${b + 1}`);
        }
      }
    }
    return names;
  }

  compute(cell: MaskedCellImage, out: Float64Array, offset: number, context: FeatureContext): void {
    const channels = cell.channels;
    const pixels = cell.width * cell.height;
    const measured = this.measured(channels);
    const eps = this.eps;
    if (this.intersection.length < pixels) {
      this.intersection = new Int32Array(pixels);
      this.product = new Float64Array(pixels);
    }

    // ΣS_c per measured channel. A finite total means no NaN or inf in S_c, so X is exactly 0
    // outside the intersection and ΣX can be taken over the intersection alone.
    const planes: (Float64Array | null)[] = measured.map((c) =>
      Number.isInteger(c) && c >= 0 && c < channels ? context.masked(c) : null,
    );
    const totals = measured.map((c, m) => (planes[m] ? context.maskedSum(c) : Number.NaN));
    // Small integers everywhere in S_c make every ΣX exact without checking each intersection.
    const exactEverywhere = measured.map((c, m) => planes[m] !== null && context.maskedIsSmallIntegers(c));

    // Pixel lists of every mask (shared through the context), so that each intersection costs
    // |mask_a| rather than H·W.
    let at = offset;
    const intersection = this.intersection;
    for (let a = 0; a < channels; a++) {
      const listA = context.maskPixels(a);
      for (let b = a + 1; b < channels; b++) {
        const maskB = cell.mask[b];
        let size = 0;
        for (let k = 0; k < listA.length; k++) {
          const i = listA[k];
          if (maskB[i] !== 0) intersection[size++] = i;
        }
        for (let m = 0; m < measured.length; m++, at += 3) {
          const plane = planes[m];
          if (!plane) {
            out[at] = out[at + 1] = out[at + 2] = Number.NaN;
            continue;
          }
          let sum = 0;
          let max = size < pixels ? 0 : Number.NEGATIVE_INFINITY;
          let exact = Number.isFinite(totals[m]);
          if (exactEverywhere[m]) {
            for (let k = 0; k < size; k++) {
              const v = plane[intersection[k]];
              sum += v;
              if (v > max) max = v;
            }
          } else if (exact) {
            let magnitude = 0;
            for (let k = 0; k < size; k++) {
              const v = plane[intersection[k]];
              sum += v;
              magnitude += Math.abs(v);
              if (v !== Math.floor(v)) exact = false;
              if (v > max) max = v;
            }
            exact &&= magnitude <= EXACT_INTEGER_SUM_LIMIT;
          }
          if (!exact) ({ sum, max } = this.generalSumAndMax(plane, cell.mask[a], maskB, pixels));
          const meanS = totals[m] / pixels;
          out[at] = sum / (totals[m] + eps);
          out[at + 1] = sum / pixels / (meanS + eps);
          out[at + 2] = max / (meanS + eps);
        }
      }
    }
  }

  /** ΣX and max(X) with NumPy's rounding and NaN propagation, for non-integer or huge data. */
  private generalSumAndMax(
    plane: Float64Array,
    maskA: Uint8Array,
    maskB: Uint8Array,
    pixels: number,
  ): { sum: number; max: number } {
    const product = this.product;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < pixels; i++) {
      const v = plane[i] * (maskA[i] * maskB[i]);
      product[i] = v;
      // NaN sticks once seen (no later v compares greater), as np.max propagates it.
      if (Number.isNaN(v)) max = Number.NaN;
      else if (v > max) max = v;
    }
    return { sum: pairwiseSum(product, pixels), max };
  }
}
