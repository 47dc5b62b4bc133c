import type { MaskedCellImage } from "../image/cellImage.js";
import { hausdorffFromTransforms, type PixelBox, squaredDistanceToNonzero } from "../image/hausdorff.js";
import { lowerBound } from "../image/sortedSearch.js";
import { type SsimPlaneStatistics, ssimStatistics, structuralSimilarityOf } from "../image/ssim.js";
import {
  EXACT_INTEGER_SUM_LIMIT,
  pairwiseSumOfCenteredProducts,
  pairwiseSumOfProducts,
} from "../image/statistics.js";
import {
  correlationDistanceFromMeans,
  diceFromCounts,
  EXACT_EUCLIDEAN_SQUARES_LIMIT,
  euclideanDistanceOfIntegers,
  euclideanDistanceOfSparse,
  jaccardFromCounts,
} from "../image/vectorDistances.js";
import type { FeatureContext } from "./featureContext.js";
import type { FeatureFamily } from "./featureFamily.js";

/** Measures of part 2, in column order, for every ordered pair of channels. */
const PAIR_MEASURES = [
  "correlation_distance",
  "euclidean_distance",
  "manders_overlap_coefficient",
  "intensity_correlation_quotient",
  "structural_similarity",
  "hausdorff_distance",
] as const;
const MEASURES_PER_PAIR = PAIR_MEASURES.length;

/**
 * Per row of a mask, from its ascending pixel list: the position of the row's first pixel in the
 * list, the row's pixel count, and its first and last column (0, 0, width, −1 for an empty row),
 * four entries per row in `into`.
 */
function maskRows(list: Int32Array, width: number, height: number, into: Int32Array): void {
  for (let r = 0, k = 0; r < height; r++) {
    const rowStart = r * width;
    const rowEnd = rowStart + width;
    const start = k;
    while (k < list.length && list[k] < rowEnd) k++;
    into[4 * r] = start;
    into[4 * r + 1] = k - start;
    into[4 * r + 2] = k > start ? list[start] - rowStart : width;
    into[4 * r + 3] = k > start ? list[k - 1] - rowStart : -1;
  }
}

/** Options of Collocalization (the scifAI class takes none). */
export type CollocalizationOptions = Record<string, never>;

/** What every pair containing a channel needs from it, computed once per cell. */
interface ChannelSummary {
  /** S = image × mask. */
  plane: Float64Array;
  /** Pixels where S is not 0 (NaN included), ascending. */
  nonzero: Int32Array;
  sum: number;
  sumOfSquares: number;
  /** True when S is integer-valued and sumOfSquares is its exact ΣS² (a plain sum below 2^53). */
  exactIntegerSquares: boolean;
  /** mean(S), NumPy's. */
  mean: number;
  /** mean((S − mean(S))²), NumPy summation; NaN when S is all zero (its correlation distance is NaN). */
  centeredMeanSquare: number;
  /** Pixels where S > mean(S), ascending. */
  aboveMean: Int32Array;
  /** Equal to the cell's flag stamp where S > mean(S). */
  aboveMeanFlags: Int32Array;
  ssim: SsimPlaneStatistics | null;
  /** Squared distance to the nearest nonzero pixel of S; null when S is all zero. */
  distances: Float64Array | null;
}

/**
 * scifAI's Collocalization, as the published code evidently intends it (it crashes as published:
 * see SCIFAI_FEATURES.md). Part 1, per mask pair i < j: `dice_distance_Ch{i}_Ch{j}` and
 * `jaccard_distance_Ch{i}_Ch{j}` (SciPy; both masks empty: dice NaN, jaccard 0). Part 2, per ordered
 * pair i ≠ j with A = image_i × mask_i and B = image_j × mask_j, suffix `_R{i}_Ch{i}_R{j}_Ch{j}`:
 * correlation distance (NaN if A or B is constant), Euclidean distance, the published Manders
 * coefficient ΣA·ΣB / (ΣA²·ΣB²) (NaN when a mask is empty), the published ICQ (count of pixels above
 * both means divided by the number of rows, minus 0.5), mean SSIM (NaN for images under 7×7 pixels,
 * where scikit-image raises) and the Hausdorff distance of the nonzero pixels (0 both empty, inf one
 * empty). Every measure is symmetric bit for bit, so each unordered pair is computed once.
 */
