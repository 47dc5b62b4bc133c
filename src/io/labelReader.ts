import { readLabelSync } from "./cellFile.js";
import { CellReadError } from "./cellReadError.js";

/** What a label scan found in one file: its label, no label, or why it could not be read. */
export type LabelResult =
  | { kind: "label"; label: string }
  | { kind: "none" }
  | { kind: "error"; reason: string };

/** Reads the label of one cell file without throwing; `loadHdf5()` must have resolved. */
export function readLabelResult(path: string): LabelResult {
  try {
    const label = readLabelSync(path);
    return label === null ? { kind: "none" } : { kind: "label", label };
  } catch (error) {
    const reason = error instanceof CellReadError ? error.reason : String(error);
    return { kind: "error", reason };
  }
}
