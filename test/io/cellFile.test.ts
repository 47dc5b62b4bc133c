import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { readCell } from "../../src/io/cellFile.js";
import { CellReadError, type CellReadErrorKind } from "../../src/io/cellReadError.js";
import { IFC_SMALL } from "../helpers/fixtures.js";

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

const allFiles = walk(IFC_SMALL).filter((path) => path.endsWith(".h5"));
const brokenKinds: Record<string, CellReadErrorKind> = {
  "broken_no_image_key_1203.h5": "no-image",
  "broken_not_hdf5_1204.h5": "not-hdf5",
  "broken_shape_mismatch_1205.h5": "mask-shape",
  "broken_truncated_1202.h5": "truncated",
};

describe("readCell on every fixture file", () => {
  it("finds the whole fixture set", () => {
    expect(allFiles.length).toBe(66);
  });

  for (const path of allFiles) {
    const name = relative(IFC_SMALL, path);
    const base = path.split("/").at(-1)!;
    const expectedKind = brokenKinds[base];
    if (expectedKind) {
      it(`${name} fails with ${expectedKind}, naming the file`, async () => {
        const error = await readCell(path).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CellReadError);
        expect((error as CellReadError).kind).toBe(expectedKind);
        expect((error as CellReadError).message.startsWith(path)).toBe(true);
      });
      continue;
    }
    it(`${name} reads as C float64 planes with 0/1 masks`, async () => {
      const cell = await readCell(path);
      expect(cell.channels).toBe(5);
      expect(cell.image).toHaveLength(5);
      for (const plane of cell.image) {
        expect(plane).toBeInstanceOf(Float64Array);
        expect(plane.length).toBe(cell.height * cell.width);
      }
      if (base.startsWith("edge_no_mask")) {
        expect(cell.mask).toBeNull();
      } else {
        expect(cell.mask).toHaveLength(5);
        for (const plane of cell.mask!) expect(plane.every((v) => v === 0 || v === 1)).toBe(true);
      }
    });
  }
});

describe("readCell details", () => {
  const sea = `${IFC_SMALL}/Experiment_2/Donor_3/-SEA`;

  it("reads variable-length labels, fixed-length byte labels and missing labels", async () => {
    expect((await readCell(`${sea}/Experiment_2_Donor_3_805.h5`)).label).toBe("B_cell");
    expect((await readCell(`${sea}/edge_split_region_1200.h5`)).label).toBe("B_cell");
    expect((await readCell(`${sea}/Experiment_2_Donor_3_785.h5`)).label).toBeNull();
  });

  it("reads gzip-chunked datasets identically in layout (H, W, C) → planes", async () => {
    const cell = await readCell(`${sea}/Experiment_2_Donor_3_811.h5`);
    expect([cell.height, cell.width, cell.channels]).toEqual([49, 85, 5]);
  });

  it("converts bool masks, int64 masks and float32 images", async () => {
    const bool = await readCell(`${sea}/edge_bool_mask_1206.h5`);
    expect(bool.mask![0].some((v) => v === 1)).toBe(true);
    const int64 = await readCell(`${sea}/edge_int64_mask_float_image_1207.h5`);
    expect(int64.mask![0].some((v) => v === 1)).toBe(true);
    expect(int64.image[0].every((v) => Math.fround(v) === v)).toBe(true);
    expect(int64.image[0].some((v) => v > 0)).toBe(true);
  });

  it("reads the 3×4 tiny image", async () => {
    const cell = await readCell(`${sea}/edge_tiny_image_1201.h5`);
    expect([cell.height, cell.width]).toEqual([3, 4]);
    expect(cell.image[0][0]).toBe(5);
  });

  it("reports a missing file as not-found", async () => {
    const error = await readCell(`${sea}/does_not_exist.h5`).catch((e: unknown) => e);
    expect((error as CellReadError).kind).toBe("not-found");
  });
});