export class Collocalization implements FeatureFamily {
  readonly name = "Collocalization";
  private storage = new Float64Array(0);
  private flagStorage = new Int32Array(0);
  /**
   * Marks the above-mean flags of the current cell: a new value per cell, so that the flags of
   * earlier cells never need clearing.
   */
  private flagStamp = 0;
  private indexStorage = new Int32Array(0);
  private nonzeroStorage = new Int32Array(0);
  /** Per channel, 4·height: the nonzero column bounds of each row, then SSIM's window bounds. */
  private rowBoundStorage = new Int32Array(0);
  /** Per channel and row of the masks: start in the mask's pixel list, count, first and last column. */
  private maskRowStorage = new Int32Array(0);
  /** Per row, the columns where the current channel's distance transform will be read. */
  private neededColumns = new Int32Array(0);
  /** Per channel of the current cell: its SSIM against an all-zero plane, once known. */
  private ssimAgainstZero = new Float64Array(0);
  private ssimAgainstZeroKnown = new Uint8Array(0);

  // biome-ignore lint/complexity/noUselessConstructor: scifAI families take an options object.
  constructor(_options: CollocalizationOptions = {}) {}

  columnNames(channels: number): string[] {
    const names: string[] = [];
    for (let i = 1; i <= channels; i++) {
      for (let j = i + 1; j <= channels; j++) {
        names.push(`dice_distance_Ch${i}_Ch${j}`, `jaccard_distance_Ch${i}_Ch${j}`);
      }
    }
    for (let i = 1; i <= channels; i++) {
      for (let j = 1; j <= channels; j++) {
        if (i === j) continue;
        for (const measure of PAIR_MEASURES) names.push(`${measure}_R${i}_Ch${i}_R${j}_Ch${j}`);
      }
    }
    return names;
  }

  compute(cell: MaskedCellImage, out: Float64Array, offset: number, context: FeatureContext): void {
    const channels = cell.channels;
    const { height } = cell;
    const pixels = cell.width * height;
    if (channels < 2) return;

    // Part 1 from mask pixel counts: n11 row by row, the rest by difference.
    const { width } = cell;
    if (this.maskRowStorage.length < channels * 4 * height) {
      this.maskRowStorage = new Int32Array(channels * 4 * height);
    }
    for (let c = 0; c < channels; c++) {
      maskRows(context.maskPixels(c), width, height, this.maskRowStorage.subarray(c * 4 * height));
    }
    let at = offset;
    for (let i = 0; i < channels; i++) {
      const listI = context.maskPixels(i);
      for (let j = i + 1; j < channels; j++) {
        const listJ = context.maskPixels(j);
        const both = this.maskOverlap(i, listI, j, cell.mask[j], height);
        const onlyFirst = listI.length - both;
        const onlySecond = listJ.length - both;
        out[at++] = diceFromCounts(both, onlyFirst, onlySecond);
        out[at++] = jaccardFromCounts(both, onlyFirst, onlySecond);
      }
    }

    // Part 2: the per-channel work once, then each unordered pair once, written to both orders.
    const summaries = this.summarise(cell, context);
    const stamp = this.flagStamp;
    const pairBase = at;
    // SSIM against an all-zero plane depends only on the other plane (the zero plane's statistics
    // are all +0), so it is evaluated once per channel that meets one.
    if (this.ssimAgainstZero.length < channels) {
      this.ssimAgainstZero = new Float64Array(channels);
      this.ssimAgainstZeroKnown = new Uint8Array(channels);
    }
    this.ssimAgainstZeroKnown.fill(0);
    const orderedIndex = (i: number, j: number) => i * (channels - 1) + (j < i ? j : j - 1);
    for (let i = 0; i < channels; i++) {
      const a = summaries[i];
      for (let j = i + 1; j < channels; j++) {
        const b = summaries[j];
        // An all-zero plane is constant: SciPy's 0/0 gives NaN, no need to sum the products.
        const correlation =
          a.nonzero.length > 0 && b.nonzero.length > 0 ? this.pairCorrelation(a, b, pixels) : Number.NaN;
        const euclidean = this.pairEuclidean(a, b);
        const manders = (a.sum * b.sum) / (a.sumOfSquares * b.sumOfSquares);
        let aboveBoth = 0;
        const flagsB = b.aboveMeanFlags;
        const aboveA = a.aboveMean;
        // As for the masks: only pixels between the first and the last above-mean pixel of B count.
        if (b.aboveMean.length > 0) {
          const last = b.aboveMean[b.aboveMean.length - 1];
          for (let k = lowerBound(aboveA, b.aboveMean[0]); k < aboveA.length && aboveA[k] <= last; k++) {
            if (flagsB[aboveA[k]] === stamp) aboveBoth++;
          }
        }
        const icq = aboveBoth / height - 0.5;
        const ssim = this.pairSsim(a, b, i, j);
        const hausdorff = hausdorffFromTransforms(a.nonzero, a.distances, b.nonzero, b.distances);
        const forward = pairBase + orderedIndex(i, j) * MEASURES_PER_PAIR;
        out[forward] = correlation;
        out[forward + 1] = euclidean;
        out[forward + 2] = manders;
        out[forward + 3] = icq;
        out[forward + 4] = ssim;
        out[forward + 5] = hausdorff;
        const backward = pairBase + orderedIndex(j, i) * MEASURES_PER_PAIR;
        for (let m = 0; m < MEASURES_PER_PAIR; m++) out[backward + m] = out[forward + m];
      }
    }
  }

