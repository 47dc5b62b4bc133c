import { parentPort } from "node:worker_threads";
import { loadHdf5 } from "./hdf5Library.js";
import { type LabelResult, readLabelResult } from "./labelReader.js";

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
    await loadHdf5();
    const results: LabelResult[] = [];
    let reported = 0;
    for (const path of job.paths) {
      results.push(readLabelResult(path));
      if (results.length - reported >= 256) {
        port.postMessage({ type: "progress", done: results.length - reported } satisfies LabelWorkerMessage);
        reported = results.length;
      }
    }
    port.postMessage({ type: "progress", done: results.length - reported } satisfies LabelWorkerMessage);
    port.postMessage({ type: "done", results } satisfies LabelWorkerMessage);
  });
}
