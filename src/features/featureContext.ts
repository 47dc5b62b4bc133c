import type { MaskedCellImage } from "../image/cellImage.js";
import { EXACT_INTEGER_SUM_LIMIT, pairwiseSum } from "../image/statistics.js";

/** What one pass over a channel's image and mask yields (see FeatureContext.masked). */
interface MaskedChannel {
  /** image_c × mask_c over the whole plane. */
  readonly plane: Float64Array;
  /** Indices of the nonzero mask pixels, ascending. */
  readonly pixels: Int32Array;
  /** Whether S is ±0 at every pixel outside the mask (false when the image is NaN or inf there). */
  readonly zeroOutsideMask: boolean;
  /**
   * ΣS taken in index order when every S is an integer and Σ|S| ≤ EXACT_INTEGER_SUM_LIMIT (then
   * any sum of S values is exact, whatever the order); NaN otherwise.
   */
  readonly exactIntegerSum: number;
}

/**
 * Plane buffers that the FeatureContexts of consecutive cells reuse (one cell at a time), so that a
 * run of millions of cells does not allocate and collect the masked planes and pixel lists of each.
 * The planes of a context are valid until the next context made with the same scratch computes.
 */
export class FeatureScratch {
  private planes: Float64Array[] = [];
  private lists: Int32Array[] = [];

  /** A buffer of `length` values for channel `channel`'s masked plane (contents undefined). */
  plane(channel: number, length: number): Float64Array {
    let buffer = this.planes[channel];
    if (!buffer || buffer.length < length) {
      buffer = new Float64Array(Math.max(length, 2 * (buffer?.length ?? 0)));
      this.planes[channel] = buffer;
    }
    return buffer.subarray(0, length);
  }

  /** A buffer of at least `length` indices for channel `channel`'s mask pixel list. */
  list(channel: number, length: number): Int32Array {
    let buffer = this.lists[channel];
    if (!buffer || buffer.length < length) {
      buffer = new Int32Array(Math.max(length, 2 * (buffer?.length ?? 0)));
      this.lists[channel] = buffer;
    }
    return buffer;
  }
}

/**
 * Per-cell scratch shared by the families of one feature set, so that work two families need
 * (image × mask products, region properties) is done once per cell. Create one per cell; given a
 * FeatureScratch, its planes live in buffers reused by the next cell's context (otherwise in its own).
 */
export class FeatureContext {
  private readonly cache = new Map<string, unknown>();
  private readonly channels: (MaskedChannel | undefined)[];
  private readonly maskedSums: (number | undefined)[];
  private indexPlane: Int32Array | null = null;

  constructor(
    readonly cell: MaskedCellImage,
    private readonly scratch: FeatureScratch = new FeatureScratch(),
  ) {
    this.channels = new Array(cell.channels);
    this.maskedSums = new Array(cell.channels);
  }

  /** ΣS of channel c as NumPy's `np.sum` gives it (pairwise), computed once. */
  maskedSum(channel: number): number {
    let sum = this.maskedSums[channel];
    if (sum === undefined) {
      const { plane, exactIntegerSum } = this.prepared(channel);
      // An exact sum is NumPy's too; a zero one is left to pairwiseSum, which knows the sign NumPy gives it.
      sum =
        exactIntegerSum !== 0 && !Number.isNaN(exactIntegerSum)
          ? exactIntegerSum
          : pairwiseSum(plane, plane.length);
      this.maskedSums[channel] = sum;
    }
    return sum;
  }

  /** Indices of the pixels where mask_c is not 0, ascending, computed once. */
  maskPixels(channel: number): Int32Array {
    return this.prepared(channel).pixels;
  }

  /** image_c × mask_c (the `S` of the scifAI definitions) for channel c (0-based), computed once. */
  masked(channel: number): Float64Array {
    return this.prepared(channel).plane;
  }

  /**
   * The indices of the pixels where S_c can differ from ±0, ascending: the mask pixels when the
   * image is finite outside the mask, otherwise every pixel. Sums, extremes and selections of S
   * over them equal those over the whole plane whenever the ±0 elsewhere cannot change them.
   */
  maskedSupport(channel: number): Int32Array {
    const prepared = this.prepared(channel);
    if (prepared.zeroOutsideMask) return prepared.pixels;
    if (!this.indexPlane) {
      const pixels = prepared.plane.length;
      this.indexPlane = new Int32Array(pixels);
      for (let i = 0; i < pixels; i++) this.indexPlane[i] = i;
    }
    return this.indexPlane;
  }

  /**
   * Whether every S_c is an integer and Σ|S_c| ≤ EXACT_INTEGER_SUM_LIMIT, so that any sum of S_c
   * values, in any order, is exact (and equals NumPy's pairwise one unless it is zero).
   */
  maskedIsSmallIntegers(channel: number): boolean {
    return !Number.isNaN(this.prepared(channel).exactIntegerSum);
  }

  /** Returns the value cached under `key`, computing it with `compute` on first use in this cell. */
  memo<T>(key: string, compute: () => T): T {
    const cached = this.cache.get(key);
    // One lookup in the common case; `has` only tells a cached undefined from a missing key.
    if (cached !== undefined || this.cache.has(key)) return cached as T;
    const value = compute();
    this.cache.set(key, value);
    return value;
  }

  private prepared(channel: number): MaskedChannel {
    let prepared = this.channels[channel];
    if (!prepared) {
      prepared = maskChannel(this.cell.image[channel], this.cell.mask[channel], channel, this.scratch);
      this.channels[channel] = prepared;
    }
    return prepared;
  }
}

/** One pass over image and mask: S, the mask's pixel list and what S is outside the mask. */
function maskChannel(
  image: Float64Array,
  mask: Uint8Array,
  channel: number,
  scratch: FeatureScratch,
): MaskedChannel {
  const length = image.length;
  // Every value is written below, so the buffer's old contents do not matter.
  const plane = scratch.plane(channel, length);
  const list = scratch.list(channel, length);
  let count = 0;
  let zeroOutsideMask = true;
  for (let i = 0; i < length; i++) {
    const inside = mask[i];
    // A product, not a select, so that NaN or inf pixels behave exactly as numpy's image * mask.
    const value = image[i] * inside;
    plane[i] = value;
    if (inside !== 0) list[count++] = i;
    else if (value !== 0) zeroOutsideMask = false;
  }
  let exactIntegerSum = Number.NaN;
  if (zeroOutsideMask) {
    // The ±0 outside the mask are integers that change neither sum.
    let sum = 0;
    let magnitude = 0;
    let integral = true;
    for (let k = 0; k < count; k++) {
      const value = plane[list[k]];
      sum += value;
      magnitude += Math.abs(value);
      if (value !== Math.floor(value)) integral = false;
    }
    if (integral && magnitude <= EXACT_INTEGER_SUM_LIMIT) exactIntegerSum = sum;
  }
  return { plane, pixels: list.subarray(0, count), zeroOutsideMask, exactIntegerSum };
}
