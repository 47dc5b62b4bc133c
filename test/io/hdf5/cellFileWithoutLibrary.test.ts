import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractToFile } from "../../../src/extract/extractToFile.js";
import { readCell, readCellSync, readLabelSync } from "../../../src/io/cellFile.js";
import { CellReadError } from "../../../src/io/cellReadError.js";
import { hdf5IsLoaded } from "../../../src/io/hdf5Library.js";
import { IFC_SMALL } from "../../helpers/fixtures.js";

// Runs in its own process (vitest forks pool): the HDF5 library (h5wasm) is not loaded until
// the last test asks for it, so these tests see what needs it and what does not.
const CASES = new URL("../../fixtures/hdf5/", import.meta.url).pathname;

describe("cell files without the HDF5 library loaded", () => {
  it("reads h5py cell files synchronously without loading h5wasm", () => {
    const cell = readCellSync(`${IFC_SMALL}/Experiment_2/Donor_3/-SEA/Experiment_2_Donor_3_811.h5`);
    expect([cell.height, cell.width, cell.channels]).toEqual([49, 85, 5]);
    expect(readLabelSync(`${IFC_SMALL}/Experiment_2/Donor_3/-SEA/Experiment_2_Donor_3_805.h5`)).toBe(
      "B_cell",
    );
    expect(hdf5IsLoaded()).toBe(false);
  });

  it("extracts a dataset of h5py files without loading the library (it costs 40 MB per thread)", async () => {
    const output = join(mkdtempSync(join(tmpdir(), "scifai-nolib-")), "features.csv");
    const summary = await extractToFile({
      data: IFC_SMALL,
      output,
      spec: { features: "MaskBasedFeatures" },
      workers: 0,
    });
    expect(summary.rows).toBe(62);
    expect(hdf5IsLoaded()).toBe(false);
    rmSync(dirname(output), { recursive: true, force: true });
  });

  it("says that a file needing the library needs loadHdf5() first", () => {
    let error: unknown;
    try {
      readCellSync(`${CASES}lzf.h5`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CellReadError);
    expect((error as CellReadError).kind).toBe("needs-library");
    expect((error as CellReadError).message).toMatch(
      /^.*lzf\.h5: needs the HDF5 library \(filter LZF.*loadHdf5/,
    );
    expect(() => readLabelSync(`${CASES}soft_link_image.h5`)).not.toThrow(); // no label: nothing to read
  });

  it("readCell loads the library by itself when a file needs it", async () => {
    const cell = await readCell(`${CASES}lzf.h5`);
    expect(cell.image[0].length).toBe(6 * 7);
    expect(hdf5IsLoaded()).toBe(true);
  });
});
