import { describe, expect, it } from "vitest";
import {
  augmentationRandom,
  augmentCrop,
  checkAugmentationOptions,
  flipColumns,
  flipRows,
  resizedCropWindow,
  resizeWindow,
  rotate90,
} from "../../src/dl/augmentations.js";
import { createRandom } from "../../src/util/random.js";

/** A 3 × 3 plane 1…9 (row-major) at offset 2 of a longer array. */
function plane(): Float32Array {
  return Float32Array.from([-1, -2, 1, 2, 3, 4, 5, 6, 7, 8, 9, -3]);
}
const at = (a: Float32Array) => Array.from(a.subarray(2, 11));

describe("flips and rotations (NumPy's fliplr, flipud, rot90)", () => {
  it("mirror and rotate one plane in place, leaving the rest alone", () => {
    const a = plane();
    flipColumns(a, 2, 3);
    expect(at(a)).toEqual([3, 2, 1, 6, 5, 4, 9, 8, 7]);
    const b = plane();
    flipRows(b, 2, 3);
    expect(at(b)).toEqual([7, 8, 9, 4, 5, 6, 1, 2, 3]);
    const scratch = new Float32Array(9);
    // np.rot90([[1,2,3],[4,5,6],[7,8,9]], k) for k = 1, 2, 3.
    const expected = {
      1: [3, 6, 9, 2, 5, 8, 1, 4, 7],
      2: [9, 8, 7, 6, 5, 4, 3, 2, 1],
      3: [7, 4, 1, 8, 5, 2, 9, 6, 3],
    } as const;
    for (const k of [1, 2, 3] as const) {
      const c = plane();
      rotate90(c, 2, 3, k, scratch);
      expect(at(c)).toEqual(expected[k]);
      expect([c[0], c[1], c[11]]).toEqual([-1, -2, -3]);
    }
    const d = plane();
    for (let i = 0; i < 4; i++) rotate90(d, 2, 3, 1, scratch);
    expect(d).toEqual(plane());
  });
});

describe("random resized crop", () => {
  it("draws windows inside the image with the asked area and ratio, the same for the same seed", () => {
    const options = { minScale: 0.5, maxScale: 0.9 };
    const a = createRandom(5);
    const b = createRandom(5);
    for (let i = 0; i < 200; i++) {
      const w = resizedCropWindow(32, options, a);
      expect(resizedCropWindow(32, options, b)).toEqual(w);
      expect(w.top + w.height).toBeLessThanOrEqual(32);
      expect(w.left + w.width).toBeLessThanOrEqual(32);
      const share = (w.width * w.height) / (32 * 32);
      expect(share).toBeGreaterThan(0.4);
      expect(share).toBeLessThan(1);
      expect(w.width / w.height).toBeGreaterThan(0.6);
      expect(w.width / w.height).toBeLessThan(1.6);
    }
  });

  it("resizes bilinearly: the whole window is the identity, a ramp stays a ramp, a constant stays constant", () => {
    const size = 8;
    const scratch = new Float32Array(size * size);
    const ramp = Float32Array.from({ length: size * size }, (_, i) => i % size);
    const same = Float32Array.from(ramp);
    resizeWindow(same, 0, size, { top: 0, left: 0, height: size, width: size }, scratch);
    expect(same).toEqual(ramp);
    const half = Float32Array.from(ramp);
    resizeWindow(half, 0, size, { top: 2, left: 0, height: 4, width: 4 }, scratch);
    // Columns 0–3 stretched to 8 with half-pixel centres: x → clamp((x + 0.5) / 2 − 0.5, 0, 3).
    const row = Array.from(half.subarray(0, size));
    expect(row).toEqual([0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3]);
    for (let y = 1; y < size; y++) expect(Array.from(half.subarray(y * size, (y + 1) * size))).toEqual(row);
    const flat = new Float32Array(size * size).fill(0.3);
    resizeWindow(flat, 0, size, { top: 1, left: 3, height: 5, width: 3 }, scratch);
    expect(flat.every((v) => v === Math.fround(0.3))).toBe(true);
  });
});

describe("augmentCrop", () => {
  const crop = () => Float32Array.from({ length: 2 * 16 * 16 }, (_, i) => (i % 97) / 97);

  it("is a function of (seed, row, copy) only and describes what it did", () => {
    const options = {
      flips: true,
      rotations: true,
      noiseStd: 0.05,
      resizedCrop: { minScale: 0.6, maxScale: 1 },
    };
    const a = crop();
    const b = crop();
    const da = augmentCrop(a, 0, 2, 16, options, augmentationRandom(7, 123, 1));
    const db = augmentCrop(b, 0, 2, 16, options, augmentationRandom(7, 123, 1));
    expect(a).toEqual(b);
    expect(da).toBe(db);
    expect(da).toMatch(/noise/);
    const descriptions = new Set<string>();
    for (let row = 0; row < 40; row++)
      descriptions.add(augmentCrop(crop(), 0, 2, 16, options, augmentationRandom(7, row, 1)));
    expect(descriptions.size).toBeGreaterThan(10);
    const other = crop();
    augmentCrop(other, 0, 2, 16, options, augmentationRandom(7, 123, 2));
    expect(other).not.toEqual(a);
  });

  it("applies the same geometric transform to every channel", () => {
    const image = new Float32Array(2 * 9);
    image.set([1, 2, 3, 4, 5, 6, 7, 8, 9], 0);
    image.set([1, 2, 3, 4, 5, 6, 7, 8, 9], 9);
    for (let row = 0; row < 20; row++) {
      const copy = Float32Array.from(image);
      augmentCrop(copy, 0, 2, 3, { flips: true, rotations: true }, augmentationRandom(1, row, 1));
      expect(Array.from(copy.subarray(0, 9))).toEqual(Array.from(copy.subarray(9)));
      expect([...copy.subarray(0, 9)].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
  });

  it("adds Gaussian noise of the asked standard deviation", () => {
    const image = new Float32Array(4 * 64 * 64);
    augmentCrop(image, 0, 4, 64, { noiseStd: 0.1 }, augmentationRandom(0, 0, 1));
    let sum = 0;
    let squares = 0;
    for (const v of image) {
      sum += v;
      squares += v * v;
    }
    const mean = sum / image.length;
    expect(Math.abs(mean)).toBeLessThan(0.005);
    expect(Math.sqrt(squares / image.length - mean * mean)).toBeCloseTo(0.1, 2);
    const untouched = new Float32Array(16);
    expect(augmentCrop(untouched, 0, 1, 4, { noiseStd: 0.1, noiseProbability: 0 }, createRandom(1))).toBe("");
    expect(untouched.every((v) => v === 0)).toBe(true);
  });

  it("rejects impossible settings", () => {
    expect(() => checkAugmentationOptions({ noiseStd: -1 })).toThrow(/≥ 0/);
    expect(() => checkAugmentationOptions({ noiseProbability: 2 })).toThrow(/\[0, 1\]/);
    expect(() => checkAugmentationOptions({ resizedCrop: { minScale: 0.9, maxScale: 0.5 } })).toThrow(
      /min ≤ max/,
    );
    expect(() =>
      checkAugmentationOptions({ resizedCrop: { minScale: 0.5, maxScale: 1, minRatio: 0 } }),
    ).toThrow(/ratios/);
  });
});
