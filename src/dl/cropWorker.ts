import { parentPort } from "node:worker_threads";
import { type CropJob, type CropJobResult, type CropJobSetup, computeCropJob } from "./cropJob.js";

/** Messages to a crop worker: its setup once, then jobs. */
export type CropWorkerMessage = { type: "setup"; setup: CropJobSetup } | ({ type: "job" } & CropJob);

/** Replies: a cropped job, or a failure that is not a single cell's (a bug). */
export type CropWorkerReply =
  | { type: "result"; result: CropJobResult }
  | { type: "failure"; index: number; message: string };

const port = parentPort;
if (port) {
  let setup: CropJobSetup | null = null;
  // Jobs run one after the other: a job that loads the HDF5 library must not be overtaken.
  let queue: Promise<void> = Promise.resolve();
  port.on("message", (message: CropWorkerMessage) => {
    if (message.type === "setup") {
      setup = message.setup;
      return;
    }
    queue = queue.then(async () => {
      try {
        if (!setup) throw new Error("crop worker received a job before its setup");
        const result = await computeCropJob(setup, message);
        // The whole buffer goes back (images may view only its start), to be recycled.
        port.postMessage({ type: "result", result } satisfies CropWorkerReply, [
          result.images.buffer as ArrayBuffer,
          result.entries.buffer as ArrayBuffer,
        ]);
      } catch (error) {
        port.postMessage({
          type: "failure",
          index: message.index,
          message: error instanceof Error ? error.message : String(error),
        } satisfies CropWorkerReply);
      }
    });
  });
}
