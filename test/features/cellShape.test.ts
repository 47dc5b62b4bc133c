import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CellShape } from "../../src/features/cellShape.js";
import { FeatureContext } from "../../src/features/featureContext.js";
import type { MaskedCellImage } from "../../src/image/cellImage.js";
import { readCellSync } from "../../src/io/cellFile.js";
import { loadHdf5 } from "../../src/io/hdf5Library.js";
import { compareRow, IFC_SMALL, type Mismatch, readReferenceTable } from "../helpers/fixtures.js";

function computeRow(family: CellShape, cell: MaskedCellImage): Float64Array {
  const row = new Float64Array(family.columnNames(cell.channels).length).fill(-12345);
  family.compute(cell, row, 0, new FeatureContext(cell));
  return row;
}

describe("CellShape", () => {
  const family = new CellShape();
  beforeAll(async () => {
    await loadHdf5();
  });

  it("names nine columns per channel in scifAI order", () => {
    expect(family.columnNames(2).slice(0, 10)).toEqual([
      "Area_Ch1",
      "sum_intensity_Ch1",
      "mean_intensity_Ch1",
      "std_intensity_Ch1",
      "kurtosis_intensity_Ch1",
      "skew_intensity_Ch1",
      "min_intensity_Ch1",
      "max_intensity_Ch1",
      "shannon_entropy_Ch1",
      "Area_Ch2",
    ]);
  });

  it("describes the positive pixels of image × mask, all 0 when there is none", () => {
    const cell: MaskedCellImage = {
      width: 3,
      height: 2,
      channels: 2,
      // Channel 1: masked values 2, 4, 0 (the zero is in the mask but not in P), 9 outside.
      image: [Float64Array.from([2, 4, 0, 9, 1, 1]), Float64Array.from([0, 0, 0, 5, 5, 5])],
      mask: [Uint8Array.from([1, 1, 1, 0, 0, 0]), Uint8Array.from([1, 1, 1, 0, 0, 0])],
    };
    const row = computeRow(family, cell);
    // P = [2, 4]: mean 3, std 1, skew 0, kurtosis 1 − 3 = −2, entropy 1 bit.
    expect(Array.from(row.subarray(0, 9))).toEqual([3, 6, 3, 1, -2, 0, 2, 4, 1]);
    expect(Array.from(row.subarray(9, 18))).toEqual(new Array(9).fill(0));
  });

  it("matches features.csv for every file", () => {
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
    console.log(`CellShape: compared ${compared} values over ${files} files`);
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(files).toBeGreaterThan(55);
  });
});
