import type { ChunkResult } from "./chunkComputation.js";
import type { ChunkExecutor, ChunkJob } from "./chunkExecutor.js";

/** Jobs made on demand, so that millions of cells never need a job list in memory. */
export interface JobSource {
  readonly count: number;
  /** The job at `index` (0 ≤ index < count). */
  job(index: number): ChunkJob;
}

/** Jobs handed out but not yet consumed, per unit of executor parallelism. */
const IN_FLIGHT_PER_WORKER = 4;

/**
 * Runs the jobs of `source` on `executor` with at most four jobs per worker in flight, and hands the
 * results to `consume` strictly in job order (whatever order workers finish in), one at a time.
 * Memory stays bounded by the in-flight jobs. A result is valid only during its `consume` call (the
 * executor may reuse its arrays afterwards). Rejects on the first executor or consumer failure.
 */
export async function processChunksInOrder(
  executor: ChunkExecutor,
  jobs: JobSource,
  consume: (result: ChunkResult, index: number) => void | Promise<void>,
): Promise<void> {
  const maxInFlight = Math.max(1, executor.parallelism * IN_FLIGHT_PER_WORKER);
  const finished = new Map<number, ChunkResult>();
  let submitted = 0;
  let consumed = 0;
  let failure: unknown = null;
  let wake: (() => void) | null = null;

  const submit = () => {
    while (failure === null && submitted < jobs.count && submitted - consumed < maxInFlight) {
      const index = submitted++;
      executor.compute(jobs.job(index)).then(
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
  while (consumed < jobs.count) {
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
    await consume(result, consumed);
    executor.recycle?.(result);
    consumed++;
    submit();
  }
  if (failure !== null) throw failure;
}
