import type { MaskedCellImage } from "../image/cellImage.js";

/**
 * Per-cell scratch shared by the families of one feature set, so that work two families need
 * (image × mask products, region properties) is done once per cell. Create one per cell.
 */
export class FeatureContext {
  private readonly cache = new Map<string, unknown>();
  private readonly maskedPlanes: (Float64Array | undefined)[];

  constructor(readonly cell: MaskedCellImage) {
    this.maskedPlanes = new Array(cell.channels);
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