  /**
   * Pixels in both mask i and mask j (n11): per row, the overlap of the two runs when both rows are
   * one run, otherwise mask j looked up at the pixels of mask i's row.
   */
  private maskOverlap(
    i: number,
    listI: Int32Array,
    j: number,
    maskJ: ArrayLike<number>,
    height: number,
  ): number {
    const rows = this.maskRowStorage;
    const baseI = i * 4 * height;
    const baseJ = j * 4 * height;
    let both = 0;
    for (let r = 0; r < height; r++) {
      const atI = baseI + 4 * r;
      const atJ = baseJ + 4 * r;
      const countI = rows[atI + 1];
      const countJ = rows[atJ + 1];
      if (countI === 0 || countJ === 0) continue;
      const from = Math.max(rows[atI + 2], rows[atJ + 2]);
      const to = Math.min(rows[atI + 3], rows[atJ + 3]);
      if (from > to) continue;
      if (countI === rows[atI + 3] - rows[atI + 2] + 1 && countJ === rows[atJ + 3] - rows[atJ + 2] + 1) {
        both += to - from + 1;
      } else {
        for (let k = rows[atI], end = k + countI; k < end; k++) if (maskJ[listI[k]] !== 0) both++;
      }
    }
    return both;
  }

  /** Correlation distance of two planes that are not all zero, summing only around their nonzero pixels. */
  private pairCorrelation(a: ChannelSummary, b: ChannelSummary, pixels: number): number {
    // Outside the span of both planes' nonzero pixels every centred product is the same.
    const activeStart = Math.min(a.nonzero[0], b.nonzero[0]);
    const activeEnd = Math.max(a.nonzero[a.nonzero.length - 1], b.nonzero[b.nonzero.length - 1]) + 1;
    const cross = pairwiseSumOfCenteredProducts(
      a.plane,
      a.mean,
      b.plane,
      b.mean,
      pixels,
      activeStart,
      activeEnd,
    );
    return correlationDistanceFromMeans(cross / pixels, a.centeredMeanSquare, b.centeredMeanSquare);
  }

  /** Euclidean distance of two planes; by exact integer sums over the shorter nonzero list when possible. */
  private pairEuclidean(a: ChannelSummary, b: ChannelSummary): number {
    if (
      a.exactIntegerSquares &&
      b.exactIntegerSquares &&
      a.sumOfSquares + b.sumOfSquares <= EXACT_EUCLIDEAN_SQUARES_LIMIT
    ) {
      return a.nonzero.length <= b.nonzero.length
        ? euclideanDistanceOfIntegers(a.plane, a.nonzero, a.sumOfSquares, b.plane, b.sumOfSquares)
        : euclideanDistanceOfIntegers(b.plane, b.nonzero, b.sumOfSquares, a.plane, a.sumOfSquares);
    }
    return euclideanDistanceOfSparse(a.plane, a.nonzero, b.plane, b.nonzero);
  }

