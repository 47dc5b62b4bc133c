import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractToFile, runPaths } from "../../src/extract/extractToFile.js";
import { FeatureExtractor } from "../../src/extract/featureExtractor.js";
import { pipelineFor } from "../../src/extract/featureSpec.js";
import { parseCsvLine } from "../../src/io/csvFormat.js";
import { metadataGenerator } from "../../src/io/metadata.js";
import { openTable } from "../../src/io/tableReader.js";
import { writeSyntheticDataset } from "../../src/synth/syntheticDataset.js";
import { IFC_SMALL, parseReferenceFloat } from "../helpers/fixtures.js";

const CLI = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "scifai-extract-"));
const synthetic = join(scratch, "synthetic");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(() => {
  writeSyntheticDataset(synthetic, { cells: 240, channels: 5, seed: 11, broken: 2 });
});

/** Every value of a stored table through our reader (HDF5 files are not byte-stable: object times). */
async function readWholeTable(
  path: string,
): Promise<{ text: string[][]; numeric: number[][]; names: string[] }> {
  const reader = await openTable(path);
  const text: string[][] = [];
  const numeric: number[][] = [];
  for await (const batch of reader.batches()) {
    text.push(...batch.text.map((c) => [...c]));
    numeric.push(...batch.numeric.map((c) => Array.from(c)));
  }
  reader.close();
  return { text, numeric, names: [...reader.columns.text, ...reader.columns.numeric] };
}

