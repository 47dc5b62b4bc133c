import { parentPort, workerData } from "node:worker_threads";
import { type MetadataOptions, type ScanError, scanMetadataRows } from "./metadata.js";
import { streamMetadata } from "./metadataFile.js";
import { MetadataSpoolWriter, type SpoolDescription } from "./metadataSpool.js";

/**
 * What the scan thread is given: the dataset, the spool file to write and the scan options, or
 * instead of a scan a metadata file (made by `scifai metadata`) to read.
 */
export interface ScanRequest {
  dataPath: string;
  root: string;
  spoolPath: string;
  options: Omit<MetadataOptions, "onProgress" | "uniform">;
  metadataFile?: string;
}

/** Spools the rows of the request's metadata file, or of a scan of its dataset. */
async function spoolRows(
  request: ScanRequest,
  writer: MetadataSpoolWriter,
): Promise<{ errors: ScanError[]; misplaced: string[] }> {
  if (request.metadataFile === undefined)
    return scanMetadataRows(request.dataPath, request.options, (row) => writer.push(row));
  // Streamed: a table of millions of rows is never whole in memory, not even in this thread.
  await streamMetadata(request.metadataFile, (row) => writer.push(row));
  return { errors: [], misplaced: [] };
}

/** Its one reply: the finished spool with the scan's errors and misplaced entries, or why it failed. */
export type ScanReply =
  | { type: "done"; spool: SpoolDescription; errors: ScanError[]; misplaced: string[] }
  | { type: "failure"; message: string };

const port = parentPort;
if (port) {
  const request = workerData as ScanRequest;
  const writer = new MetadataSpoolWriter(request.spoolPath, request.root);
  spoolRows(request, writer).then(
    (scan) => {
      const reply: ScanReply = {
        type: "done",
        spool: writer.finish(),
        errors: scan.errors,
        misplaced: scan.misplaced,
      };
      port.postMessage(reply);
    },
    (error: unknown) => {
      writer.discard();
      port.postMessage({
        type: "failure",
        message: error instanceof Error ? error.message : String(error),
      } satisfies ScanReply);
    },
  );
}
