import { Worker } from "node:worker_threads";
import { workerScriptPath } from "../util/workerScript.js";
import { type LabelResult, readLabelResults } from "./labelReader.js";
import type { LabelWorkerMessage } from "./labelWorker.js";

/**
 * Reads the labels of cell files on the calling thread (`workers` ≤ 1) or in a pool of worker
 * threads that lives across calls, so that a scan can read one folder at a time without starting
 * threads per folder. Results come back in path order; `close()` ends the threads.
 */
export class LabelReaderPool {
  private readonly threads: Worker[] = [];

  constructor(workers: number) {
    const script = workerScriptPath(import.meta.url, "labelWorker");
    for (let i = 0; i < (workers > 1 ? workers : 0); i++) this.threads.push(new Worker(script));
  }

  /** The labels of `paths`, in order; `onRead(count)` is called with each batch of files read. */
  async read(paths: readonly string[], onRead?: (count: number) => void): Promise<LabelResult[]> {
    if (this.threads.length === 0) {
      let reported = 0;
      return readLabelResults(paths, (done) => {
        if (done - reported >= 256 || done === paths.length) {
          onRead?.(done - reported);
          reported = done;
        }
      });
    }
    const shardSize = Math.ceil(paths.length / this.threads.length);
    const parts = await Promise.all(
      this.threads.map((thread, w) =>
        this.readOn(thread, paths.slice(w * shardSize, (w + 1) * shardSize), onRead),
      ),
    );
    return parts.flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.splice(0).map((thread) => thread.terminate()));
  }

  private readOn(thread: Worker, paths: string[], onRead?: (count: number) => void): Promise<LabelResult[]> {
    if (paths.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      const onMessage = (message: LabelWorkerMessage) => {
        if (message.type === "progress") {
          onRead?.(message.done);
          return;
        }
        thread.off("message", onMessage);
        thread.off("error", onError);
        resolve(message.results);
      };
      const onError = (error: Error) => {
        thread.off("message", onMessage);
        reject(error);
      };
      thread.on("message", onMessage);
      thread.once("error", onError);
      thread.postMessage({ paths });
    });
  }
}
