import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareCodePoints } from "../../src/io/datasetLayout.js";
import { METADATA_COLUMNS, metadataGenerator } from "../../src/io/metadata.js";
import { metadataTable, readMetadata, writeMetadata } from "../../src/io/metadataFile.js";
import { readTextTable } from "../../src/io/textTable.js";
import { IFC_REFERENCE, IFC_SMALL } from "../helpers/fixtures.js";

const scratch = mkdtempSync(join(tmpdir(), "scifai-metadata-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function byScanOrder(a: string[], b: string[]): number {
  for (const i of [1, 2, 3]) {
    const c = compareCodePoints(a[i], b[i]);
    if (c !== 0) return c;
  }
  return compareCodePoints(a[0].split("/").at(-1)!, b[0].split("/").at(-1)!);
}

describe("metadataGenerator on the shared fixtures", () => {
  it("equals the Python reference row for row (in experiment/donor/condition/file order)", async () => {
    const reference = await readTextTable(`${IFC_REFERENCE}/metadata.csv`);
    expect(reference.columns).toEqual([...METADATA_COLUMNS]);
    const metadata = await metadataGenerator(IFC_SMALL);
    const ours = metadataTable(metadata);
    expect(ours.columns).toEqual(reference.columns);
    expect(ours.rows).toEqual([...reference.rows].sort(byScanOrder));
    expect(metadata.misplaced).toEqual(["Experiment_1/Donor_1/+SEA/notes.txt"]);
    expect(metadata.errors.map((e) => e.file).sort()).toEqual([
      "Experiment_2/Donor_3/-SEA/broken_not_hdf5_1204.h5",
      "Experiment_2/Donor_3/-SEA/broken_truncated_1202.h5",
    ]);
  });

  it("gives the same rows with worker threads as on one thread", async () => {
    const one = await metadataGenerator(IFC_SMALL, { workers: 1 });
    const many = await metadataGenerator(IFC_SMALL, { workers: 3, parallelThreshold: 0 });
    expect(many.rows).toEqual(one.rows);
    expect(many.errors).toEqual(one.errors);
  });

  it("samples per folder, seeded and without replacement", async () => {
    const a = await metadataGenerator(IFC_SMALL, { sampleSize: 3, seed: 7 });
    const b = await metadataGenerator(IFC_SMALL, { sampleSize: 3, seed: 7 });
    const c = await metadataGenerator(IFC_SMALL, { sampleSize: 3, seed: 8 });
    expect(a.rows).toEqual(b.rows);
    expect(a.rows).not.toEqual(c.rows);
    const perFolder = new Map<string, string[]>();
    for (const row of a.rows) {
      const key = `${row.experiment}/${row.donor}/${row.condition}`;
      perFolder.set(key, [...(perFolder.get(key) ?? []), row.file]);
    }
    expect(perFolder.size).toBe(9);
    for (const files of perFolder.values()) {
      expect(files).toHaveLength(3);
      expect(new Set(files).size).toBe(3);
    }
    const all = await metadataGenerator(IFC_SMALL, { sampleSize: 1000 });
    expect(all.rows).toHaveLength(66);
  });
});

describe("metadataGenerator on awkward layouts", () => {
  const root = join(scratch, "awkward");
  const source = `${IFC_SMALL}/Experiment_2/Donor_3/-SEA`;
  const conditions = ["Zürich 10 µg/ml".replace("/", "_"), "+SEA", "CD19 TCB, 1 nM"];
  for (const condition of conditions) {
    const folder = join(root, "Exp A", "Donor é", condition);
    mkdirSync(folder, { recursive: true });
    copyFileSync(`${source}/Experiment_2_Donor_3_805.h5`, join(folder, "cell_10.h5"));
    copyFileSync(`${source}/Experiment_2_Donor_3_785.h5`, join(folder, "cell_9.h5"));
  }
  writeFileSync(join(root, "README.txt"), "stray file at the root");
  mkdirSync(join(root, "Exp A", "Donor é", "+SEA", "nested"));
  writeFileSync(join(root, "Exp A", ".DS_Store"), "hidden");

  it("keeps names with spaces, commas and non-ASCII characters exactly", async () => {
    const metadata = await metadataGenerator(root);
    expect(metadata.rows.map((r) => r.condition)).toEqual([
      "+SEA",
      "+SEA",
      "CD19 TCB, 1 nM",
      "CD19 TCB, 1 nM",
      "Zürich 10 µg_ml",
      "Zürich 10 µg_ml",
    ]);
    expect(metadata.rows[0]).toMatchObject({
      experiment: "Exp A",
      donor: "Donor é",
      object_number: "10",
      set: "labeled",
      label: "B_cell",
    });
    expect(metadata.rows[1]).toMatchObject({ object_number: "9", set: "unlabeled", label: "-1" });
    expect(metadata.misplaced).toEqual(["Exp A/Donor é/+SEA/nested/", "README.txt"]);
  });

  for (const extension of ["csv", "csv.gz", "parquet"]) {
    it(`round-trips through .${extension}`, async () => {
      const metadata = await metadataGenerator(root);
      const path = join(scratch, `metadata.${extension}`);
      await writeMetadata(path, metadata);
      const back = await readMetadata(path, root);
      expect(back.rows).toEqual(metadata.rows);
      expect(back.root).toBe(metadata.root);
      if (extension === "csv") expect(readFileSync(path, "utf8")).toContain('"CD19 TCB, 1 nM"');
    });
  }

  it("fails with a message naming a missing dataset folder", async () => {
    await expect(metadataGenerator(join(scratch, "nope"))).rejects.toThrow(/nope/);
  });
});
