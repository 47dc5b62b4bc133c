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
/** Masks that fit one byte of mask-combination bits. */
const MAX_CODED_CHANNELS = 8;
const CODE_COUNT = 1 << MAX_CODED_CHANNELS;
/** Measured planes the per-combination tables have room for. */
const MAX_PLANES_CODED = 16;

/** The three ratios of one pair and plane from ΣX, max(X) and ΣS_c. */
function writeRatios(
  out: Float64Array,
  at: number,
  sum: number,
  max: number,
  total: number,
  pixels: number,
  eps: number,
): void {
  const meanS = total / pixels;
  out[at] = sum / (total + eps);
  out[at + 1] = sum / pixels / (meanS + eps);
  out[at + 2] = max / (meanS + eps);
}

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
  /** Per pixel, a bit per mask holding it (zero between calls). */
  private codes = new Uint8Array(0);
  /** Per mask combination and plane: ΣS, max(0, S…) and the pixel count; then per pair. */
  private readonly codeSums = new Float64Array(CODE_COUNT * MAX_PLANES_CODED);
  private readonly codeMaxima = new Float64Array(CODE_COUNT * MAX_PLANES_CODED);
  private readonly codeCounts = new Int32Array(CODE_COUNT);
  private readonly presentCodes = new Int32Array(CODE_COUNT);
  private pairSums = new Float64Array(0);
  private pairMaxima = new Float64Array(0);

  constructor(options: IntersectionPropertiesOptions = {}) {
    this.channels = options.channels ? [...options.channels] : null;
    this.eps = options.eps ?? 1e-12;
  }

  /** Every channel, 0 … channels − 1, kept for the last channel count seen. */
  private allChannels: readonly number[] = [];

  private measured(channels: number): readonly number[] {
    if (this.channels) return this.channels;
    if (this.allChannels.length !== channels)
      this.allChannels = Array.from({ length: channels }, (_, c) => c);
    return this.allChannels;
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
    const planes: (Float64Array | null)[] = [];
    const totals: number[] = [];
    // Small integers everywhere in S_c make every ΣX exact without checking each intersection.
    const exactEverywhere: boolean[] = [];
    let allExact = true;
    for (const c of measured) {
      const valid = Number.isInteger(c) && c >= 0 && c < channels;
      planes.push(valid ? context.masked(c) : null);
      totals.push(valid ? context.maskedSum(c) : Number.NaN);
      const exact = valid && context.maskedIsSmallIntegers(c);
      exactEverywhere.push(exact);
      allExact &&= exact;
    }

    if (
      channels <= MAX_CODED_CHANNELS &&
      measured.length <= MAX_PLANES_CODED &&
      allExact &&
      this.sumsByMaskCode(cell, context, planes as Float64Array[])
    ) {
      let at = offset;
      for (let pair = 0; pair < (channels * (channels - 1)) / 2; pair++) {
        for (let m = 0; m < measured.length; m++, at += 3) {
          const k = pair * measured.length + m;
          writeRatios(out, at, this.pairSums[k], this.pairMaxima[k], totals[m], pixels, eps);
        }
      }
      return;
    }

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
          writeRatios(out, at, sum, max, totals[m], pixels, eps);
        }
      }
    }
  }

  /**
   * ΣX and max(X) of every mask pair and measured plane into pairSums / pairMaxima (pair-major,
   * pairs in column order), when every plane holds small integers (sums exact in any order) and
   * no intersection covers the whole image. Each pixel of the masks' union is visited once and
   * added to the totals of its combination of masks (a bit per mask); a pair's values then
   * gather the combinations holding both masks. Returns false, computing nothing, when some
   * intersection is the whole image: its maximum starts at −inf and the sign of a zero maximum
   * would depend on the order. Both maxima start at +0, which no −0 replaces.
   */
  private sumsByMaskCode(cell: MaskedCellImage, context: FeatureContext, planes: Float64Array[]): boolean {
    const channels = cell.channels;
    const pixels = cell.width * cell.height;
    const planeCount = planes.length;
    if (this.codes.length < pixels) this.codes = new Uint8Array(pixels);
    const codes = this.codes;
    const union = this.intersection;
    let unionSize = 0;
    for (let c = 0; c < channels; c++) {
      const list = context.maskPixels(c);
      const bit = 1 << c;
      for (let k = 0; k < list.length; k++) {
        const i = list[k];
        if (codes[i] === 0) union[unionSize++] = i;
        codes[i] |= bit;
      }
    }
    const codeSums = this.codeSums;
    const codeMaxima = this.codeMaxima;
    const codeCounts = this.codeCounts;
    const present = this.presentCodes;
    let presentCount = 0;
    for (let k = 0; k < unionSize; k++) {
      const i = union[k];
      const code = codes[i];
      codes[i] = 0;
      // A single mask bit is in no intersection.
      if ((code & (code - 1)) === 0) continue;
      if (codeCounts[code] === 0) {
        present[presentCount++] = code;
        codeSums.fill(0, code * planeCount, (code + 1) * planeCount);
        codeMaxima.fill(0, code * planeCount, (code + 1) * planeCount);
      }
      codeCounts[code]++;
      for (let m = 0, slot = code * planeCount; m < planeCount; m++, slot++) {
        const value = planes[m][i];
        codeSums[slot] += value;
        if (value > codeMaxima[slot]) codeMaxima[slot] = value;
      }
    }
    const pairs = (channels * (channels - 1)) / 2;
    if (this.pairSums.length < pairs * planeCount) {
      this.pairSums = new Float64Array(pairs * planeCount);
      this.pairMaxima = new Float64Array(pairs * planeCount);
    }
    this.pairSums.fill(0, 0, pairs * planeCount);
    this.pairMaxima.fill(0, 0, pairs * planeCount);
    let whole = false;
    for (let a = 0, pair = 0; a < channels; a++) {
      for (let b = a + 1; b < channels; b++, pair++) {
        const both = (1 << a) | (1 << b);
        let size = 0;
        for (let p = 0; p < presentCount; p++) {
          const code = present[p];
          if ((code & both) !== both) continue;
          size += codeCounts[code];
          for (let m = 0; m < planeCount; m++) {
            const slot = code * planeCount + m;
            const target = pair * planeCount + m;
            this.pairSums[target] += codeSums[slot];
            if (codeMaxima[slot] > this.pairMaxima[target]) this.pairMaxima[target] = codeMaxima[slot];
          }
        }
        if (size === pixels) whole = true;
      }
    }
    for (let p = 0; p < presentCount; p++) codeCounts[present[p]] = 0;
    return !whole;
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
