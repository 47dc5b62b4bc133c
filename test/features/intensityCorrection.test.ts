import { describe, expect, it } from "vitest";
import { GradientRMS } from "../../src/features/gradientRms.js";
import {
  IntensityCorrection,
  type IntensityRange,
  rescaleIntensity,
} from "../../src/features/intensityCorrection.js";
import { Pipeline } from "../../src/features/pipeline.js";
import type { CellImage } from "../../src/image/cellImage.js";
import { decodeFloats, type EncodedFloat, loadVectors } from "../reference/loadVectors.js";

interface RescaleCase {
  name: string;
  values: EncodedFloat[];
  inRange: [number, number] | "image";
  outRange: [number, number];
  expected: EncodedFloat[];
}

const vectors = loadVectors<{ cases: RescaleCase[] }>("dl_rescale_intensity_vectors");

function cellOf(planes: Float64Array[], height: number, width: number): CellImage {
  return { height, width, channels: planes.length, image: planes, mask: null };
}

describe("rescaleIntensity matches scikit-image 0.19.3 rescale_intensity", () => {
  for (const c of vectors.cases) {
    it(c.name, () => {
      const values = decodeFloats(c.values);
      const expected = decodeFloats(c.expected);
      const [inMin, inMax] = c.inRange === "image" ? [Number.NaN, Number.NaN] : [c.inRange[0], c.inRange[1]];
      // "image" ranges go through the transform, which computes the plane's min and max.
      const transform = new IntensityCorrection([c.inRange], [c.outRange]);
      const viaTransform = transform.transformCell(cellOf([values], 1, values.length)).image[0];
      const out = new Float64Array(values.length);
      if (c.inRange !== "image") rescaleIntensity(values, inMin, inMax, c.outRange[0], c.outRange[1], out);
      // Same operations in the same order as NumPy: every value is bit-identical (NaN matches NaN).
      for (let i = 0; i < expected.length; i++) {
        expect(
          Object.is(viaTransform[i], expected[i]) || viaTransform[i] === expected[i],
          `${c.name} [${i}]`,
        ).toBe(true);
        if (c.inRange !== "image") expect(out[i]).toStrictEqual(expected[i]);
      }
    });
  }
});

describe("IntensityCorrection as a pipeline step", () => {
  const height = 3;
  const width = 4;
  const planes = [0, 1].map((c) => Float64Array.from({ length: height * width }, (_, i) => i * 100 + c * 7));
  const mask = [new Uint8Array(12).fill(1), new Uint8Array(12)];
  const cell: CellImage = { height, width, channels: 2, image: planes, mask };

  it("maps each channel with its own ranges and leaves the input and the masks alone", () => {
    const before = planes.map((p) => Float64Array.from(p));
    const out = new IntensityCorrection(
      [
        [0, 1100],
        [100, 200],
      ],
      [
        [0, 1],
        [0, 10],
      ],
    ).transformCell(cell);
    expect(out.image[0][11]).toBe(1);
    expect(out.image[0][5]).toBeCloseTo(500 / 1100, 15);
    expect(Array.from(out.image[1].subarray(0, 4))).toEqual([0, 0.7000000000000001, 10, 10]);
    expect(out.mask).toBe(mask);
    planes.forEach((p, c) => {
      expect(p).toEqual(before[c]);
    });
  });

  it("throws a clear error when the number of ranges differs from the number of channels", () => {
    const three: IntensityRange[] = [
      [0, 1],
      [0, 1],
      [0, 1],
    ];
    const transform = new IntensityCorrection(three, [
      [0, 1],
      [0, 1],
      [0, 1],
    ]);
    expect(() => transform.transformCell(cell)).toThrow(/3 intensity ranges for a cell with 2 channels/);
    expect(() => transform.outputChannels(5)).toThrow(/3 intensity ranges for a cell with 5 channels/);
    expect(() => new IntensityCorrection([[0, 1]], [])).toThrow(/1 input ranges but 0 output ranges/);
    expect(() => new IntensityCorrection([[2, 1]], [[0, 1]])).toThrow(/reversed/);
    expect(() => new IntensityCorrection([[0, Number.NaN]], [[0, 1]])).toThrow(/finite/);
  });

  it("runs before the features in a Pipeline", () => {
    const correction = new IntensityCorrection(
      [
        [0, 1100],
        [0, 1100],
      ],
      [
        [0, 2],
        [0, 2],
      ],
    );
    const pipeline = new Pipeline([
      ["correct", correction],
      ["features", new GradientRMS()],
    ]);
    const direct = new Float64Array(2);
    const corrected = new Float64Array(2);
    new Pipeline([["features", new GradientRMS()]]).computeInto(correction.transformCell(cell), direct);
    pipeline.computeInto(cell, corrected);
    expect(corrected).toEqual(direct);
    expect(pipeline.columnNames(2)).toEqual(new GradientRMS().columnNames(2));
    expect(() => pipeline.columnNames(3)).toThrow(/2 intensity ranges for a cell with 3 channels/);
  });
});
