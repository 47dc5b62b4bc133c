import { readdirSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { segmentCell } from "../../src/features/segmentation.js";
import { type CellImage, deinterleave, deinterleaveMask } from "../../src/image/cellImage.js";
import { readCell } from "../../src/io/cellFile.js";
import { hdf5, loadHdf5 } from "../../src/io/hdf5Library.js";
import { IFC_REFERENCE, IFC_SMALL } from "../helpers/fixtures.js";

const SEGMENTATION = `${IFC_REFERENCE}/segmentation`;
const segmentationFiles = readdirSync(SEGMENTATION)
  .filter((name) => name.endsWith(".h5"))
  .sort();

/** Reads `image` and `expected_mask` (both H × W × C) of a segmentation fixture. */
function readSegmentationFixture(path: string): { cell: CellImage; expected: Uint8Array[] } {
  const file = new (hdf5().File)(path, "r");
  try {
    const image = file.get("image") as InstanceType<ReturnType<typeof hdf5>["Dataset"]>;
    const mask = file.get("expected_mask") as InstanceType<ReturnType<typeof hdf5>["Dataset"]>;
    const [height, width, channels] = image.shape as number[];
    const cell: CellImage = {
      height,
      width,
      channels,
      image: deinterleave(image.value as ArrayLike<number>, height, width, channels),
      mask: null,
    };
    return { cell, expected: deinterleaveMask(mask.value as ArrayLike<number>, height, width, channels) };
  } finally {
    file.close();
  }
}

function plane(rows: string[]): { data: Float64Array; width: number; height: number } {
  return {
    data: Float64Array.from(rows.join(""), (ch) => (ch === "#" ? 10 : 1)),
    width: rows[0].length,
    height: rows.length,
  };
}

beforeAll(async () => {
  await loadHdf5();
});

describe("segmentCell on hand-made cells", () => {
  it("gives empty masks for constant channels", () => {
    const cell: CellImage = {
      height: 4,
      width: 5,
      channels: 2,
      image: [new Float64Array(20).fill(3), new Float64Array(20).fill(7)],
      mask: null,
    };
    const masks = segmentCell(cell);
    expect(masks.map((m) => m.reduce((a, b) => a + b, 0))).toEqual([0, 0]);
  });

  it("keeps a bright square, closes it and drops small specks in a fluorescent channel", () => {
    // 12×12 plane: a 5×5 bright square with a hole and a separate 1-pixel speck. The square
    // stays two pixels from the border: closing treats the outside as set, so an object one
    // pixel from the border would grow into that pixel row.
    const square = plane([
      "............",
      "............",
      "..#####.....",
      "..#####.....",
      "..##.##.....",
      "..#####.....",
      "..#####.....",
      "............",
      ".........#..",
      "............",
      "............",
      "............",
    ]);
    const cell: CellImage = {
      height: 12,
      width: 12,
      channels: 2,
      image: [new Float64Array(144).fill(1), square.data],
      mask: null,
    };
    const [, mask] = segmentCell(cell, { minSize: 3, diskRadius: 1 });
    let inSquare = 0;
    for (let r = 2; r <= 6; r++) for (let c = 2; c <= 6; c++) inSquare += mask[r * 12 + c];
    expect(inSquare).toBe(25);
    expect(mask[8 * 12 + 9]).toBe(0);
    expect(mask.reduce((a, b) => a + b, 0)).toBe(25);
  });
});

describe("segmentCell against scifAI's segment_all_channels", () => {
  it("finds the segmentation fixtures", () => {
    expect(segmentationFiles.length).toBeGreaterThanOrEqual(8);
  });

  let compared = 0;
  for (const name of segmentationFiles) {
    it(`reproduces every pixel of ${name}`, () => {
      const { cell, expected } = readSegmentationFixture(`${SEGMENTATION}/${name}`);
      const masks = segmentCell(cell);
      expect(masks.length).toBe(cell.channels);
      for (let channel = 0; channel < cell.channels; channel++) {
        let mismatches = 0;
        for (let i = 0; i < masks[channel].length; i++)
          if (masks[channel][i] !== expected[channel][i]) mismatches++;
        expect(mismatches, `channel ${channel + 1}`).toBe(0);
        compared += masks[channel].length;
      }
    });
  }

  it("matches segmentation_mask_sums.csv for the files without a mask", async () => {
    const lines = readFileSync(`${IFC_REFERENCE}/segmentation_mask_sums.csv`, "utf8").trim().split("\n");
    expect(lines[0].split(",").slice(1)).toEqual([
      "mask_sum_Ch1",
      "mask_sum_Ch2",
      "mask_sum_Ch3",
      "mask_sum_Ch4",
      "mask_sum_Ch5",
    ]);
    for (const line of lines.slice(1)) {
      const [file, ...sums] = line.split(",");
      const cell = await readCell(`${IFC_SMALL}/${file}`);
      expect(cell.mask).toBeNull();
      const masks = segmentCell(cell);
      expect(masks.map((m) => m.reduce((a, b) => a + b, 0))).toEqual(sums.map(Number));
    }
    console.log(`segmentation: ${compared} mask pixels compared with the Python masks, all equal`);
  });
});
