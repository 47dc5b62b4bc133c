import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FeatureContext } from "../../src/features/featureContext.js";
import { PercentileFeatures } from "../../src/features/percentileFeatures.js";
import type { MaskedCellImage } from "../../src/image/cellImage.js";
import { readCellSync } from "../../src/io/cellFile.js";
import { loadHdf5 } from "../../src/io/hdf5Library.js";
import { compareRow, IFC_SMALL, type Mismatch, readReferenceTable } from "../helpers/fixtures.js";

function computeRow(family: PercentileFeatures, cell: MaskedCellImage): Float64Array {
  const row = new Float64Array(family.columnNames(cell.channels).length).fill(-12345);
  family.compute(cell, row, 0, new FeatureContext(cell));
  return row;
}

describe("PercentileFeatures", () => {
  const family = new PercentileFeatures();
  beforeAll(async () => {
    await loadHdf5();
  });

  it("names nine percentiles per channel by default", () => {
    const names = family.columnNames(2);
    expect(names).toHaveLength(18);
    expect(names[0]).toBe("percentile_10_Ch1");
    expect(names[8]).toBe("percentile_90_Ch1");
    expect(names[9]).toBe("percentile_10_Ch2");
  });

  it("takes custom cuts and ignores the mask", () => {
    const custom = new PercentileFeatures({ cuts: [0, 12.5, 100] });
    expect(custom.columnNames(1)).toEqual(["percentile_0_Ch1", "percentile_12.5_Ch1", "percentile_100_Ch1"]);
    const cell: MaskedCellImage = {
      width: 3,
      height: 3,
      channels: 1,
      image: [Float64Array.from([8, 7, 6, 5, 4, 3, 2, 1, 0])],
      mask: [new Uint8Array(9)],
    };
    expect(Array.from(computeRow(custom, cell))).toEqual([0, 1, 8]);
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
      // The mask is irrelevant here, but edge_no_mask_* needs one to form a MaskedCellImage; the
      // percentiles read only the image, so an empty mask stands in for the segmentation's.
      const masked: MaskedCellImage = {
        ...cell,
        mask: cell.mask ?? cell.image.map((plane) => new Uint8Array(plane.length)),
      };
      const result = compareRow(file, names, computeRow(family, masked), reference, { relative: 1e-9 });
      compared += result.compared;
      files++;
      mismatches.push(...result.mismatches);
    }
    console.log(`PercentileFeatures: compared ${compared} values over ${files} files`);
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(files).toBe(reference.rows.size);
  });
});
