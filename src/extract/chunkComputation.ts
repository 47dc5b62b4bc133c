import { join } from "node:path";
import { FeatureContext } from "../features/featureContext.js";
import type { Pipeline } from "../features/pipeline.js";
import { readCellSync } from "../io/cellFile.js";
import { CellReadError } from "../io/cellReadError.js";

/** Where extraction of one cell failed. */
export type ErrorStage = "read" | "segmentation" | "features";

/** A cell that produced no feature row, with the reason. */
export interface CellError {
  /** Index of the cell in the metadata. */
  row: number;
  /** File path as listed in the metadata (relative to the dataset root). */
  file: string;
  stage: ErrorStage;
  reason: string;
}

/** Feature rows of one chunk: the metadata rows that succeeded and their values, row-major. */
export interface ChunkResult {
  chunk: number;
  /** Metadata row indices with features, increasing. */
  rows: Int32Array;
  /** `rows.length × columns` values, row-major. */
  values: Float64Array;
  errors: CellError[];
}

/**
 * Reads and computes the cells `files[i]` (metadata rows `firstRow + i`) of one chunk. A cell that
 * cannot be read, has another channel count than `channels`, or makes the pipeline throw becomes
 * a CellError; every other cell gets a row.
 */
export function computeChunk(
  pipeline: Pipeline,
  root: string,
  chunk: number,
  firstRow: number,
  files: readonly string[],
  channels: number,
  columns: number,
): ChunkResult {
  const values = new Float64Array(files.length * columns);
  const rows: number[] = [];
  const errors: CellError[] = [];
  files.forEach((file, i) => {
    const row = firstRow + i;
    let stage: ErrorStage = "read";
    try {
      const cell = readCellSync(join(root, file));
      if (cell.channels !== channels) {
        throw new CellReadError(
          file,
          "wrong-rank",
          `has ${cell.channels} channels, the run expects ${channels}`,
        );
      }
      stage = cell.mask ? "features" : "segmentation";
      const prepared = pipeline.prepare(cell);
      stage = "features";
      pipeline.features.compute(prepared, values, rows.length * columns, new FeatureContext(prepared));
      rows.push(row);
    } catch (error) {
      const reason =
        error instanceof CellReadError
          ? error.reason
          : error instanceof Error
            ? error.message
            : String(error);
      errors.push({ row, file, stage, reason });
    }
  });
  return { chunk, rows: Int32Array.from(rows), values: values.slice(0, rows.length * columns), errors };
}
