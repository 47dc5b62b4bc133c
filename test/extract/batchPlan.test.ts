import { describe, expect, it } from "vitest";
import { planBatches } from "../../src/extract/batchPlan.js";

/** Every job of a plan, with its rows. */
function jobsOf(firstChunk: number, endChunk: number, chunkSize: number, rowCount: number, batch: number) {
  const plan = planBatches(
    firstChunk,
    endChunk,
    chunkSize,
    rowCount,
    (first, end) => ({ files: Array.from({ length: end - first }, (_, i) => `f${first + i}`) }),
    batch,
  );
  return Array.from({ length: plan.count }, (_, index) => ({
    index,
    job: plan.job(index),
    chunk: plan.chunkOf(index),
    completes: plan.completesChunk(index),
    end: plan.endRowOf(index),
  }));
}

describe("planBatches", () => {
  it("covers every row of the chunks once, in order, in batches that never straddle a chunk", () => {
    for (const [chunkSize, rows, batch] of [
      [10, 95, 3],
      [16, 16, 32],
      [64, 1000, 32],
      [7, 50, 7],
      [5, 3, 2],
    ]) {
      const chunks = Math.ceil(rows / chunkSize);
      const jobs = jobsOf(0, chunks, chunkSize, rows, batch);
      const files = jobs.flatMap((j) => j.job.files);
      expect(files).toEqual(Array.from({ length: rows }, (_, i) => `f${i}`));
      for (const { job, chunk, end } of jobs) {
        expect(Math.floor(job.firstRow / chunkSize)).toBe(chunk);
        expect(Math.floor((end - 1) / chunkSize)).toBe(chunk);
        expect(job.files.length).toBeLessThanOrEqual(Math.min(batch, chunkSize));
        expect(job.files.length).toBeGreaterThan(0);
      }
      // Exactly one job completes each chunk, and it is the chunk's last.
      const completing = jobs.filter((j) => j.completes).map((j) => j.chunk);
      expect(completing).toEqual(Array.from({ length: chunks }, (_, c) => c));
      for (const j of jobs.filter((x) => x.completes))
        expect(j.end).toBe(Math.min((j.chunk + 1) * chunkSize, rows));
    }
  });

  it("plans a shard's or a resumed run's chunks only", () => {
    const jobs = jobsOf(3, 6, 10, 57, 4);
    expect(jobs[0].job.firstRow).toBe(30);
    expect(jobs.at(-1)?.end).toBe(57);
    expect(jobs.flatMap((j) => j.job.files)).toHaveLength(27);
    expect(jobsOf(2, 2, 10, 57, 4)).toEqual([]);
  });
});
