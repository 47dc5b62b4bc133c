import type { ChunkJob } from "./chunkExecutor.js";
import type { JobSource } from "./orderedChunks.js";

/**
 * Cells per job sent to a worker. Small jobs keep every worker busy to the end of a run (two workers
 * finish within one job of each other) and keep memory independent of the dataset: a job's result
 * is 32 rows, whatever the chunk size.
 */
export const BATCH_CELLS = 32;

/** The jobs of a run: output chunks `firstChunk … endChunk − 1`, each cut into batches of cells. */
export interface BatchPlan extends JobSource {
  /** The output chunk that job `index` belongs to. */
  chunkOf(index: number): number;
  /** Whether job `index` completes its chunk (the chunk can be written once it is consumed). */
  completesChunk(index: number): boolean;
  /** The metadata row after the last row of job `index`. */
  endRowOf(index: number): number;
}

/** The rows of a batch: metadata files and object numbers of rows `first … end − 1`. */
export type BatchRows = (first: number, end: number) => Pick<ChunkJob, "files" | "objectNumbers">;

/**
 * Cuts chunks `firstChunk … endChunk − 1` of `rowCount` metadata rows (chunk c holds rows
 * c·chunkSize … min((c+1)·chunkSize, rowCount) − 1, so only the dataset's last chunk is short) into
 * jobs of at most `batchSize` rows that never straddle two chunks. Jobs are made on demand.
 */
export function planBatches(
  firstChunk: number,
  endChunk: number,
  chunkSize: number,
  rowCount: number,
  rowsOf: BatchRows,
  batchSize: number = BATCH_CELLS,
): BatchPlan {
  const size = Math.max(1, Math.min(batchSize, chunkSize));
  const perChunk = Math.ceil(chunkSize / size);
  const chunks = Math.max(0, endChunk - firstChunk);
  const lastChunkRows = chunks === 0 ? 0 : Math.min(chunkSize, rowCount - (endChunk - 1) * chunkSize);
  const count = chunks === 0 ? 0 : (chunks - 1) * perChunk + Math.ceil(lastChunkRows / size);
  const chunkOf = (index: number) => firstChunk + Math.floor(index / perChunk);
  const chunkEndRow = (chunk: number) => Math.min((chunk + 1) * chunkSize, rowCount);
  const firstRowOf = (index: number) => chunkOf(index) * chunkSize + (index % perChunk) * size;
  const endRowOf = (index: number) => Math.min(firstRowOf(index) + size, chunkEndRow(chunkOf(index)));
  return {
    count,
    chunkOf,
    endRowOf,
    completesChunk: (index) => endRowOf(index) === chunkEndRow(chunkOf(index)),
    job(index) {
      const firstRow = firstRowOf(index);
      return { chunk: index, firstRow, ...rowsOf(firstRow, endRowOf(index)) };
    },
  };
}
