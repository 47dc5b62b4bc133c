import { createRandom, type SeededRandom } from "../util/random.js";

/**
 * Seeded augmentations of float32 [C, S, S] crops for training exports. Every choice comes from
 * the project's PRNG, seeded per (seed, row, copy), so an export is the same whatever the number
 * of worker threads or the batch size.
 */
export interface AugmentationOptions {
  /** Flip left–right and up–down, each with probability 1/2. */
  readonly flips?: boolean;
  /** Rotate by 0, 90, 180 or 270 degrees, uniformly (counter-clockwise, as np.rot90). */
  readonly rotations?: boolean;
  /** Standard deviation of added Gaussian noise (0 or absent: none). */
  readonly noiseStd?: number;
  /** Probability of adding the noise to a copy (default 1). */
  readonly noiseProbability?: number;
  /**
   * Random resized crop (torchvision's RandomResizedCrop): a window of a random share of the area
   * in [minScale, maxScale] and aspect ratio in [minRatio, maxRatio] (log-uniform), resized
   * back to S × S bilinearly.
   */
  readonly resizedCrop?: {
    readonly minScale: number;
    readonly maxScale: number;
    readonly minRatio?: number;
    readonly maxRatio?: number;
  };
}

/** Checks augmentation options, throwing a RangeError naming the bad value. */
export function checkAugmentationOptions(options: AugmentationOptions): void {
  const noise = options.noiseStd ?? 0;
  if (!(Number.isFinite(noise) && noise >= 0))
    throw new RangeError(`noise standard deviation must be ≥ 0, got ${noise}`);
  const probability = options.noiseProbability ?? 1;
  if (!(probability >= 0 && probability <= 1))
    throw new RangeError(`noise probability must be in [0, 1], got ${probability}`);
  const crop = options.resizedCrop;
  if (crop) {
    if (!(crop.minScale > 0 && crop.minScale <= crop.maxScale && crop.maxScale <= 1))
      throw new RangeError(
        `resized-crop scales must satisfy 0 < min ≤ max ≤ 1, got ${crop.minScale}–${crop.maxScale}`,
      );
    const minRatio = crop.minRatio ?? 3 / 4;
    const maxRatio = crop.maxRatio ?? 4 / 3;
    if (!(minRatio > 0 && minRatio <= maxRatio))
      throw new RangeError(`resized-crop ratios must satisfy 0 < min ≤ max, got ${minRatio}–${maxRatio}`);
  }
}

/** True when the options change anything. */
export function augments(options: AugmentationOptions): boolean {
  return Boolean(options.flips || options.rotations || (options.noiseStd ?? 0) > 0 || options.resizedCrop);
}

/**
 * The generator of one augmented copy: a function of (seed, row, copy) only, so that the same
 * export gives the same images however the work is split. Rows and copies are whole numbers ≥ 0.
 */
export function augmentationRandom(seed: number, row: number, copy: number): SeededRandom {
  // Mixes the three numbers into one 53-bit seed; SplitMix64 inside createRandom does the rest.
  let h = Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(row | 0, 0x85ebca77) ^ Math.imul(copy | 0, 0xc2b2ae3d);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= h >>> 16;
  const high = Math.floor(seed / 4294967296) ^ (row >>> 0) ^ Math.imul(copy, 0x27d4eb2f);
  return createRandom((h >>> 0) + (high & 0x1fffff) * 4294967296);
}

/**
 * Applies the augmentations to one crop of `channels` × `size` × `size` float32 values at
 * `offset` of `image`, in place, in this order: resized crop, flips, rotation, noise (the same
 * transform for every channel, noise drawn per value). Returns a short description such as
 * "crop(3,5,40x44) flip-x rot90 noise" ("" when nothing changed).
 */
export function augmentCrop(
  image: Float32Array,
  offset: number,
  channels: number,
  size: number,
  options: AugmentationOptions,
  random: SeededRandom,
): string {
  const parts: string[] = [];
  const plane = size * size;
  const scratch = new Float32Array(plane);
  if (options.resizedCrop) {
    const window = resizedCropWindow(size, options.resizedCrop, random);
    if (!(window.top === 0 && window.left === 0 && window.height === size && window.width === size)) {
      for (let c = 0; c < channels; c++) resizeWindow(image, offset + c * plane, size, window, scratch);
      parts.push(`crop(${window.top},${window.left},${window.height}x${window.width})`);
    }
  }
  if (options.flips) {
    const flipX = random.uniform() < 0.5;
    const flipY = random.uniform() < 0.5;
    for (let c = 0; c < channels; c++) {
      const at = offset + c * plane;
      if (flipX) flipColumns(image, at, size);
      if (flipY) flipRows(image, at, size);
    }
    if (flipX) parts.push("flip-x");
    if (flipY) parts.push("flip-y");
  }
  if (options.rotations) {
    const quarterTurns = random.integer(4);
    if (quarterTurns > 0) {
      for (let c = 0; c < channels; c++) rotate90(image, offset + c * plane, size, quarterTurns, scratch);
      parts.push(`rot${quarterTurns * 90}`);
    }
  }
  const noise = options.noiseStd ?? 0;
  if (noise > 0 && random.uniform() < (options.noiseProbability ?? 1)) {
    const end = offset + channels * plane;
    for (let i = offset; i < end; i++) image[i] += noise * random.normal();
    parts.push("noise");
  }
  return parts.join(" ");
}

