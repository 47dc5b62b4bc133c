import type { MaskedCellImage } from "../image/cellImage.js";
import { pairwiseSum } from "../image/statistics.js";

/**
 * Per-cell scratch shared by the families of one feature set, so that work two families need
 * (image × mask products, region properties) is done once per cell. Create one per cell.
 */
export class FeatureContext {
  private readonly cache = new Map<string, unknown>();
  private readonly maskedPlanes: (Float64Array | undefined)[];
  private readonly maskedSums: (number | undefined)[];
  private readonly maskLists: (Int32Array | undefined)[];

  constructor(readonly cell: MaskedCellImage) {
    this.maskedPlanes = new Array(cell.channels);
    this.maskedSums = new Array(cell.channels);
    this.maskLists = new Array(cell.channels);
  }

  /** ΣS of channel c as NumPy's `np.sum` gives it (pairwise), computed once. */
  maskedSum(channel: number): number {
    let sum = this.maskedSums[channel];
    if (sum === undefined) {
      const plane = this.masked(channel);
      sum = pairwiseSum(plane, plane.length);
      this.maskedSums[channel] = sum;
    }
    return sum;
  }

  /** Indices of the pixels where mask_c is not 0, ascending, computed once. */
  maskPixels(channel: number): Int32Array {
    let list = this.maskLists[channel];
    if (!list) {
      const mask = this.cell.mask[channel];
      let count = 0;
      for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) count++;
      list = new Int32Array(count);
      for (let i = 0, k = 0; i < mask.length; i++) if (mask[i] !== 0) list[k++] = i;
      this.maskLists[channel] = list;
    }
    return list;
  }

  /** image_c × mask_c (the `S` of the scifAI definitions) for channel c (0-based), computed once. */
  masked(channel: number): Float64Array {
    let plane = this.maskedPlanes[channel];
    if (!plane) {
      const image = this.cell.image[channel];
      const mask = this.cell.mask[channel];
      plane = new Float64Array(image.length);
      // A product, not a select, so that NaN or inf pixels behave exactly as numpy's image * mask.
      for (let i = 0; i < image.length; i++) plane[i] = image[i] * mask[i];
      this.maskedPlanes[channel] = plane;
    }
    return plane;
  }

  /** Returns the value cached under `key`, computing it with `compute` on first use in this cell. */
  memo<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = compute();
    this.cache.set(key, value);
    return value;
  }
}