  /** Mean SSIM of channels i and j, reusing one evaluation for every all-zero partner of a plane. */
  private pairSsim(a: ChannelSummary, b: ChannelSummary, i: number, j: number): number {
    if (!a.ssim || !b.ssim) return Number.NaN;
    const aZero = a.nonzero.length === 0;
    const bZero = b.nonzero.length === 0;
    // A NaN or inf pixel times a zero pixel is NaN: keep those planes on the plain path.
    if (aZero === bZero || !(aZero ? b.ssim.finite : a.ssim.finite)) {
      return structuralSimilarityOf(a.ssim, b.ssim);
    }
    const channel = aZero ? j : i;
    if (this.ssimAgainstZeroKnown[channel] === 0) {
      this.ssimAgainstZero[channel] = structuralSimilarityOf(a.ssim, b.ssim);
      this.ssimAgainstZeroKnown[channel] = 1;
    }
    return this.ssimAgainstZero[channel];
  }

  /** Per-channel sums, centred plane, above-mean pixels, SSIM statistics and distance transform. */
  private summarise(cell: MaskedCellImage, context: FeatureContext): ChannelSummary[] {
    const { width, height, channels } = cell;
    const pixels = width * height;
    // Per channel: SSIM statistics (3), distance transform (1).
    const floatsPerChannel = 4 * pixels;
    if (this.storage.length < channels * floatsPerChannel) {
      this.storage = new Float64Array(channels * floatsPerChannel);
      this.flagStorage = new Int32Array(channels * pixels);
      this.indexStorage = new Int32Array(channels * pixels);
      this.nonzeroStorage = new Int32Array(channels * pixels);
    }
    if (this.rowBoundStorage.length < channels * 4 * height) {
      this.rowBoundStorage = new Int32Array(channels * 4 * height);
    }
    // Hausdorff distances are read only at nonzero pixels, so every transform needs to cover only
    // the box around the nonzero pixels of all channels.
    if (this.flagStamp === 0x7fffffff) {
      this.flagStorage.fill(0);
      this.flagStamp = 0;
    }
    const stamp = ++this.flagStamp;
    const box: PixelBox = { top: height, bottom: -1, left: width, right: -1 };
    const partial: Omit<ChannelSummary, "distances">[] = [];
    for (let c = 0; c < channels; c++) {
      const base = c * floatsPerChannel;
      const plane = context.masked(c);
      const sum = context.maskedSum(c);
      const mean = sum / pixels;
      const flags = this.flagStorage.subarray(c * pixels, (c + 1) * pixels);
      const above = this.indexStorage.subarray(c * pixels, (c + 1) * pixels);
      const nonzero = this.nonzeroStorage.subarray(c * pixels, (c + 1) * pixels);
      const rowBounds = this.rowBoundStorage.subarray(c * 4 * height, (c + 1) * 4 * height);
      let nonzeroCount = 0;
      if (Number.isNaN(sum)) {
        // A NaN of S may lie outside the mask (a NaN or inf pixel × 0): scan the whole plane.
        for (let i = 0; i < pixels; i++) if (plane[i] !== 0) nonzero[nonzeroCount++] = i;
      } else {
        // Outside the mask S is ±0 or NaN, and any NaN would have made ΣS NaN: only mask pixels count.
        const maskList = context.maskPixels(c);
        for (let k = 0; k < maskList.length; k++) {
          const i = maskList[k];
          if (plane[i] !== 0) nonzero[nonzeroCount++] = i;
        }
      }
      // The nonzero column bounds of every row and the box, from the ascending list.
      let top = -1;
      let bottom = -1;
      let left = width;
      let right = -1;
      for (let r = 0, k = 0; r < height; r++) {
        const rowStart = r * width;
        const rowEnd = rowStart + width;
        if (k === nonzeroCount || nonzero[k] >= rowEnd) {
          rowBounds[2 * r] = width;
          rowBounds[2 * r + 1] = -1;
          continue;
        }
        const first = nonzero[k] - rowStart;
        while (k < nonzeroCount && nonzero[k] < rowEnd) k++;
        const last = nonzero[k - 1] - rowStart;
        rowBounds[2 * r] = first;
        rowBounds[2 * r + 1] = last;
        if (top < 0) top = r;
        bottom = r;
        if (first < left) left = first;
        if (last > right) right = last;
      }
      // With mean ≥ 0 only nonzero pixels can lie above the mean; the flags of the others hold older
      // stamps.
      const aboveOnlyNonzero = mean >= 0;
      let aboveCount = 0;
      if (!aboveOnlyNonzero) {
        for (let i = 0; i < pixels; i++) {
          if (plane[i] > mean) {
            flags[i] = stamp;
            above[aboveCount++] = i;
          }
        }
      }
      // ΣS² in the same pass: a plain sum equals NumPy's when the squares are small integers.
      let sumOfSquares = 0;
      let integral = true;
      let finite = true;
      for (let k = 0; k < nonzeroCount; k++) {
        const i = nonzero[k];
        const value = plane[i];
        if (aboveOnlyNonzero && value > mean) {
          flags[i] = stamp;
          above[aboveCount++] = i;
        }
        sumOfSquares += value * value;
        // v − v is 0 for finite v and NaN for ±inf and NaN.
        if (value - value !== 0) finite = false;
        else if (value !== Math.floor(value)) integral = false;
      }
      const exactIntegerSquares = integral && finite && sumOfSquares <= EXACT_INTEGER_SUM_LIMIT;
      if (!exactIntegerSquares) {
        sumOfSquares = pairwiseSumOfProducts(plane, plane, pixels);
      }
      const planeBox = top < 0 ? null : { top, bottom, left, right };
      if (planeBox) {
        box.top = Math.min(box.top, top);
        box.bottom = Math.max(box.bottom, bottom);
        box.left = Math.min(box.left, left);
        box.right = Math.max(box.right, right);
      }
      partial.push({
        plane,
        nonzero: nonzero.subarray(0, nonzeroCount),
        sum,
        sumOfSquares,
        exactIntegerSquares,
        mean,
        centeredMeanSquare:
          nonzeroCount > 0
            ? pairwiseSumOfCenteredProducts(
                plane,
                mean,
                plane,
                mean,
                pixels,
                nonzero[0],
                nonzero[nonzeroCount - 1] + 1,
              ) / pixels
            : Number.NaN,
        aboveMean: above.subarray(0, aboveCount),
        aboveMeanFlags: flags,
        ssim: ssimStatistics(plane, width, height, this.storage.subarray(base, base + 3 * pixels), {
          box: planeBox,
          finite,
          rowBounds: exactIntegerSquares ? rowBounds : undefined,
        }),
      });
    }
    if (this.neededColumns.length < 8 * height) this.neededColumns = new Int32Array(8 * height);
    const needed = this.neededColumns;
    // The transform of a channel is read only at the other channels' nonzero pixels, within their
    // row bounds: per row of the box, the two smallest first columns and the two largest last
    // columns over all channels (with the channel of the extreme one) give every channel's "others".
    const extremes = needed.subarray(2 * height);
    const bounds = this.rowBoundStorage;
    for (let r = box.top; r <= box.bottom; r++) {
      let firstLow = width;
      let firstLowChannel = -1;
      let firstNext = width;
      let lastHigh = -1;
      let lastHighChannel = -1;
      let lastNext = -1;
      for (let c = 0; c < channels; c++) {
        const first = bounds[c * 4 * height + 2 * r];
        const last = bounds[c * 4 * height + 2 * r + 1];
        if (first < firstLow) {
          firstNext = firstLow;
          firstLow = first;
          firstLowChannel = c;
        } else if (first < firstNext) firstNext = first;
        if (last > lastHigh) {
          lastNext = lastHigh;
          lastHigh = last;
          lastHighChannel = c;
        } else if (last > lastNext) lastNext = last;
      }
      const at = 6 * r;
      extremes[at] = firstLow;
      extremes[at + 1] = firstLowChannel;
      extremes[at + 2] = firstNext;
      extremes[at + 3] = lastHigh;
      extremes[at + 4] = lastHighChannel;
      extremes[at + 5] = lastNext;
    }
    return partial.map((summary, c) => {
      const base = c * floatsPerChannel;
      if (summary.nonzero.length === 0) return { ...summary, distances: null };
      for (let r = box.top; r <= box.bottom; r++) {
        const at = 6 * r;
        needed[2 * r] = extremes[at + 1] === c ? extremes[at + 2] : extremes[at];
        needed[2 * r + 1] = extremes[at + 4] === c ? extremes[at + 5] : extremes[at + 3];
      }
      const distances = squaredDistanceToNonzero(
        summary.plane,
        width,
        height,
        this.storage.subarray(base + 3 * pixels, base + 4 * pixels),
        box,
        needed,
      );
      return { ...summary, distances };
    });
  }
}
