import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { workerScriptPath } from "../util/workerScript.js";
import type { MetadataOptions, ScanError } from "./metadata.js";
import type { ScanReply, ScanRequest } from "./metadataScanWorker.js";
import { MetadataSpool } from "./metadataSpool.js";

/** A scanned dataset whose rows are in a spool file (see MetadataSpool), with the scan's findings. */
export interface SpooledScan {
  metadata: MetadataSpool;
  errors: ScanError[];
  misplaced: string[];
}

/**
 * Scans `dataPath` like `metadataGenerator` into a spool file at `spoolPath`, on a thread of its own;
 * with `metadataFile`, reads that table (file paths relative to `dataPath`) instead of scanning.
 * Why a thread: a scan of N files makes garbage in proportion to N (listings, paths, row objects)
 * that V8 keeps in an enlarged heap long after; in a thread that then exits, all of it is returned
 * before extraction starts, so the process's peak memory does not grow with the dataset (the same
 * for the rows of a large metadata file). Rejects with the scan's own message (a missing folder,
 * a metadata file without the metadata columns). `onRows` hears the number of rows spooled so far,
 * a few times a second while the thread works, and last the final count.
 */
export async function scanToSpool(
  dataPath: string,
  spoolPath: string,
  options: Omit<MetadataOptions, "onProgress" | "uniform"> = {},
  metadataFile?: string,
  onRows?: (rows: number) => void,
): Promise<SpooledScan> {
  const request: ScanRequest = { dataPath, root: resolve(dataPath), spoolPath, options, metadataFile };
  const worker = new Worker(workerScriptPath(import.meta.url, "metadataScanWorker"), { workerData: request });
  try {
    const reply = await new Promise<Exclude<ScanReply, { type: "progress" }>>((done, fail) => {
      worker.on("message", (message: ScanReply) => {
        if (message.type === "progress") onRows?.(message.rows);
        else {
          // The last word is the exact count.
          if (message.type === "done") onRows?.(message.spool.rowCount);
          done(message);
        }
      });
      worker.once("error", fail);
      worker.once("exit", (code) => fail(new Error(`the metadata scan thread exited with code ${code}`)));
    });
    if (reply.type === "failure") throw new Error(reply.message);
    return { metadata: MetadataSpool.open(reply.spool), errors: reply.errors, misplaced: reply.misplaced };
  } finally {
    await worker.terminate();
  }
}