function readCsv(path: string): { header: string[]; rows: string[][] } {
  const raw = readFileSync(path);
  const text = (path.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
  const lines = text.trimEnd().split("\n");
  return { header: parseCsvLine(lines[0]), rows: lines.slice(1).map(parseCsvLine) };
}

describe("extractToFile on the shared fixtures", () => {
  it("writes metadata then 600 feature columns for every readable cell and logs the broken ones", async () => {
    const output = join(scratch, "fixtures.csv");
    const summary = await extractToFile({
      data: IFC_SMALL,
      output,
      spec: { features: "readme" },
      workers: 2,
      chunkSize: 16,
    });
    expect(summary.rows).toBe(62);
    expect(summary.errors).toBe(4);
    const { header, rows } = readCsv(output);
    expect(header.slice(0, 7)).toEqual([
      "file",
      "experiment",
      "donor",
      "condition",
      "object_number",
      "set",
      "label",
    ]);
    expect(header).toHaveLength(607);
    expect(rows).toHaveLength(62);
    const errors = readCsv(summary.errorsPath);
    expect(errors.header).toEqual(["file", "stage", "reason"]);
    expect(errors.rows.map((r) => r[0].split("/").at(-1))).toEqual([
      "broken_no_image_key_1203.h5",
      "broken_not_hdf5_1204.h5",
      "broken_shape_mismatch_1205.h5",
      "broken_truncated_1202.h5",
    ]);
    expect(errors.rows.every((r) => r[1] === "read" && r[2].length > 0)).toBe(true);
    expect(existsSync(runPaths(output).state)).toBe(false);
    expect(existsSync(runPaths(output).partial)).toBe(false);
  });

  it("takes set and label from the cells it reads, as the metadata scan gives them, or from a metadata table", async () => {
    // Without a metadata table the scan reads no label: the worker's read of each cell gives it.
    const output = join(scratch, "labels.csv");
    await extractToFile({ data: IFC_SMALL, output, spec: { features: "MaskBasedFeatures" }, workers: 2 });
    const metadata = await metadataGenerator(IFC_SMALL);
    const expected = new Map(metadata.rows.map((r) => [r.file, [r.object_number, r.set, r.label]]));
    const { rows } = readCsv(output);
    expect(rows).toHaveLength(62);
    expect(new Set(rows.map((r) => r[5]))).toEqual(new Set(["labeled", "unlabeled"]));
    for (const row of rows) expect(row.slice(4, 7)).toEqual(expected.get(row[0]));
    // A table's labels (here edited by hand) are kept as they are.
    const relabelled = {
      ...metadata,
      rows: metadata.rows.map((r) => ({ ...r, set: "labeled" as const, label: `edited ${r.object_number}` })),
    };
    const fromTable = join(scratch, "labels-from-table.csv");
    await extractToFile({
      data: IFC_SMALL,
      metadata: relabelled,
      output: fromTable,
      spec: { features: "MaskBasedFeatures" },
      workers: 1,
    });
    for (const row of readCsv(fromTable).rows)
      expect(row.slice(5, 7)).toEqual(["labeled", `edited ${row[4]}`]);
  });

  it("gives the same values as the library's FeatureExtractor, renamed by channel names", async () => {
    const channelNames = ["BF", "F-Actin", "MHCII", "CD3", "P-CD3zeta"];
    const output = join(scratch, "named.csv");
    await extractToFile({ data: IFC_SMALL, output, spec: { features: "readme", channelNames }, workers: 1 });
    const metadata = await metadataGenerator(IFC_SMALL);
    const extractor = new FeatureExtractor(pipelineFor({ features: "readme" }), { channelNames });
    const records = await extractor.extractFeatures(metadata);
    expect(records).toHaveLength(66);
    const { header, rows } = readCsv(output);
    expect(header).toContain("sum_intensity_ratio_MHCII_R3_R4");
    const byFile = new Map(rows.map((r) => [r[0], r]));
    let compared = 0;
    metadata.rows.forEach((row, i) => {
      const line = byFile.get(row.file);
      if (!line) {
        expect(records[i]).toEqual({});
        return;
      }
      for (let c = 7; c < header.length; c++) {
        const expected = records[i][header[c]];
        const actual = parseReferenceFloat(line[c]);
        expect(Object.is(actual, expected) || actual === expected).toBe(true);
        compared++;
      }
    });
    expect(compared).toBe(62 * 600);
  });

  it("refuses to overwrite a complete output unless asked", async () => {
    const output = join(scratch, "exists.csv");
    writeFileSync(output, "old");
    await expect(
      extractToFile({ data: IFC_SMALL, output, spec: { features: "GradientRMS" }, workers: 0 }),
    ).rejects.toThrow(/already exists/);
    // Refused before the scan: a missing dataset is not even looked at, and no spool is left.
    await expect(
      extractToFile({
        data: join(scratch, "no-such-data"),
        output,
        spec: { features: "GradientRMS" },
        workers: 2,
      }),
    ).rejects.toThrow(`${output} already exists; use --overwrite to replace it`);
    expect(existsSync(`${output}.metadata.jsonl`)).toBe(false);
    await extractToFile({
      data: IFC_SMALL,
      output,
      spec: { features: "GradientRMS" },
      workers: 0,
      overwrite: true,
    });
    expect(readCsv(output).header).toHaveLength(12);
  });
});

describe("determinism and resume", () => {
  for (const extension of ["csv", "csv.gz", "parquet"]) {
    it(`.${extension} is byte-identical with 1 and 2 workers`, async () => {
      const one = join(scratch, `one.${extension}`);
      const two = join(scratch, `two.${extension}`);
      await extractToFile({
        data: synthetic,
        output: one,
        spec: { features: "readme" },
        workers: 1,
        chunkSize: 32,
      });
      await extractToFile({
        data: synthetic,
        output: two,
        spec: { features: "readme" },
        workers: 2,
        chunkSize: 32,
      });
      expect(readFileSync(two).equals(readFileSync(one))).toBe(true);
      if (extension !== "parquet") expect(readCsv(one).rows).toHaveLength(240);
      // A finished run leaves only its output and error file: no spool, side file or state.
      for (const output of [one, two]) {
        const { partial, state, metadata } = runPaths(output);
        for (const leftover of [partial, `${partial}.rowgroups`, state, metadata])
          expect(existsSync(leftover), leftover).toBe(false);
      }
    });
  }

  it(".h5ad holds the same values with 1 and 2 workers", async () => {
    const one = join(scratch, "one.h5ad");
    const two = join(scratch, "two.h5ad");
    await extractToFile({
      data: synthetic,
      output: one,
      spec: { features: "readme" },
      workers: 1,
      chunkSize: 32,
    });
    await extractToFile({
      data: synthetic,
      output: two,
      spec: { features: "readme" },
      workers: 2,
      chunkSize: 32,
    });
    expect(await readWholeTable(two)).toEqual(await readWholeTable(one));
  });

  for (const extension of ["csv", "csv.gz", "parquet", "h5ad"]) {
    it(`a run killed with SIGKILL resumes to the uninterrupted .${extension} output`, async () => {
      const reference = join(scratch, `reference.${extension}`);
      const args = ["extract", synthetic, "--chunk-size", "8", "--workers", "1", "-q"];
      execFileSync(process.execPath, [CLI, ...args, "-o", reference]);
      const output = join(scratch, `killed.${extension}`);
      const { state } = runPaths(output);
      const child = spawn(process.execPath, [CLI, ...args, "-o", output], { stdio: "ignore" });
      const exited = new Promise((resolve) => child.on("exit", resolve));
      // Kill once a few chunks are safely recorded, well before the end.
      while (!existsSync(state) || JSON.parse(readFileSync(state, "utf8")).chunksDone < 3) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      child.kill("SIGKILL");
      await exited;
      const done = JSON.parse(readFileSync(state, "utf8")).chunksDone;
      expect(done).toBeLessThan(30);
      if (extension === "parquet") {
        // A resume whose files were removed says which one and what to do, and changes nothing.
        const { partial } = runPaths(output);
        for (const [moved, message] of [
          [
            `${partial}.rowgroups`,
            /rowgroups is missing, so the run cannot resume; delete its \.progress\.json/,
          ],
          [partial, /partial is missing, so the run cannot resume/],
        ] as const) {
          renameSync(moved, `${moved}.aside`);
          expect(() =>
            execFileSync(process.execPath, [CLI, ...args, "-o", output], { stdio: "pipe" }),
          ).toThrow(message);
          renameSync(`${moved}.aside`, moved);
        }
      }
      const resumed = execFileSync(process.execPath, [CLI, ...args.filter((a) => a !== "-q"), "-o", output], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      expect(resumed).toBe("");
      if (extension === "h5ad") expect(await readWholeTable(output)).toEqual(await readWholeTable(reference));
      else expect(readFileSync(output).equals(readFileSync(reference))).toBe(true);
      expect(readFileSync(runPaths(output).errors).equals(readFileSync(runPaths(reference).errors))).toBe(
        true,
      );
    });
  }
});

describe("extractToFile and the HDF5 library", () => {
  it("loads the HDF5 library only for a file that needs it, and still extracts that file", async () => {
    // lzf.h5 (6×7×3, LZF-compressed image) is the one kind of file the built-in reader hands to
    // h5wasm; workers start without the library and must load it and redo the batch.
    const data = join(scratch, "needs-library");
    const folder = join(data, "Experiment_1", "Donor_1", "-SEA");
    execFileSync("mkdir", ["-p", folder]);
    const lzf = fileURLToPath(new URL("../fixtures/hdf5/lzf.h5", import.meta.url));
    for (const name of ["cell_1.h5", "cell_2.h5"]) writeFileSync(join(folder, name), readFileSync(lzf));
    for (const workers of [0, 1]) {
      const output = join(scratch, `needs-library-${workers}.csv`);
      const summary = await extractToFile({ data, output, spec: { features: "readme" }, workers });
      expect(summary.errors).toBe(0);
      expect(summary.rows).toBe(2);
      expect(readCsv(output).rows.map((r) => r[0])).toEqual([
        "Experiment_1/Donor_1/-SEA/cell_1.h5",
        "Experiment_1/Donor_1/-SEA/cell_2.h5",
      ]);
    }
  });
});
