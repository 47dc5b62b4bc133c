import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type CropStreamBatch, streamCrops } from "../../src/dl/cropStream.js";
import { cropBatch, planarSource } from "../../src/dl/crops.js";
import { readCellSync } from "../../src/io/cellFile.js";
import { CellReadError } from "../../src/io/cellReadError.js";
import { loadHdf5 } from "../../src/io/hdf5Library.js";
import { type Metadata, metadataGenerator } from "../../src/io/metadata.js";
import { IFC_SMALL } from "../helpers/fixtures.js";

const crop = { channels: [4, 0, 2], size: 48, scaling: { kind: "divide" as const, factor: 4095 } };
let metadata: Metadata;
beforeAll(async () => {
  await loadHdf5();
  metadata = await metadataGenerator(IFC_SMALL);
});

async function collect(options: { workers: number; batchSize: number; copies?: boolean }) {
  const rows = Int32Array.from(metadata.rows.keys());
  const entries = options.copies
    ? {
        rows: Int32Array.from([...rows].flatMap((r) => [r, r])),
        copies: Int32Array.from([...rows].flatMap(() => [0, 1])),
      }
    : { rows };
  const batches: CropStreamBatch[] = [];
  for await (const batch of streamCrops(
    { ...entries, file: (row) => metadata.rows[row].file },
    {
      root: metadata.root,
      crop,
      workers: options.workers,
      batchSize: options.batchSize,
      seed: 4,
      augmentation: options.copies ? { flips: true, rotations: true, noiseStd: 0.01 } : undefined,
    },
  ))
    batches.push(batch);
  const length = 3 * 48 * 48;
  const images = new Float32Array(batches.reduce((n, b) => n + b.images.length, 0));
  let at = 0;
  for (const b of batches) {
    images.set(b.images, at);
    at += b.images.length;
  }
  return {
    batches,
    rows: batches.flatMap((b) => [...b.rows]),
    copies: batches.flatMap((b) => [...b.copies]),
    errors: batches.flatMap((b) => b.errors.map((e) => [e.row, e.file, e.stage, e.reason])),
    augmentations: batches.flatMap((b) => b.augmentations),
    images,
    length,
  };
}

describe("streamCrops", () => {
  it("crops every readable cell as cropBatch does and reports unreadable ones as readCell does", async () => {
    const result = await collect({ workers: 0, batchSize: 16 });
    const expectedErrors: unknown[] = [];
    const readable: number[] = [];
    metadata.rows.forEach((row, r) => {
      try {
        readCellSync(join(metadata.root, row.file));
        readable.push(r);
      } catch (error) {
        if (!(error instanceof CellReadError)) throw error;
        expectedErrors.push([r, row.file, "read", error.reason]);
      }
    });
    expect(expectedErrors.length).toBeGreaterThanOrEqual(3);
    expect(result.errors).toEqual(expectedErrors);
    expect(result.rows).toEqual(readable);
    expect(result.copies.every((c) => c === 0)).toBe(true);
    const expected = cropBatch(
      readable.map((r) => planarSource(readCellSync(join(metadata.root, metadata.rows[r].file)))),
      crop,
    );
    expect(result.images).toEqual(expected);
    // Batches hold consecutive entries: start, kept entries and errors add up.
    for (const batch of result.batches)
      expect(batch.entries.length + batch.errors.length).toBe(
        Math.min(16, metadata.rows.length - batch.start),
      );
  });

  it("gives the same batches with any number of workers and batch size, augmented copies included", async () => {
    const reference = await collect({ workers: 0, batchSize: 64, copies: true });
    expect(
      reference.augmentations.filter((a, i) => reference.copies[i] === 1 && a !== "").length,
    ).toBeGreaterThan(10);
    expect(reference.augmentations.filter((_, i) => reference.copies[i] === 0).every((a) => a === "")).toBe(
      true,
    );
    for (const [workers, batchSize] of [
      [1, 7],
      [2, 13],
    ]) {
      const other = await collect({ workers, batchSize, copies: true });
      expect(other.rows).toEqual(reference.rows);
      expect(other.copies).toEqual(reference.copies);
      expect(other.errors).toEqual(reference.errors);
      expect(other.augmentations).toEqual(reference.augmentations);
      expect(other.images).toEqual(reference.images);
    }
  });

  it("stops its workers when the consumer stops early", async () => {
    let seen = 0;
    for await (const batch of streamCrops(
      { rows: Int32Array.from(metadata.rows.keys()), file: (row) => metadata.rows[row].file },
      { root: metadata.root, crop, workers: 2, batchSize: 4 },
    )) {
      seen += batch.entries.length + batch.errors.length;
      if (seen >= 8) break;
    }
    expect(seen).toBe(8);
  });

  it("rejects bad options before starting", async () => {
    const run = (options: object) =>
      streamCrops({ rows: new Int32Array(1), file: () => "x" }, { root: "/", crop, ...options }).next();
    await expect(run({ batchSize: 0 })).rejects.toThrow(/batch size/);
    await expect(run({ workers: -1 })).rejects.toThrow(/workers/);
    await expect(run({ crop: { ...crop, size: 0 } })).rejects.toThrow(/crop size/);
  });
});
