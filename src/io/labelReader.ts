import { readLabelSync } from "./cellFile.js";
import { CellReadError, needsHdf5Library } from "./cellReadError.js";
import { loadHdf5 } from "./hdf5Library.js";

/** What a label scan found in one file: its label, no label, or why it could not be read. */
export type LabelResult =
  | { kind: "label"; label: string }
  | { kind: "none" }
  | { kind: "error"; reason: string };

/**
 * Reads the label of one cell file without throwing, except for a file that needs the HDF5 library
 * while this thread has not loaded it (see needsHdf5Library): that error is rethrown.
 */
export function readLabelResult(path: string): LabelResult {
  try {
    const label = readLabelSync(path);
    return label === null ? { kind: "none" } : { kind: "label", label };
  } catch (error) {
    if (needsHdf5Library(error)) throw error;
    const reason = error instanceof CellReadError ? error.reason : String(error);
    return { kind: "error", reason };
  }
}

/**
 * The labels of `paths` in order, never throwing: the HDF5 library is loaded the first time a file
 * needs it (most files never do). `onRead(done)` is called after each file.
 */
export async function readLabelResults(
  paths: readonly string[],
  onRead?: (done: number) => void,
): Promise<LabelResult[]> {
  const results: LabelResult[] = [];
  for (const path of paths) {
    let result: LabelResult;
    try {
      result = readLabelResult(path);
    } catch {
      await loadHdf5();
      result = readLabelResult(path);
    }
    results.push(result);
    onRead?.(results.length);
  }
  return results;
}
