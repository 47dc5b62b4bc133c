import { Worker } from "node:worker_threads";
import type { Pipeline } from "../features/pipeline.js";
import { workerScriptPath } from "../util/workerScript.js";
import { BATCH_CELLS } from "./batchPlan.js";
import type { WorkerJob, WorkerReply, WorkerSetup } from "./cellWorker.js";
import { type ChunkResult, computeChunkLoadingHdf5 } from "./chunkComputation.js";

/** A chunk of consecutive metadata rows to compute. */
export interface ChunkJob {
  chunk: number;
  firstRow: number;
  files: string[];
  /** Object numbers of the rows (used for rows of .cif/.rif files). */
  objectNumbers?: string[];
}

/** Computes chunks, possibly several at once; results may arrive in any order. */
export interface ChunkExecutor {
  /** How many chunks it computes at the same time. */
  readonly parallelism: number;
  compute(job: ChunkJob): Promise<ChunkResult>;
  /**
   * Hands back a result's arrays once consumed, for reuse by a later result; after this the result
   * must not be read. Optional: results of an executor that does not recycle are simply dropped.
   */
  recycle?(result: ChunkResult): void;
  close(): Promise<void>;
}

/** Computes chunks on the calling thread (any pipeline, including user-defined families). */
export class InProcessExecutor implements ChunkExecutor {
  readonly parallelism = 1;
  constructor(
    private readonly pipeline: Pipeline,
    private readonly root: string,
    private readonly channels: number,
    private readonly columns: number,
  ) {}

  async compute(job: ChunkJob): Promise<ChunkResult> {
    // Yield first so that progress output and signals are handled between chunks.
    await new Promise((resolve) => setImmediate(resolve));
    return computeChunkLoadingHdf5(
      this.pipeline,
      this.root,
      job.chunk,
      job.firstRow,
      job.files,
      this.channels,
      this.columns,
      job.objectNumbers,
    );
  }

  async close(): Promise<void> {}
}

interface Pending {
  job: ChunkJob;
  resolve: (result: ChunkResult) => void;
  reject: (error: Error) => void;
  /** The worker's result slot the job writes to (−1: none, the values come in the reply). */
  slot?: number;
}

/**
 * Jobs handed to one worker before it finishes the first: the second waits in the worker's own
 * message queue, so a worker starts its next job the moment it posts a result instead of waiting for
 * the main thread (which may be writing a row group) to send one.
 */
const JOBS_PER_WORKER = 2;

/**
 * Computes chunks in worker threads, up to two queued per worker (built-in families only). Each
 * worker writes a job's values into one of its JOBS_PER_WORKER slots of shared memory (see
 * WorkerSetup.slots); on the reply they are copied into a result array from a pool that `recycle`
 * refills, so the main thread allocates no value array per job and no buffer is ever detached.
 */
export class WorkerPoolExecutor implements ChunkExecutor {
  private readonly queue: Pending[] = [];
  /** Jobs sent to each worker and not yet answered, in the order the worker answers them. */
  private readonly sent = new Map<Worker, Pending[]>();
  private readonly slots = new Map<Worker, SharedArrayBuffer>();
  private readonly workers: Worker[] = [];
  /** Values per slot and per pooled result array: a full batch (0 until `configure`). */
  private slotValues = 0;
  private configured = false;
  /** Result arrays handed back by `recycle`, and the set of arrays this pool made. */
  private readonly pool: ArrayBuffer[] = [];
  private readonly pooled = new WeakSet<ArrayBuffer>();
  private failure: Error | null = null;

