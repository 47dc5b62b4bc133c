import { beforeAll, describe, expect, it } from "vitest";
import { GLCMFeatures } from "../../src/features/glcmFeatures.js";
import { segmentCell } from "../../src/features/segmentation.js";
import type { CellImage } from "../../src/image/cellImage.js";
import { readCellSync } from "../../src/io/cellFile.js";
import { loadHdf5 } from "../../src/io/hdf5Library.js";
import { compareRow, IFC_SMALL, type Mismatch, readReferenceTable } from "../helpers/fixtures.js";
import { decodeFloats, type EncodedFloat, loadVectors } from "../reference/loadVectors.js";
import { computeFamily, withMasks } from "./familyParity.js";

const reference = readReferenceTable("features.csv");
const TOLERANCE = { relative: 1e-9 };

beforeAll(async () => {
  await loadHdf5();
});

function cellOf(rows: number[][][]): CellImage {
  // rows[r][c][k] → planes
  const height = rows.length;
  const width = rows[0].length;
  const channels = rows[0][0].length;
  const image = Array.from({ length: channels }, (_, k) =>
    Float64Array.from(rows.flat().map((pixel) => pixel[k])),
  );
  return { height, width, channels, image, mask: null };
}

describe("GLCMFeatures", () => {
  it("names the six properties per channel with scifAI's names by default", () => {
    expect(new GLCMFeatures().columnNames(2)).toEqual([
      "contrast_Ch1",
      "dissimilarity_Ch1",
      "homogeneity_Ch1",
      "ASM_Ch1",
      "energy_Ch1",
      "correlation_Ch1",
      "contrast_Ch2",
      "dissimilarity_Ch2",
      "homogeneity_Ch2",
      "ASM_Ch2",
      "energy_Ch2",
      "correlation_Ch2",
    ]);
  });

  it("gives every (distance, angle) pair its own columns when there are several", () => {
    const family = new GLCMFeatures({ distances: [1, 5], angles: [0, Math.PI / 4] });
    const names = family.columnNames(1);
    expect(names.length).toBe(24);
    expect(names.slice(0, 2)).toEqual(["contrast_d1_a0_Ch1", "dissimilarity_d1_a0_Ch1"]);
    expect(names[6]).toBe("contrast_d1_a45_Ch1");
    expect(names[23]).toBe("correlation_d5_a45_Ch1");
  });

  it("matches graycoprops for every (distance, angle) pair of a multi-pair matrix", () => {
    // With several pairs NumPy sums each slice of the 4-D matrix sequentially; the family must
    // reproduce that order too (glcm_vectors.py, "family").
    const { family: vector } = loadVectors<{
      family: { file: string; distances: number[]; angles: number[]; values: EncodedFloat[] };
    }>("glcm_vectors");
    const family = new GLCMFeatures({ distances: vector.distances, angles: vector.angles });
    const cell = readCellSync(`${IFC_SMALL}/${vector.file}`);
    const row = computeFamily(family, withMasks(cell));
    expect(Array.from(row)).toEqual(Array.from(decodeFloats(vector.values)));
  });

  it("gives 0s and correlation 1 for an image narrower than the distance, and for a zero channel", () => {
    const cell = cellOf([
      [
        [5, 0],
        [5, 0],
        [5, 0],
        [5, 0],
      ],
    ]);
    const row = computeFamily(new GLCMFeatures(), withMasks(cell));
    expect(Array.from(row)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
  });

  it("computes a hand-made two-level image", () => {
    // One row 0 4 0 4 0 4 0 → 8-bit levels 0 255 0 255 0 255 0; distance 1 pairs alternate
    // (0, 255) and (255, 0): contrast 255², dissimilarity 255, ASM 1/2, correlation -1.
    const cell = cellOf([[[0], [4], [0], [4], [0], [4], [0]]]);
    const row = computeFamily(new GLCMFeatures({ distances: [1] }), withMasks(cell));
    expect(row[0]).toBe(255 * 255);
    expect(row[1]).toBe(255);
    expect(row[3]).toBe(0.5);
    expect(row[5]).toBe(-1);
  });

  it("gives NaN for a channel whose 8-bit levels exceed `levels` (scikit-image raises)", () => {
    const cell = cellOf([[[0], [4], [0], [4], [0], [4], [0]]]);
    const row = computeFamily(new GLCMFeatures({ distances: [1], levels: 16 }), withMasks(cell));
    expect(Array.from(row).every(Number.isNaN)).toBe(true);
  });

  it("computes the tiny image the Python tool never reached (it crashed on SSIM)", () => {
    // 3×4 constant image: distance 5 does not fit, the matrix is empty. scikit-image, run on this
    // family alone, gives the same 0, 0, 0, 0, 0, 1 per channel.
    const cell = readCellSync(`${IFC_SMALL}/Experiment_2/Donor_3/-SEA/edge_tiny_image_1201.h5`);
    const row = computeFamily(new GLCMFeatures(), withMasks(cell));
    expect(Array.from(row)).toEqual(new Array(5).fill([0, 0, 0, 0, 0, 1]).flat());
  });

  it("matches features.csv for every column of every file", () => {
    const family = new GLCMFeatures({ distances: [5], angles: [0], levels: 256 });
    const mismatches: Mismatch[] = [];
    let compared = 0;
    for (const file of reference.rows.keys()) {
      const cell = readCellSync(`${IFC_SMALL}/${file}`);
      // GLCM ignores the mask; a file without one gets the segmentation's masks as scifAI does.
      const masked = withMasks(cell, cell.mask ?? segmentCell(cell));
      const row = computeFamily(family, masked);
      const result = compareRow(file, family.columnNames(cell.channels), row, reference, TOLERANCE);
      compared += result.compared;
      mismatches.push(...result.mismatches);
    }
    console.log(
      `GLCMFeatures: compared ${compared} values over ${reference.rows.size} files (relative tolerance 1e-9)`,
    );
    expect(mismatches).toEqual([]);
    expect(compared).toBe(reference.rows.size * 30);
  });
});
