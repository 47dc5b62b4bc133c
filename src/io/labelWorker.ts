import { parentPort } from "node:worker_threads";
import { type LabelResult, readLabelResults } from "./labelReader.js";

/** Message from the scanner: read the labels of these absolute paths. */
export interface LabelJob {
  paths: string[];
}

/** Messages back: progress counts while reading, then every result in job order. */
export type LabelWorkerMessage =
  | { type: "progress"; done: number }
  | { type: "done"; results: LabelResult[] };

const port = parentPort;
if (port) {
  port.on("message", async (job: LabelJob) => {
    let reported = 0;
    const results: LabelResult[] = await readLabelResults(job.paths, (done) => {
      if (done - reported >= 256) {
        port.postMessage({ type: "progress", done: done - reported } satisfies LabelWorkerMessage);
        reported = done;
      }
    });
    port.postMessage({ type: "progress", done: results.length - reported } satisfies LabelWorkerMessage);
    port.postMessage({ type: "done", results } satisfies LabelWorkerMessage);
  });
}
