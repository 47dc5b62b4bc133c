import { Worker } from "node:worker_threads";
import { workerScriptPath } from "../util/workerScript.js";
import { type CropJob, type CropJobResult, type CropJobSetup, computeCropJob } from "./cropJob.js";
import { checkCropOptions } from "./crops.js";
import type { CropWorkerMessage, CropWorkerReply } from "./cropWorker.js";

/** The cells to crop, in output order: entry i is metadata row rows[i], copy copies[i]. */
export interface CropEntries {
  readonly rows: Int32Array;
  /** 0 for the plain crop, k ≥ 1 for augmented copy k (default: all 0). */
  readonly copies?: Int32Array;
  /** The file of a metadata row, relative to the setup's root. */
  file(row: number): string;
}

/** Options of {@link streamCrops}. */
export interface CropStreamOptions extends CropJobSetup {
  /** Entries per batch (default 128). */
  readonly batchSize?: number;
  /** Worker threads reading and cropping (default 1; 0 = on the calling thread). */
  readonly workers?: number;
  /** Batches read ahead of the consumer, in flight or waiting (default 2 per worker + 1). */
  readonly prefetch?: number;
  /**
   * Reuse the memory of a batch's images once the consumer asks for the next batch (default
   * false). Only for consumers that are done with a batch by then: it saves allocating and
   * page-faulting C × S × S × 4 bytes per cell.
   */
  readonly recycle?: boolean;
}

/** One batch of crops in entry order, with the rows and copies of the entries it holds. */
export interface CropStreamBatch extends CropJobResult {
  /** First entry (in the whole stream) of this batch. */
  readonly start: number;
  /** Metadata row of each cropped entry. */
  readonly rows: Int32Array;
  /** Copy number of each cropped entry. */
  readonly copies: Int32Array;
}

/**
 * Reads and crops the entries in batches, in worker threads that run ahead of the consumer, and
 * yields the batches in entry order (so the output does not depend on the number of workers).
 * At most `prefetch` batches exist at a time, so memory stays bounded; breaking out of the loop
 * stops the workers. A cell that cannot be read or cropped is reported in its batch's `errors`.
 */
export async function* streamCrops(
  entries: CropEntries,
  options: CropStreamOptions,
): AsyncGenerator<CropStreamBatch, void, undefined> {
  checkCropOptions(options.crop);
  const batchSize = options.batchSize ?? 128;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batch size must be a whole number ≥ 1, got ${batchSize}`);
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 0)
    throw new RangeError(`workers must be a whole number ≥ 0, got ${workers}`);
  const total = entries.rows.length;
  const jobCount = Math.ceil(total / batchSize);
  const setup: CropJobSetup = {
    root: options.root,
    crop: options.crop,
    augmentation: options.augmentation,
    seed: options.seed,
  };
  const free: ArrayBuffer[] = [];
  const jobAt = (index: number): CropJob => {
    const start = index * batchSize;
    const end = Math.min(total, start + batchSize);
    const rows = entries.rows.slice(start, end);
    const copies = entries.copies ? entries.copies.slice(start, end) : new Int32Array(end - start);
    const files: string[] = [];
    for (const row of rows) files.push(entries.file(row));
    return { index, rows, copies, files, buffer: free.pop() };
  };
  const recycle = (batch: CropStreamBatch) => {
    if (options.recycle && batch.images.buffer instanceof ArrayBuffer) free.push(batch.images.buffer);
  };
  const withEntries = (job: CropJob, result: CropJobResult): CropStreamBatch => {
    const rows = new Int32Array(result.entries.length);
    const copies = new Int32Array(result.entries.length);
    result.entries.forEach((entry, i) => {
      rows[i] = job.rows[entry];
      copies[i] = job.copies[entry];
    });
    return { ...result, start: job.index * batchSize, rows, copies };
  };

  if (workers === 0) {
    for (let index = 0; index < jobCount; index++) {
      const job = jobAt(index);
      const batch = withEntries(job, await computeCropJob(setup, job));
      yield batch;
      recycle(batch);
    }
    return;
  }

  const pool = new CropWorkerPool(Math.min(workers, Math.max(1, jobCount)), setup);
  const prefetch = Math.max(1, options.prefetch ?? 2 * workers + 1);
  const pending = new Map<number, { job: CropJob; result: Promise<CropJobResult> }>();
  let submitted = 0;
  try {
    for (let index = 0; index < jobCount; index++) {
      while (submitted < jobCount && submitted < index + prefetch) {
        const job = jobAt(submitted);
        const result = pool.compute(job);
        // A rejection is awaited below in order; this keeps it from counting as unhandled meanwhile.
        result.catch(() => {});
        pending.set(submitted, { job, result });
        submitted++;
      }
      const next = pending.get(index)!;
      pending.delete(index);
      const batch = withEntries(next.job, await next.result);
      yield batch;
      recycle(batch);
    }
  } finally {
    await pool.close();
  }
}

interface WaitingJob {
  job: CropJob;
  resolve: (result: CropJobResult) => void;
  reject: (error: Error) => void;
}

/** Worker threads running computeCropJob, one job per worker at a time, queued otherwise. */
class CropWorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: WaitingJob[] = [];
  private readonly busy = new Map<Worker, WaitingJob>();
  private failure: Error | null = null;
  private closed = false;

  constructor(size: number, setup: CropJobSetup) {
    const script = workerScriptPath(import.meta.url, "cropWorker");
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script);
      worker.postMessage({ type: "setup", setup } satisfies CropWorkerMessage);
      worker.on("message", (reply: CropWorkerReply) => this.onReply(worker, reply));
      worker.on("error", (error) => this.fail(error));
      worker.on("exit", (code) => {
        if (!this.closed && code !== 0) this.fail(new Error(`a crop worker exited with code ${code}`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  compute(job: CropJob): Promise<CropJobResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const waiting = this.queue.shift()!;
      this.busy.set(worker, waiting);
      const { buffer, ...job } = waiting.job;
      // A recycled buffer moves to the worker (transferred, not copied) and comes back with the crops.
      if (buffer) worker.postMessage({ type: "job", ...job, buffer } satisfies CropWorkerMessage, [buffer]);
      else worker.postMessage({ type: "job", ...job } satisfies CropWorkerMessage);
    }
  }

  private onReply(worker: Worker, reply: CropWorkerReply): void {
    const waiting = this.busy.get(worker);
    this.busy.delete(worker);
    this.idle.push(worker);
    if (waiting) {
      if (reply.type === "result") waiting.resolve(reply.result);
      else waiting.reject(new Error(`cropping batch ${reply.index} failed: ${reply.message}`));
    }
    this.dispatch();
  }

  private fail(error: Error): void {
    if (this.closed) return;
    this.failure ??= error;
    for (const waiting of [...this.busy.values(), ...this.queue]) waiting.reject(error);
    this.busy.clear();
    this.queue.length = 0;
  }
}
