import { createHash } from "node:crypto";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readCropSource } from "../../src/dl/cellImageReader.js";
import {
  type CropSource,
  checkCropOptions,
  copyKeptPixels,
  cropBatch,
  cropInto,
  cropPadGeometry,
  planarSource,
} from "../../src/dl/crops.js";
import { readCellSync } from "../../src/io/cellFile.js";
import { loadHdf5 } from "../../src/io/hdf5Library.js";
import { IFC_SMALL } from "../helpers/fixtures.js";
import { decodeFloats, type EncodedFloat, loadVectors } from "../reference/loadVectors.js";

interface SmallCase {
  name: string;
  shape: [number, number, number];
  image: EncodedFloat[];
  channels: number[];
  size: number;
  factor: number;
  expected: EncodedFloat[];
}
interface CellCase {
  file: string;
  channels: number[];
  size: number;
  factor: number;
  sha256: string;
  corner: EncodedFloat[];
  centre: EncodedFloat[];
}
const vectors = loadVectors<{ small: SmallCase[]; cells: CellCase[] }>("dl_crop_vectors");

beforeAll(async () => {
  await loadHdf5();
});

function interleaved(c: SmallCase): CropSource {
  const [height, width, channels] = c.shape;
  return { layout: "interleaved", height, width, channels, data: decodeFloats(c.image) };
}

/** The planes of an interleaved (H, W, C) source. */
function toPlanar(source: Extract<CropSource, { layout: "interleaved" }>): CropSource {
  const planes = Array.from({ length: source.channels }, (_, c) =>
    Float64Array.from(
      { length: source.height * source.width },
      (_, p) => source.data[p * source.channels + c],
    ),
  );
  return { layout: "planar", height: source.height, width: source.width, channels: source.channels, planes };
}

function sameFloat32(actual: Float32Array, expected: Float64Array): string[] {
  const wrong: string[] = [];
  expected.forEach((e, i) => {
    if (!(Object.is(actual[i], e) || actual[i] === e)) wrong.push(`[${i}] ${actual[i]} ≠ ${e}`);
  });
  return wrong;
}

describe("cropPadGeometry", () => {
  it("cuts floor(difference / 2) first and pads floor(difference / 2) first, the rest after", () => {
    expect(cropPadGeometry(10, 5)).toEqual({ start: 2, keep: 5, padBefore: 0, padAfter: 0 });
    expect(cropPadGeometry(9, 4)).toEqual({ start: 2, keep: 4, padBefore: 0, padAfter: 0 });
    expect(cropPadGeometry(4, 9)).toEqual({ start: 0, keep: 4, padBefore: 2, padAfter: 3 });
    expect(cropPadGeometry(3, 6)).toEqual({ start: 0, keep: 3, padBefore: 1, padAfter: 2 });
    expect(cropPadGeometry(6, 6)).toEqual({ start: 0, keep: 6, padBefore: 0, padAfter: 0 });
    expect(() => cropPadGeometry(0, 4)).toThrow(/side must be ≥ 1/);
    expect(() => cropPadGeometry(4, 0)).toThrow(/crop size must be ≥ 1/);
  });
});

describe("crops equal scifAI's DatasetGenerator (float32, bit for bit)", () => {
  for (const c of vectors.small) {
    it(c.name, () => {
      const source = interleaved(c);
      const options = {
        channels: c.channels,
        size: c.size,
        scaling: { kind: "divide" as const, factor: c.factor },
      };
      const expected = decodeFloats(c.expected);
      const fromInterleaved = cropBatch([source], options);
      const fromPlanes = cropBatch(
        [toPlanar(source as Extract<CropSource, { layout: "interleaved" }>)],
        options,
      );
      expect(fromInterleaved.length).toBe(expected.length);
      expect(sameFloat32(fromInterleaved, expected)).toEqual([]);
      expect(sameFloat32(fromPlanes, expected)).toEqual([]);
    });
  }

  for (const c of vectors.cells) {
    it(`fixture cell ${c.file} at ${c.size} px`, () => {
      const options = {
        channels: c.channels,
        size: c.size,
        scaling: { kind: "divide" as const, factor: c.factor },
      };
      const path = join(IFC_SMALL, c.file);
      for (const source of [readCropSource(path), planarSource(readCellSync(path))]) {
        const crop = cropBatch([source], options);
        const plane = c.size * c.size;
        const corner = c.channels.map((_, i) => crop[i * plane]);
        const centre = c.channels.map((_, i) => crop[i * plane + (c.size >> 1) * c.size + (c.size >> 1)]);
        expect(corner).toEqual(Array.from(decodeFloats(c.corner)));
        expect(centre).toEqual(Array.from(decodeFloats(c.centre)));
        const digest = createHash("sha256")
          .update(new Uint8Array(crop.buffer, crop.byteOffset, crop.byteLength))
          .digest("hex");
        expect(digest).toBe(c.sha256);
      }
    });
  }
});

