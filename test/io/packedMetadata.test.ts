import { describe, expect, it } from "vitest";
import { METADATA_COLUMNS, metadataGenerator, packedMetadataGenerator } from "../../src/io/metadata.js";
import { PackedMetadata } from "../../src/io/packedMetadata.js";
import { IFC_SMALL } from "../helpers/fixtures.js";

describe("PackedMetadata", () => {
  it("gives back every value of every row, non-ASCII and empty strings included", () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      file: `Expériment ${i % 3}/Donor_${i % 7}/+SEA/cell ${i} ✓.h5`,
      experiment: `Expériment ${i % 3}`,
      donor: `Donor_${i % 7}`,
      condition: i % 2 ? "+SEA" : "",
      object_number: String(i % 977),
      set: (i % 5 === 0 ? "labeled" : "unlabeled") as "labeled" | "unlabeled",
      label: i % 5 === 0 ? `class ${i % 4}` : "-1",
    }));
    const packed = PackedMetadata.of({ root: "/data", rows, misplaced: [], errors: [] });
    expect(packed.rowCount).toBe(rows.length);
    expect(packed.root).toBe("/data");
    rows.forEach((row, r) => {
      expect(packed.textAt(r)).toEqual(METADATA_COLUMNS.map((c) => row[c]));
      expect(packed.fileAt(r)).toBe(row.file);
      expect(packed.objectNumberAt(r)).toBe(row.object_number);
    });
    expect(() => packed.push(rows[0])).toThrow(/after seal/);
  });

  it("packedMetadataGenerator scans the same rows, errors and misplaced entries as metadataGenerator", async () => {
    for (const options of [{}, { sampleSize: 3, seed: 4 }, { workers: 2, parallelThreshold: 0 }]) {
      const plain = await metadataGenerator(IFC_SMALL, options);
      const packed = await packedMetadataGenerator(IFC_SMALL, options);
      expect(packed.metadata.rowCount).toBe(plain.rows.length);
      expect(plain.rows.map((_, r) => packed.metadata.textAt(r))).toEqual(
        plain.rows.map((row) => METADATA_COLUMNS.map((c) => row[c])),
      );
      expect(packed.errors).toEqual(plain.errors);
      expect(packed.misplaced).toEqual(plain.misplaced);
    }
  });
});
