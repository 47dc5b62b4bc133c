import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { BATCH_CELLS } from "../../src/extract/batchPlan.js";
import { type ChunkJob, InProcessExecutor, WorkerPoolExecutor } from "../../src/extract/chunkExecutor.js";
import { pipelineFor } from "../../src/extract/featureSpec.js";
import { metadataGenerator } from "../../src/io/metadata.js";
import { IFC_SMALL } from "../helpers/fixtures.js";

const spec = { features: "readme" } as const;

describe("chunk executors", async () => {
  const metadata = await metadataGenerator(IFC_SMALL);
  const pipeline = pipelineFor(spec);
  const columns = pipeline.columnNames(5).length;
  const files = metadata.rows.map((row) => row.file);
  const objectNumbers = metadata.rows.map((row) => row.object_number);
  // Configured after its thread started, as extractToFile does (threads load while the scan runs).
  const worker = new WorkerPoolExecutor(1);
  afterAll(() => worker.close());
  const inProcess = new InProcessExecutor(pipeline, metadata.root, 5, columns);

  it("refuses jobs until configured, and a second configuration", async () => {
    await expect(worker.compute({ chunk: 0, firstRow: 0, files: files.slice(0, 1) })).rejects.toThrow(
      /compute before configure/,
    );
    worker.configure({ spec, root: metadata.root, channels: 5, columns });
    expect(() => worker.configure({ spec, root: metadata.root, channels: 5, columns })).toThrow(
      /configured twice/,
    );
  });

  it("a worker thread returns exactly what the calling thread computes, job after job", async () => {
    // Several jobs in a row: a worker that broke its own buffers after replying would show it here.
    const jobs: ChunkJob[] = [];
    for (let first = 0, chunk = 0; first < files.length; first += 8, chunk++)
      jobs.push({
        chunk,
        firstRow: first,
        files: files.slice(first, first + 8),
        objectNumbers: objectNumbers.slice(first, first + 8),
      });
    expect(jobs.length).toBeGreaterThan(2);
    const fromWorker = await Promise.all(jobs.map((job) => worker.compute(job)));
    for (const [i, job] of jobs.entries()) {
      const expected = await inProcess.compute(job);
      const actual = fromWorker[i];
      expect(actual.chunk).toBe(expected.chunk);
      expect(Array.from(actual.rows)).toEqual(Array.from(expected.rows));
      expect(actual.labels).toEqual(expected.labels);
      expect(actual.errors).toEqual(expected.errors);
      expect(actual.values.length).toBe(expected.rows.length * columns);
      // Bit-for-bit, NaN payloads included.
      expect(
        new Uint8Array(actual.values.buffer, actual.values.byteOffset, actual.values.byteLength),
      ).toEqual(
        new Uint8Array(expected.values.buffer, expected.values.byteOffset, expected.values.byteLength),
      );
    }
    // ifc-small holds broken files: some jobs must have produced error records.
    expect(fromWorker.some((result) => result.errors.length > 0)).toBe(true);
  });

  it("a job larger than a shared result slot comes back in the reply, unchanged", async () => {
    const job: ChunkJob = { chunk: 0, firstRow: 0, files, objectNumbers };
    expect(files.length).toBeGreaterThan(BATCH_CELLS);
    const [actual, expected] = [await worker.compute(job), await inProcess.compute(job)];
    expect(Array.from(actual.rows)).toEqual(Array.from(expected.rows));
    expect(actual.errors).toEqual(expected.errors);
    expect(new Uint8Array(actual.values.buffer, actual.values.byteOffset, actual.values.byteLength)).toEqual(
      new Uint8Array(expected.values.buffer, expected.values.byteOffset, expected.values.byteLength),
    );
  });

  it("recycled result arrays are reused and never hand out stale values", async () => {
    const job = (first: number): ChunkJob => ({
      chunk: first,
      firstRow: first,
      files: files.slice(first, first + 4),
      objectNumbers: objectNumbers.slice(first, first + 4),
    });
    const first = await worker.compute(job(0));
    const firstBuffer = first.values.buffer;
    worker.recycle?.(first);
    const second = await worker.compute(job(4));
    // The pool handed the recycled buffer to the next result, filled with that job's values.
    expect(second.values.buffer).toBe(firstBuffer);
    const expected = await inProcess.compute(job(4));
    expect(Array.from(second.values)).toEqual(Array.from(expected.values));
  });

  it("the extraction worker replies without a transfer list", () => {
    // Transferring detaches the worker's ArrayBuffers; the first detach in an isolate switches off
    // V8's detaching protector, and every typed-array access in the feature kernels then pays a
    // detach check (measured: 20–25% more CPU per cell). Results must be posted as copies.
    const source = readFileSync(
      fileURLToPath(new URL("../../src/extract/cellWorker.ts", import.meta.url)),
      "utf8",
    );
    const replies = [...source.matchAll(/port\.postMessage\(([\s\S]*?)\);/g)].map((match) => match[1]);
    expect(replies.length).toBeGreaterThanOrEqual(2);
    for (const reply of replies) {
      expect(reply).not.toMatch(/satisfies WorkerReply\s*,/);
      // No second argument: a transfer list is an array literal after the message.
      expect(reply).not.toMatch(/,\s*\[[^\]]*\]\s*$/);
    }
  });
});
