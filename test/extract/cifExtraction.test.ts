import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractToFile } from "../../src/extract/extractToFile.js";
import { metadataGenerator } from "../../src/io/metadata.js";
import { openTable } from "../../src/io/tableReader.js";
import { FIXTURES } from "../helpers/fixtures.js";

const CLI = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "scifai-cif-extract-"));
const cifData = join(scratch, "cif");
const h5Data = join(scratch, "h5");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(() => {
  const folder = join(cifData, "Experiment_1", "Donor_1", "-SEA");
  mkdirSync(folder, { recursive: true });
  copyFileSync(`${FIXTURES}cif/example.cif`, join(folder, "example.cif"));
  execFileSync(process.execPath, [
    CLI,
    "import-cif",
    join(folder, "example.cif"),
    "--experiment",
    "Experiment_1",
    "--donor",
    "Donor_1",
    "--condition",
    "-SEA",
    "-o",
    h5Data,
    "-q",
  ]);
});

async function numericRows(path: string): Promise<Map<string, number[]>> {
  const reader = await openTable(path);
  const rows = new Map<string, number[]>();
  for await (const batch of reader.batches()) {
    const objects = batch.text[reader.columns.text.indexOf("object_number")];
    for (let r = 0; r < batch.rowCount; r++)
      rows.set(
        objects[r],
        batch.numeric.map((c) => c[r]),
      );
  }
  reader.close();
  return rows;
}

describe("Amnis .cif files in the dataset layout", () => {
  it("scans one metadata row per object of every .cif, numbered as in the file", async () => {
    const metadata = await metadataGenerator(cifData);
    expect(metadata.rows).toHaveLength(111);
    expect(metadata.misplaced).toEqual([]);
    expect(metadata.rows[0]).toMatchObject({
      file: "Experiment_1/Donor_1/-SEA/example.cif",
      object_number: "0",
      set: "unlabeled",
      label: "-1",
    });
    expect(metadata.rows.at(-1)!.object_number).toBe("110");
    const sampled = await metadataGenerator(cifData, { sampleSize: 10, seed: 1 });
    expect(sampled.rows).toHaveLength(10);
  });

  it("extracts the same features straight from the .cif as from its import-cif export", async () => {
    const fromCif = join(scratch, "cif.parquet");
    const fromH5 = join(scratch, "h5.parquet");
    await extractToFile({ data: cifData, output: fromCif, spec: { features: "readme" }, workers: 2 });
    await extractToFile({ data: h5Data, output: fromH5, spec: { features: "readme" }, workers: 2 });
    const a = await numericRows(fromCif);
    const b = await numericRows(fromH5);
    expect(a.size).toBe(111);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    let compared = 0;
    for (const [object, values] of a) {
      const other = b.get(object)!;
      values.forEach((v, i) => {
        expect(Object.is(v, other[i]) || v === other[i], `object ${object} column ${i}`).toBe(true);
        compared++;
      });
    }
    expect(compared).toBe(111 * 858);
    const errors = readFileSync(`${fromCif}.errors.csv`, "utf8").trim().split("\n");
    expect(errors).toEqual(["file,stage,reason"]);
  });
});
