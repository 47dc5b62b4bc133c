import { parentPort, workerData } from "node:worker_threads";
import { type MetadataOptions, type MetadataRow, type ScanError, scanMetadataRows } from "./metadata.js";
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

/** Rows between two looks at the clock for a progress message. */
const ROWS_PER_CLOCK_CHECK = 1024;
/** At most one progress message per this many milliseconds. */
const PROGRESS_INTERVAL_MS = 200;

/**
 * Spools the rows of the request's metadata file, or of a scan of its dataset, calling `onRows`
 * with the number of rows spooled so far at most every PROGRESS_INTERVAL_MS.
 */
async function spoolRows(
  request: ScanRequest,
  writer: MetadataSpoolWriter,
  onRows: (rows: number) => void,
): Promise<{ errors: ScanError[]; misplaced: string[] }> {
  let rows = 0;
  let lastReport = Date.now();
  const push = (row: MetadataRow) => {
    writer.push(row);
    if (++rows % ROWS_PER_CLOCK_CHECK === 0 && Date.now() - lastReport >= PROGRESS_INTERVAL_MS) {
      lastReport = Date.now();
      onRows(rows);
    }
  };
  if (request.metadataFile === undefined) return scanMetadataRows(request.dataPath, request.options, push);
  // Streamed: a table of millions of rows is never whole in memory, not even in this thread.
  await streamMetadata(request.metadataFile, push);
  return { errors: [], misplaced: [] };
}

/**
 * Its replies: progress (rows spooled so far), then one final message, the finished spool with the
 * scan's errors and misplaced entries, or why it failed.
 */
export type ScanReply =
  | { type: "progress"; rows: number }
  | { type: "done"; spool: SpoolDescription; errors: ScanError[]; misplaced: string[] }
  | { type: "failure"; message: string };

const port = parentPort;
if (port) {
  const request = workerData as ScanRequest;
  const writer = new MetadataSpoolWriter(request.spoolPath, request.root);
  spoolRows(request, writer, (rows) => port.postMessage({ type: "progress", rows } satisfies ScanReply)).then(
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
