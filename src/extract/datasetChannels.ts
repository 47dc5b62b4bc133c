import { join } from "node:path";
import { readCellSync } from "../io/cellFile.js";
import { listCifObjects } from "../io/cif/cifCells.js";
import { isCifFileName } from "../io/datasetLayout.js";
import { loadHdf5 } from "../io/hdf5Library.js";
import type { Metadata } from "../io/metadata.js";

/**
 * The channel count of a dataset: that of its first cell that reads (unreadable cells are the
 * run's error records, not a reason to stop). Throws naming the dataset when no cell reads.
 */
export async function channelCountOf(metadata: Metadata): Promise<number> {
  await loadHdf5();
  for (const row of metadata.rows) {
    try {
      if (isCifFileName(row.file)) return listCifObjects(join(metadata.root, row.file)).metadata.channelCount;
      return readCellSync(join(metadata.root, row.file)).channels;
    } catch {
      // Keep looking for a cell that reads.
    }
  }
  throw new Error(
    `${metadata.root}: no readable cell among ${metadata.rows.length} to learn the channel count from`,
  );
}
