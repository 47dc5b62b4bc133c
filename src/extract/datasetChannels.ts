import { join } from "node:path";
import { readCell } from "../io/cellFile.js";
import { listCifObjects } from "../io/cif/cifCells.js";
import { isCifFileName } from "../io/datasetLayout.js";

/**
 * The channel count of a dataset: that of its first cell that reads (unreadable cells are the
 * run's error records, not a reason to stop). `fileAt(r)` is row r's file relative to `root`.
 * Throws naming the dataset when no cell reads.
 */
export async function channelCountOf(
  root: string,
  rowCount: number,
  fileAt: (row: number) => string,
): Promise<number> {
  for (let row = 0; row < rowCount; row++) {
    const file = fileAt(row);
    try {
      if (isCifFileName(file)) return listCifObjects(join(root, file)).metadata.channelCount;
      return (await readCell(join(root, file))).channels;
    } catch {
      // Keep looking for a cell that reads.
    }
  }
  throw new Error(`${root}: no readable cell among ${rowCount} to learn the channel count from`);
}
