import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import type { MetadataRow } from "../../src/io/metadata.js";
import { readMetadata, streamMetadata, writeMetadata } from "../../src/io/metadataFile.js";

const directory = mkdtempSync(join(tmpdir(), "scifai-metadata-file-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Rows whose text a type-sniffing reader would change: leading zeros, decimals, empty fields, quotes. */
const ROWS: MetadataRow[] = Array.from({ length: 5000 }, (_, i) => ({
  file: `Expériment 1/Donor_1/+SEA/cell, "${i}".h5`,
  experiment: "Expériment 1",
  donor: i % 2 ? "007" : "Donor_1",
  condition: i % 3 ? "+SEA" : "",
  object_number: String(i).padStart(6, "0"),
  set: i % 5 === 0 ? "labeled" : "unlabeled",
  label: i % 5 === 0 ? "1.50" : "-1",
}));

async function streamed(path: string): Promise<MetadataRow[]> {
  const rows: MetadataRow[] = [];
  const count = await streamMetadata(path, (row) => rows.push(row));
  expect(count).toBe(rows.length);
  return rows;
}

describe("streamMetadata", () => {
  it("gives every row exactly as readMetadata does, from CSV, CSV.gz and Parquet", async () => {
    for (const name of ["m.csv", "m.csv.gz", "m.parquet"]) {
      const path = join(directory, name);
      await writeMetadata(path, { root: "/data", rows: ROWS, misplaced: [], errors: [] });
      const rows = await streamed(path);
      expect(rows).toEqual(ROWS);
      expect(rows).toEqual((await readMetadata(path, "/data")).rows);
    }
  });

  it("reads a pandas CSV with extra columns in another order", async () => {
    const path = join(directory, "pandas.csv.gz");
    const header = ",label,set,object_number,condition,donor,experiment,file,extra";
    const lines = ROWS.slice(0, 3).map(
      (r, i) =>
        `${i},${r.label},${r.set},${r.object_number},${r.condition},${r.donor},${r.experiment},"${r.file.replaceAll('"', '""')}",x`,
    );
    writeFileSync(path, gzipSync(`${[header, ...lines].join("\n")}\n`));
    expect(await streamed(path)).toEqual(ROWS.slice(0, 3));
  });

  it("names the file and the missing columns, or what is wrong with it", async () => {
    const path = join(directory, "short.csv");
    writeFileSync(path, "file,experiment,donor\na,b,c\n");
    await expect(streamMetadata(path, () => {})).rejects.toThrow(
      /short\.csv: missing metadata columns: condition, object_number, set, label/,
    );
    await expect(streamMetadata(join(directory, "absent.parquet"), () => {})).rejects.toThrow(
      /absent\.parquet: cannot read metadata/,
    );
  });
});