describe("min–max scaling", () => {
  it("maps [lower, upper] onto [0, 1] per channel, clips, and pads with the mean of the clipped values", () => {
    // 2 × 3 image, 2 channels, interleaved.
    const data = Float64Array.from([0, 100, 50, 200, 100, 300, 150, 400, 200, 500, 250, 600]);
    const source: CropSource = { layout: "interleaved", height: 2, width: 3, channels: 2, data };
    const out = new Float32Array(2 * 16);
    cropInto(
      source,
      { channels: [1, 0], size: 4, scaling: { kind: "minmax", lower: [200, 0], upper: [400, 200] } },
      out,
    );
    // Rows pad 1 before and 1 after; columns pad 0 before and 1 after.
    const channel1 = [0, 0, 0.5, 1, 1, 1]; // (100..600 − 200) / 200 clipped
    const channel0 = [0, 0.25, 0.5, 0.75, 1, 1];
    const mean = (values: number[]) => Math.fround(values.reduce((a, b) => a + b, 0) / values.length);
    const expectPlane = (offset: number, kept: number[]) => {
      const fill = mean(kept);
      const plane = Array.from(out.subarray(offset, offset + 16));
      expect(plane).toEqual([
        fill,
        fill,
        fill,
        fill,
        kept[0],
        kept[1],
        kept[2],
        fill,
        kept[3],
        kept[4],
        kept[5],
        fill,
        fill,
        fill,
        fill,
        fill,
      ]);
    };
    expectPlane(0, channel1);
    expectPlane(16, channel0);
  });

  it("maps a channel whose bounds are equal to 0, padding included", () => {
    const source: CropSource = { layout: "planar", height: 1, width: 1, channels: 1, planes: [[7]] };
    const out = cropBatch([source], {
      channels: [0],
      size: 3,
      scaling: { kind: "minmax", lower: [5], upper: [5] },
    });
    expect(Array.from(out)).toEqual(new Array(9).fill(0));
  });
});

describe("checkCropOptions and errors", () => {
  it("rejects bad sizes, channels, factors and bounds with clear messages", () => {
    const divide = { kind: "divide" as const, factor: 4095 };
    expect(() => checkCropOptions({ channels: [0], size: 0, scaling: divide })).toThrow(/crop size/);
    expect(() => checkCropOptions({ channels: [], size: 4, scaling: divide })).toThrow(
      /at least one channel/,
    );
    expect(() => checkCropOptions({ channels: [-1], size: 4, scaling: divide })).toThrow(/0-based/);
    expect(() =>
      checkCropOptions({ channels: [0], size: 4, scaling: { kind: "divide", factor: 0 } }),
    ).toThrow(/positive/);
    expect(() =>
      checkCropOptions({ channels: [0, 1], size: 4, scaling: { kind: "minmax", lower: [0], upper: [1] } }),
    ).toThrow(/1 lower and 1 upper bounds for 2 selected channels/);
    expect(() =>
      checkCropOptions({ channels: [0], size: 4, scaling: { kind: "minmax", lower: [2], upper: [1] } }),
    ).toThrow(/reversed/);
    const source: CropSource = { layout: "planar", height: 2, width: 2, channels: 1, planes: [[1, 2, 3, 4]] };
    expect(() => cropBatch([source], { channels: [1], size: 2, scaling: divide })).toThrow(
      /channel 1 \(0-based\) selected, but the image has 1 channels/,
    );
  });
});

describe("copyKeptPixels", () => {
  it("copies the raw pixels a crop keeps, without padding", () => {
    const data = Float64Array.from({ length: 5 * 2 * 2 }, (_, i) => i);
    const source: CropSource = { layout: "interleaved", height: 5, width: 2, channels: 2, data };
    const out = new Float64Array(10);
    // Rows: 5 → 3 keeps rows 1..3; columns: 2 < 3 keeps both.
    expect(copyKeptPixels(source, 1, 3, out, 1)).toBe(6);
    expect(Array.from(out.subarray(1, 7))).toEqual([5, 7, 9, 11, 13, 15]);
  });
});
