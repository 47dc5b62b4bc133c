import type { ChunkResult } from "./chunkComputation.js";
import type { ChunkExecutor, ChunkJob } from "./chunkExecutor.js";

/**
 * Runs `jobs` on `executor` with at most two chunks per worker in flight, and hands the results to
 * `consume` strictly in job order (whatever order workers finish in), one at a time. Memory stays
 * bounded by the in-flight chunks. Rejects on the first executor or consumer failure.
 */
export async function processChunksInOrder(
  executor: ChunkExecutor,
  jobs: readonly ChunkJob[],
  consume: (result: ChunkResult) => void | Promise<void>,
): Promise<void> {
  const maxInFlight = Math.max(1, executor.parallelism * 2);
  const finished = new Map<number, ChunkResult>();
  let submitted = 0;
  let consumed = 0;
  let failure: unknown = null;
  let wake: (() => void) | null = null;

  const submit = () => {
    while (failure === null && submitted < jobs.length && submitted - consumed < maxInFlight) {
      const index = submitted++;
      executor.compute(jobs[index]).then(
        (result) => {
          finished.set(index, result);
          wake?.();
        },
        (error: unknown) => {
          failure ??= error;
          wake?.();
        },
      );
    }
  };

  submit();
  while (consumed < jobs.length) {
    if (failure !== null) throw failure;
    const result = finished.get(consumed);
    if (!result) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
      continue;
    }
    finished.delete(consumed);
    await consume(result);
    consumed++;
    submit();
  }
  if (failure !== null) throw failure;
}
