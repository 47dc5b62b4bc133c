import { parentPort } from "node:worker_threads";
import type { Pipeline } from "../features/pipeline.js";
import { type ChunkResult, computeChunkLoadingHdf5 } from "./chunkComputation.js";
import { type FeatureSpec, pipelineFor } from "./featureSpec.js";

/** First message to a worker: what to compute and where the files are. */
export interface WorkerSetup {
  type: "setup";
  spec: FeatureSpec;
  root: string;
  channels: number;
  columns: number;
  /**
   * Result slots this worker shares with the main thread: slot k holds `slotValues` float64 values
   * from byte k·slotValues·8. A job naming a slot gets its values written there (see WorkerReply).
   */
  slots: SharedArrayBuffer;
  slotValues: number;
}

/** A chunk to compute: metadata rows `firstRow …` with these files. */
export interface WorkerJob {
  type: "job";
  chunk: number;
  firstRow: number;
  files: string[];
  objectNumbers?: string[];
  /** The shared slot for the values, or −1 to send them in the reply (a job larger than a slot). */
  slot: number;
}

/**
 * Replies: a computed chunk, or a failure that is not a single cell's (a bug). When the job named a
 * slot, `result.values` is empty and the `valueCount` values are in that slot of `WorkerSetup.slots`.
 */
export type WorkerReply =
  | { type: "result"; result: ChunkResult; slot: number; valueCount: number }
  | { type: "failure"; chunk: number; message: string };

/**
 * Why results never travel as transferred buffers: transferring detaches the worker's ArrayBuffers,
 * and the first detach in an isolate switches off V8's "array buffers are never detached" protector,
 * so every typed-array access in the worker's optimized kernels gains a detach check (measured:
 * 20–25% more CPU per cell). Copying into a shared slot detaches nothing and leaves the main thread
 * no per-job garbage (a copied reply would).
 */
const EMPTY = new Float64Array(0);

const port = parentPort;
if (port) {
  let setup: WorkerSetup | null = null;
  let pipeline: Pipeline | null = null;
  // Jobs run one after another in arrival order, even when one waits for the HDF5 library.
  let previous: Promise<void> = Promise.resolve();
  port.on("message", (message: WorkerSetup | WorkerJob) => {
    if (message.type === "setup") {
      setup = message;
      pipeline = pipelineFor(message.spec);
      return;
    }
    const job = message;
    previous = previous.then(async () => {
      try {
        if (!setup || !pipeline) throw new Error("worker received a job before its setup");
        const result = await computeChunkLoadingHdf5(
          pipeline,
          setup.root,
          job.chunk,
          job.firstRow,
          job.files,
          setup.channels,
          setup.columns,
          job.objectNumbers,
        );
        const valueCount = result.values.length;
        if (job.slot >= 0 && valueCount <= setup.slotValues) {
          new Float64Array(setup.slots, job.slot * setup.slotValues * 8, valueCount).set(result.values);
          port.postMessage({
            type: "result",
            result: { ...result, values: EMPTY },
            slot: job.slot,
            valueCount,
          } satisfies WorkerReply);
        } else port.postMessage({ type: "result", result, slot: -1, valueCount } satisfies WorkerReply);
      } catch (error) {
        port.postMessage({ type: "failure", chunk: job.chunk, message: String(error) } satisfies WorkerReply);
      }
    });
  });
}
