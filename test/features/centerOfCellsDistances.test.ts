import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CenterOfCellsDistances, EMPTY_MASK_DISTANCE } from "../../src/features/centerOfCellsDistances.js";
import { FeatureContext } from "../../src/features/featureContext.js";
import { MaskBasedFeatures } from "../../src/features/maskBasedFeatures.js";
import type { MaskedCellImage } from "../../src/image/cellImage.js";
import { readCellSync } from "../../src/io/cellFile.js";
import { loadHdf5 } from "../../src/io/hdf5Library.js";
import { compareRow, IFC_SMALL, type Mismatch, readReferenceTable } from "../helpers/fixtures.js";

function computeRow(
  family: CenterOfCellsDistances,
  cell: MaskedCellImage,
  context = new FeatureContext(cell),
) {
  const row = new Float64Array(family.columnNames(cell.channels).length).fill(Number.NaN);
  family.compute(cell, row, 0, context);
  return row;
}

/** A synthetic cell from per-channel masks and images given as rows of digits ('.' = 0). */
function syntheticCell(masks: string[][], images: number[][]): MaskedCellImage {
  const height = masks[0].length;
  const width = masks[0][0].length;
  return {
    height,
    width,
    channels: masks.length,
    image: images.map((values) => Float64Array.from(values)),
    mask: masks.map((rows) => Uint8Array.from(rows.join(""), (ch) => (ch === "#" ? 1 : 0))),
  };
}

describe("CenterOfCellsDistances", () => {
  const family = new CenterOfCellsDistances();

  beforeAll(async () => {
    await loadHdf5();
  });

  it("names the plain then the weighted distance of each pair a < b", () => {
    expect(family.columnNames(3)).toEqual([
      "cell_distance_Ch1_Ch2",
      "weighted_cell_distance_Ch1_Ch2",
      "cell_distance_Ch1_Ch3",
      "weighted_cell_distance_Ch1_Ch3",
      "cell_distance_Ch2_Ch3",
      "weighted_cell_distance_Ch2_Ch3",
    ]);
  });

  it("measures centroid distances by hand on a small cell, and -1 for an empty mask", () => {
    // Channel 1: pixels (0,0) and (0,2) → centroid (0, 1); weights 1 and 3 → weighted (0, 1.5).
    // Channel 2: pixel (3,1) → centroid (3, 1), whatever its weight.
    const cell = syntheticCell(
      [
        ["#.#", "...", "...", "..."],
        ["...", "...", "...", ".#."],
        ["...", "...", "...", "..."],
      ],
      [
        [1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0],
        [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5],
      ],
    );
    const row = computeRow(family, cell);
    expect(row[0]).toBe(3);
    expect(row[1]).toBeCloseTo(Math.sqrt(9 + 0.25), 15);
    expect(Array.from(row.subarray(2))).toEqual(new Array(4).fill(EMPTY_MASK_DISTANCE));
  });

  it("gives NaN for the weighted distance when a mask's intensities sum to zero", () => {
    const cell = syntheticCell(
      [["#."], [".#"]],
      [
        [0, 0],
        [0, 4],
      ],
    );
    const row = computeRow(family, cell);
    expect(row[0]).toBe(1);
    expect(row[1]).toBeNaN();
  });

  it("shares the per-channel region properties with MaskBasedFeatures through the context", () => {
    const cell = readCellSync(
      join(IFC_SMALL, "Experiment_2/Donor_3/-SEA/edge_split_region_1200.h5"),
    ) as MaskedCellImage;
    const context = new FeatureContext(cell);
    const keys: string[] = [];
    const memo = context.memo.bind(context);
    context.memo = <T>(key: string, compute: () => T): T =>
      memo(key, () => {
        keys.push(key);
        return compute();
      });
    new MaskBasedFeatures().compute(cell, new Float64Array(160), 0, context);
    computeRow(family, cell, context);
    expect(keys).toEqual([0, 1, 2, 3, 4].map((channel) => `regionProperties:${channel}`));
  });

  it("matches the reference columns of features.csv for every file", () => {
    const reference = readReferenceTable("features.csv");
    const names = family.columnNames(5);
    const mine = new Set(names);
    expect(reference.columns.filter((name) => mine.has(name))).toEqual(names);
    let compared = 0;
    let files = 0;
    const mismatches: Mismatch[] = [];
    for (const [file] of reference.rows) {
      const cell = readCellSync(join(IFC_SMALL, file));
      // edge_no_mask_* was computed on the segmentation's mask, which is not this family's job:
      // the lead's union-level parity test covers it once segmentation exists.
      if (cell.mask === null) continue;
      const result = compareRow(file, names, computeRow(family, cell as MaskedCellImage), reference, {
        relative: 1e-9,
      });
      compared += result.compared;
      files++;
      mismatches.push(...result.mismatches);
    }
    console.log(`CenterOfCellsDistances: compared ${compared} values over ${files} files`);
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(files).toBeGreaterThan(55);
  });

  it("computes the 3×4 image the Python tool crashed on (absent from features.csv)", () => {
    const cell = readCellSync(
      join(IFC_SMALL, "Experiment_2/Donor_3/-SEA/edge_tiny_image_1201.h5"),
    ) as MaskedCellImage;
    const row = computeRow(family, cell);
    expect(row.every((value) => Number.isFinite(value) && value >= 0)).toBe(true);
  });
});
