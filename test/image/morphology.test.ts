import { describe, expect, it } from "vitest";
import {
  binaryClosing,
  binaryDilation,
  binaryErosion,
  disk,
  type Footprint,
} from "../../src/image/morphology.js";
import { loadVectors } from "../reference/loadVectors.js";

interface DiskCase {
  radius: number;
  size: number;
  footprint: number[];
}
interface MorphologyCase {
  name: string;
  height: number;
  width: number;
  footprintHeight: number;
  footprintWidth: number;
  footprint: number[];
  mask: number[];
  dilation: number[];
  erosion: number[];
  closing: number[];
}

const vectors = loadVectors<{ disk: DiskCase[]; morphology: MorphologyCase[] }>("morphology_vectors");

function grid(rows: string[]): Uint8Array {
  return Uint8Array.from(rows.join(""), (ch) => (ch === "#" ? 1 : 0));
}

function show(data: Uint8Array, width: number): string[] {
  const rows: string[] = [];
  for (let i = 0; i < data.length; i += width) {
    rows.push(Array.from(data.subarray(i, i + width), (v) => (v ? "#" : ".")).join(""));
  }
  return rows;
}

describe("disk", () => {
  it("is a plus for radius 1 and a single pixel for radius 0", () => {
    expect(show(disk(1).data, 3)).toEqual([".#.", "###", ".#."]);
    expect(Array.from(disk(0).data)).toEqual([1]);
  });

  it("rejects a negative or fractional radius", () => {
    expect(() => disk(-1)).toThrow(RangeError);
    expect(() => disk(1.5)).toThrow(RangeError);
  });

  for (const c of vectors.disk) {
    it(`matches skimage.morphology.disk(${c.radius})`, () => {
      const footprint = disk(c.radius);
      expect(footprint.width).toBe(c.size);
      expect(Array.from(footprint.data)).toEqual(c.footprint);
    });
  }
});

describe("binary morphology", () => {
  const plus = disk(1);

  it("dilates a point into the footprint and treats the outside as background", () => {
    const mask = grid(["#....", ".....", "....."]);
    expect(show(binaryDilation(mask, 5, 3, plus), 5)).toEqual(["##...", "#....", "....."]);
  });

  it("erodes with the outside counted as set, so border objects keep their border pixels", () => {
    const mask = grid(["###..", "###..", "###.."]);
    expect(show(binaryErosion(mask, 5, 3, plus), 5)).toEqual(["##...", "##...", "##..."]);
  });

  it("closes a one-pixel gap, keeping the line ends at the border", () => {
    const line: Footprint = { width: 3, height: 1, data: Uint8Array.of(1, 1, 1) };
    const mask = grid([".....", "##.##", "....."]);
    expect(show(binaryClosing(mask, 5, 3, line), 5)).toEqual([".....", "#####", "....."]);
  });

  it("rejects footprints of even size", () => {
    const even: Footprint = { width: 2, height: 2, data: new Uint8Array(4).fill(1) };
    expect(() => binaryDilation(new Uint8Array(9), 3, 3, even)).toThrow(RangeError);
  });

  for (const c of vectors.morphology) {
    it(`matches scikit-image dilation, erosion and closing: ${c.name}`, () => {
      const footprint: Footprint = {
        width: c.footprintWidth,
        height: c.footprintHeight,
        data: Uint8Array.from(c.footprint),
      };
      const mask = Uint8Array.from(c.mask);
      expect(Array.from(binaryDilation(mask, c.width, c.height, footprint))).toEqual(c.dilation);
      expect(Array.from(binaryErosion(mask, c.width, c.height, footprint))).toEqual(c.erosion);
      expect(Array.from(binaryClosing(mask, c.width, c.height, footprint))).toEqual(c.closing);
    });
  }
});
