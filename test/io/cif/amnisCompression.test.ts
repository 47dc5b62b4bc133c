import { describe, expect, it } from "vitest";
import {
  AMNIS_BITMASK,
  AMNIS_GREYSCALE,
  AmnisDecodeError,
  decodeAmnisBitmask,
  decodeAmnisGreyscale,
  minimumCompressedBytes,
} from "../../../src/io/cif/amnisCompression.js";
import { createRandom } from "../../../src/util/random.js";
import { encodeAmnisBitmask, encodeAmnisGreyscale } from "./syntheticCif.js";

function greyscale(bytes: number[], width: number, height: number): number[] {
  const out = new Int32Array(width * height);
  decodeAmnisGreyscale(Uint8Array.from(bytes), width, height, out);
  return [...out];
}

describe("Amnis 30817 greyscale", () => {
  it("decodes hand-encoded vectors (nibbles low first, 3 value bits, bit 3 continues, bit 2 signs)", () => {
    // Row [1, 2, 2]: residuals 1, 1 (2 − left 1), 0 (2 − left 2) → nibbles 1, 1, 0 (+ zero padding).
    expect(greyscale([0x11, 0x00], 3, 1)).toEqual([1, 2, 2]);
    // Residual −1 is the single nibble 0b0111; 4 needs two nibbles (0b1100 then 0b0000).
    expect(greyscale([0x07], 1, 1)).toEqual([-1]);
    expect(greyscale([0x0c], 1, 1)).toEqual([4]);
    // 2×2 [[10, 12], [11, 20]]: residuals 10, 2, 1 (11 − up 10), 7 (20 − (12 + 11 − 10)).
    // 10 = 0b1010 → nibbles 0b1010 (2, more), 0b0001; 2 → 0b0010; 1 → 0b0001; 7 → 0b1111, 0b0000.
    expect(greyscale([0x1a, 0x12, 0x0f], 2, 2)).toEqual([10, 12, 11, 20]);
  });

  it("round-trips random images, including jumps between 0 and 65535", () => {
    const random = createRandom(11);
    for (let trial = 0; trial < 40; trial++) {
      const width = 1 + random.integer(60);
      const height = 1 + random.integer(30);
      const pixels = Int32Array.from({ length: width * height }, () => {
        const u = random.uniform();
        return u < 0.05 ? 0 : u < 0.1 ? 65535 : random.integer(4096);
      });
      const encoded = encodeAmnisGreyscale(pixels, width, height);
      const out = new Int32Array(width * height);
      decodeAmnisGreyscale(encoded, width, height, out);
      expect(out).toEqual(pixels);
    }
  });

  it("rejects data that end early, never-ending values and nonzero bytes after the last pixel", () => {
    const out = new Int32Array(4);
    expect(() => decodeAmnisGreyscale(Uint8Array.from([0x11]), 2, 2, out)).toThrow(/end after 2 of 4 pixels/);
    expect(() => decodeAmnisGreyscale(new Uint8Array(8).fill(0xff), 2, 2, out)).toThrow(
      /longer than 10 nibbles/,
    );
    expect(() => decodeAmnisGreyscale(Uint8Array.from([0x11, 0x00, 0x05]), 3, 1, out)).toThrow(
      AmnisDecodeError,
    );
    // Zero padding after the last pixel is what the instrument writes (and is accepted).
    expect(() => decodeAmnisGreyscale(Uint8Array.from([0x11, 0x00, 0x00]), 3, 1, out)).not.toThrow();
  });
});

describe("Amnis 30818 bitmask", () => {
  it("expands (value, run − 1) pairs", () => {
    const out = new Uint8Array(6);
    decodeAmnisBitmask(Uint8Array.from([0, 1, 1, 2, 3, 0]), 3, 2, out);
    expect([...out]).toEqual([0, 0, 1, 1, 1, 3]);
  });

  it("round-trips runs longer than 256 pixels", () => {
    const codes = new Uint8Array(1000);
    codes.fill(1, 100, 700);
    codes.fill(2, 990);
    const out = new Uint8Array(1000);
    decodeAmnisBitmask(encodeAmnisBitmask(codes), 100, 10, out);
    expect(out).toEqual(codes);
  });

  it("rejects overruns, shortfalls and odd lengths", () => {
    const out = new Uint8Array(4);
    expect(() => decodeAmnisBitmask(Uint8Array.from([1, 4]), 2, 2, out)).toThrow(/overrun/);
    expect(() => decodeAmnisBitmask(Uint8Array.from([1, 2]), 2, 2, out)).toThrow(/cover 3 of 4/);
    expect(() => decodeAmnisBitmask(Uint8Array.from([1, 3, 0]), 2, 2, out)).toThrow(/odd/);
  });
});

it("bounds the compressed size from below", () => {
  expect(minimumCompressedBytes(AMNIS_GREYSCALE, 11)).toBe(6);
  expect(minimumCompressedBytes(AMNIS_BITMASK, 257)).toBe(4);
});