  /**
   * Starts `parallelism` threads, which load their modules at once; without `setup`, call `configure`
   * before the first `compute` (so that a caller can start the threads before it knows the channel
   * count, and their start-up overlaps its own).
   */
  constructor(
    readonly parallelism: number,
    setup?: Omit<WorkerSetup, "type" | "slots" | "slotValues">,
  ) {
    const script = workerScriptPath(import.meta.url, "cellWorker");
    for (let i = 0; i < parallelism; i++) {
      const worker = new Worker(script);
      worker.on("message", (reply: WorkerReply) => this.onReply(worker, reply));
      worker.on("error", (error) => this.fail(worker, error));
      worker.on("exit", (code) => {
        if (code !== 0 && this.workers.includes(worker))
          this.fail(worker, new Error(`a worker thread exited with code ${code}`));
      });
      this.workers.push(worker);
      this.sent.set(worker, []);
    }
    if (setup) this.configure(setup);
  }

  /** Tells every thread what to compute (once). */
  configure(setup: Omit<WorkerSetup, "type" | "slots" | "slotValues">): void {
    if (this.configured) throw new Error("WorkerPoolExecutor: configured twice");
    this.configured = true;
    this.slotValues = BATCH_CELLS * setup.columns;
    for (const worker of this.workers) {
      const slots = new SharedArrayBuffer(JOBS_PER_WORKER * this.slotValues * 8);
      this.slots.set(worker, slots);
      worker.postMessage({
        type: "setup",
        ...setup,
        slots,
        slotValues: this.slotValues,
      } satisfies WorkerSetup);
    }
  }

  compute(job: ChunkJob): Promise<ChunkResult> {
    if (!this.configured) return Promise.reject(new Error("WorkerPoolExecutor: compute before configure"));
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  recycle(result: ChunkResult): void {
    const buffer = result.values.buffer as ArrayBuffer;
    if (this.pooled.has(buffer)) this.pool.push(buffer);
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w.terminate()));
  }

  /** Sends queued jobs to the least loaded workers, at most JOBS_PER_WORKER each. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      let target: Worker | null = null;
      let load = JOBS_PER_WORKER;
      for (const worker of this.workers) {
        const pending = this.sent.get(worker)!.length;
        if (pending < load) {
          target = worker;
          load = pending;
        }
      }
      if (!target) return;
      const pending = this.queue.shift()!;
      const inFlight = this.sent.get(target)!;
      // A worker answers in order, so at most JOBS_PER_WORKER − 1 slots are taken: use a free one.
      let slot = -1;
      if (pending.job.files.length <= BATCH_CELLS) {
        for (let candidate = 0; candidate < JOBS_PER_WORKER && slot < 0; candidate++)
          if (!inFlight.some((other) => other.slot === candidate)) slot = candidate;
      }
      pending.slot = slot;
      inFlight.push(pending);
      target.postMessage({ type: "job", ...pending.job, slot } satisfies WorkerJob);
    }
  }

  private onReply(worker: Worker, reply: WorkerReply): void {
    const pending = this.sent.get(worker)?.shift();
    if (pending) {
      if (reply.type === "failure")
        pending.reject(new Error(`chunk ${reply.chunk} failed in a worker: ${reply.message}`));
      else if (reply.slot < 0) pending.resolve(reply.result);
      else {
        // Copy out of the slot before the slot is handed to another job (dispatch below).
        const shared = this.slots.get(worker)!;
        const values = this.resultArray(reply.valueCount);
        values.set(new Float64Array(shared, reply.slot * this.slotValues * 8, reply.valueCount));
        pending.resolve({ ...reply.result, values });
      }
    }
    this.dispatch();
  }

  /** A result array of `count` values (≤ a slot) on a pooled buffer. */
  private resultArray(count: number): Float64Array {
    let buffer = this.pool.pop();
    if (!buffer) {
      buffer = new ArrayBuffer(this.slotValues * 8);
      this.pooled.add(buffer);
    }
    return new Float64Array(buffer, 0, count);
  }

  private fail(worker: Worker, error: Error): void {
    this.failure = error;
    for (const pending of this.sent.get(worker)?.splice(0) ?? []) pending.reject(error);
    for (const pending of this.queue.splice(0)) pending.reject(error);
  }
}