/** Mirrors the columns of one S × S plane (left ↔ right). */
export function flipColumns(image: Float32Array, offset: number, size: number): void {
  for (let y = 0; y < size; y++) {
    const row = offset + y * size;
    for (let a = row, b = row + size - 1; a < b; a++, b--) {
      const swap = image[a];
      image[a] = image[b];
      image[b] = swap;
    }
  }
}

/** Mirrors the rows of one S × S plane (top ↔ bottom). */
export function flipRows(image: Float32Array, offset: number, size: number): void {
  for (let top = 0, bottom = size - 1; top < bottom; top++, bottom--) {
    for (let x = 0; x < size; x++) {
      const a = offset + top * size + x;
      const b = offset + bottom * size + x;
      const swap = image[a];
      image[a] = image[b];
      image[b] = swap;
    }
  }
}

/**
 * Rotates one S × S plane counter-clockwise by `quarterTurns` × 90° (np.rot90(plane, k)),
 * using `scratch` (S × S values) as temporary space.
 */
export function rotate90(
  image: Float32Array,
  offset: number,
  size: number,
  quarterTurns: number,
  scratch: Float32Array,
): void {
  const turns = ((quarterTurns % 4) + 4) % 4;
  if (turns === 0) return;
  const last = size - 1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Output (y, x) reads input: k=1 → (x, last − y); k=2 → (last − y, last − x); k=3 → (last − x, y).
      let sourceY: number;
      let sourceX: number;
      if (turns === 1) {
        sourceY = x;
        sourceX = last - y;
      } else if (turns === 2) {
        sourceY = last - y;
        sourceX = last - x;
      } else {
        sourceY = last - x;
        sourceX = y;
      }
      scratch[y * size + x] = image[offset + sourceY * size + sourceX];
    }
  }
  image.set(scratch.subarray(0, size * size), offset);
}

/** A window of an S × S crop: rows [top, top + height), columns [left, left + width). */
export interface CropWindow {
  top: number;
  left: number;
  height: number;
  width: number;
}

/**
 * torchvision RandomResizedCrop.get_params on an S × S image with our PRNG: up to 10 draws of an
 * area share and a log-uniform aspect ratio; the whole image when none fits.
 */
export function resizedCropWindow(
  size: number,
  options: NonNullable<AugmentationOptions["resizedCrop"]>,
  random: SeededRandom,
): CropWindow {
  const area = size * size;
  const logMin = Math.log(options.minRatio ?? 3 / 4);
  const logMax = Math.log(options.maxRatio ?? 4 / 3);
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * (options.minScale + (options.maxScale - options.minScale) * random.uniform());
    const ratio = Math.exp(logMin + (logMax - logMin) * random.uniform());
    const width = Math.round(Math.sqrt(target * ratio));
    const height = Math.round(Math.sqrt(target / ratio));
    if (width > 0 && width <= size && height > 0 && height <= size) {
      return {
        top: random.integer(size - height + 1),
        left: random.integer(size - width + 1),
        height,
        width,
      };
    }
  }
  return { top: 0, left: 0, height: size, width: size };
}

/**
 * Resizes the window of one S × S plane back to S × S, bilinearly with half-pixel centres
 * (align_corners=False, edges clamped), in place; `scratch` holds S × S values.
 */
export function resizeWindow(
  image: Float32Array,
  offset: number,
  size: number,
  window: CropWindow,
  scratch: Float32Array,
): void {
  const scaleY = window.height / size;
  const scaleX = window.width / size;
  for (let y = 0; y < size; y++) {
    const sy = Math.min(Math.max((y + 0.5) * scaleY - 0.5, 0), window.height - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, window.height - 1);
    const fy = sy - y0;
    const row0 = offset + (window.top + y0) * size + window.left;
    const row1 = offset + (window.top + y1) * size + window.left;
    for (let x = 0; x < size; x++) {
      const sx = Math.min(Math.max((x + 0.5) * scaleX - 0.5, 0), window.width - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, window.width - 1);
      const fx = sx - x0;
      const top = image[row0 + x0] + (image[row0 + x1] - image[row0 + x0]) * fx;
      const bottom = image[row1 + x0] + (image[row1 + x1] - image[row1 + x0]) * fx;
      scratch[y * size + x] = top + (bottom - top) * fy;
    }
  }
  image.set(scratch.subarray(0, size * size), offset);
}
