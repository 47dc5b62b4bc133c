import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { METADATA_COLUMNS, type MetadataRow, metadataGenerator } from "../../src/io/metadata.js";
import { writeMetadata } from "../../src/io/metadataFile.js";
import { scanToSpool } from "../../src/io/metadataScan.js";
import { MetadataSpool, MetadataSpoolWriter } from "../../src/io/metadataSpool.js";
import { IFC_SMALL } from "../helpers/fixtures.js";

const directory = mkdtempSync(join(tmpdir(), "scifai-spool-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** 5,000 rows (five blocks) with non-ASCII, quotes, tabs and empty strings. */
const ROWS: MetadataRow[] = Array.from({ length: 5000 }, (_, i) => ({
  file: `Expériment ${i % 3}/Donor_${i % 7}/+SEA/cell "${i}"\t✓.h5`,
  experiment: `Expériment ${i % 3}`,
  donor: `Donor_${i % 7}`,
  condition: i % 2 ? "+SEA" : "",
  object_number: String(i % 977),
  set: i % 5 === 0 ? "labeled" : "unlabeled",
  label: i % 5 === 0 ? `class ${i % 4}\n` : "-1",
}));

describe("MetadataSpool", () => {
  it("gives back every value of every row, in any order, and deletes its file on close", () => {
    const path = join(directory, "rows.jsonl");
    const spool = MetadataSpool.of(path, "/data", ROWS);
    expect(spool.rowCount).toBe(ROWS.length);
    expect(spool.root).toBe("/data");
    // Forwards, backwards and by strides: blocks are re-read when they have left the cache.
    const order = [
      ...ROWS.keys(),
      ...[...ROWS.keys()].reverse(),
      ...[...ROWS.keys()].filter((r) => r % 997 === 0),
    ];
    for (const r of order) {
      expect(spool.textAt(r)).toEqual(METADATA_COLUMNS.map((c) => ROWS[r][c]));
      expect(spool.fileAt(r)).toBe(ROWS[r].file);
      expect(spool.objectNumberAt(r)).toBe(ROWS[r].object_number);
    }
    // textAt gives a copy: changing it does not change the spool.
    spool.textAt(3)[0] = "changed";
    expect(spool.fileAt(3)).toBe(ROWS[3].file);
    expect(() => spool.textAt(ROWS.length)).toThrow(/out of range/);
    expect(() => spool.fileAt(-1)).toThrow(/out of range/);
    // The digest identifies the rows as extraction always has: fields joined by NUL, a line each.
    const hash = createHash("sha256");
    for (const row of ROWS) hash.update(`${METADATA_COLUMNS.map((c) => row[c]).join("\u0000")}\n`);
    expect(spool.digest).toBe(hash.digest("hex"));
    expect(statSync(path).size).toBeGreaterThan(0);
    spool.close();
    expect(existsSync(path)).toBe(false);
  });

  it("handles an empty table and refuses rows after finish", () => {
    const writer = new MetadataSpoolWriter(join(directory, "empty.jsonl"), "/data");
    const description = writer.finish();
    expect(() => writer.push(ROWS[0])).toThrow(/finished/);
    const spool = MetadataSpool.open(description);
    expect(spool.rowCount).toBe(0);
    expect(() => spool.textAt(0)).toThrow(/out of range/);
    spool.close();
  });
});

describe("scanToSpool", () => {
  it("spools the same rows, errors and misplaced entries as metadataGenerator, on a thread of its own", async () => {
    for (const options of [{}, { sampleSize: 3, seed: 4 }, { workers: 2, parallelThreshold: 0 }]) {
      const plain = await metadataGenerator(IFC_SMALL, options);
      const spooled = await scanToSpool(IFC_SMALL, join(directory, "scan.jsonl"), options);
      expect(spooled.metadata.rowCount).toBe(plain.rows.length);
      expect(spooled.metadata.root).toBe(plain.root);
      expect(plain.rows.map((_, r) => spooled.metadata.textAt(r))).toEqual(
        plain.rows.map((row) => METADATA_COLUMNS.map((c) => row[c])),
      );
      expect(spooled.errors).toEqual(plain.errors);
      expect(spooled.misplaced).toEqual(plain.misplaced);
      spooled.metadata.close();
    }
  });

  it("reports the rows spooled so far while it works, and the exact count last", async () => {
    // 300,000 rows of a metadata table: long enough to spool (about a second) for progress messages.
    const table = join(directory, "large.csv");
    const lines = ["file,experiment,donor,condition,object_number,set,label"];
    for (let i = 0; i < 300_000; i++) lines.push(`E/D/C/${i}.h5,E,D,C,${i},unlabeled,-1`);
    writeFileSync(table, `${lines.join("\n")}\n`);
    const counts: number[] = [];
    const started = performance.now();
    const spooled = await scanToSpool(IFC_SMALL, join(directory, "large.jsonl"), {}, table, (rows) =>
      counts.push(rows),
    );
    const seconds = (performance.now() - started) / 1000;
    spooled.metadata.close();
    expect(counts.at(-1)).toBe(300_000);
    const during = counts.slice(0, -1);
    // Counted every 1,024 rows, at most every 200 ms, growing.
    for (const [k, rows] of during.entries()) {
      expect(rows % 1024).toBe(0);
      if (k > 0) expect(rows).toBeGreaterThan(during[k - 1]);
    }
    if (seconds > 1) expect(during.length).toBeGreaterThan(0);
    expect(during.length).toBeLessThanOrEqual(Math.ceil(seconds / 0.2));
    // A scan reports its final count too.
    const scanCounts: number[] = [];
    const scan = await scanToSpool(IFC_SMALL, join(directory, "scan.jsonl"), {}, undefined, (rows) =>
      scanCounts.push(rows),
    );
    expect(scanCounts.at(-1)).toBe(scan.metadata.rowCount);
    scan.metadata.close();
  });

  it("reads a metadata file instead of scanning, and reports what is wrong with the input", async () => {
    const plain = await metadataGenerator(IFC_SMALL);
    // CSV, and Parquet (read with DuckDB inside the scan thread).
    for (const name of ["metadata.csv", "metadata.parquet"]) {
      const table = join(directory, name);
      await writeMetadata(table, plain);
      const spooled = await scanToSpool(IFC_SMALL, join(directory, "file.jsonl"), {}, table);
      expect(plain.rows.map((_, r) => spooled.metadata.textAt(r))).toEqual(
        plain.rows.map((row) => METADATA_COLUMNS.map((c) => row[c])),
      );
      spooled.metadata.close();
    }
    await expect(scanToSpool(join(directory, "no-such-dataset"), join(directory, "x.jsonl"))).rejects.toThrow(
      /no-such-dataset/,
    );
    expect(existsSync(join(directory, "x.jsonl"))).toBe(false);
    await expect(
      scanToSpool(IFC_SMALL, join(directory, "y.jsonl"), {}, join(directory, "missing.csv")),
    ).rejects.toThrow(/missing\.csv/);
  });
});
