import { join } from "node:path";
import { FeatureContext, FeatureScratch } from "../features/featureContext.js";
import type { Pipeline } from "../features/pipeline.js";
import { type Cell, readCellSync } from "../io/cellFile.js";
import { CellReadError, needsHdf5Library } from "../io/cellReadError.js";
import { readCifCells } from "../io/cif/cifCells.js";
import { isCifFileName } from "../io/datasetLayout.js";
import { loadHdf5 } from "../io/hdf5Library.js";

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
  /** The label stored in each row's cell file (null: none, as for .cif objects), parallel to rows. */
  labels: (string | null)[];
  errors: CellError[];
}

/** Masked planes and pixel lists reused from cell to cell (a thread computes one cell at a time). */
const scratch = new FeatureScratch();

/**
 * Reads and computes the cells `files[i]` (metadata rows `firstRow + i`) of one chunk. Rows of an
 * Amnis .cif/.rif file name the object in `objectNumbers[i]`; consecutive rows of one .cif are read
 * in one pass. A cell that cannot be read, has another channel count than `channels`, or makes the
 * pipeline throw becomes a CellError; every other cell gets a row. A file that needs the HDF5
 * library while this thread has not loaded it throws (see computeChunkLoadingHdf5).
 */
export function computeChunk(
  pipeline: Pipeline,
  root: string,
  chunk: number,
  firstRow: number,
  files: readonly string[],
  channels: number,
  columns: number,
  objectNumbers?: readonly string[],
): ChunkResult {
  const values = new Float64Array(files.length * columns);
  const rows: number[] = [];
  const labels: (string | null)[] = [];
  const errors: CellError[] = [];
  const compute = (row: number, file: string, read: () => Cell) => {
    let stage: ErrorStage = "read";
    try {
      const cell = read();
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
      pipeline.features.compute(
        prepared,
        values,
        rows.length * columns,
        new FeatureContext(prepared, scratch),
      );
      rows.push(row);
      labels.push(cell.label);
    } catch (error) {
      if (needsHdf5Library(error)) throw error;
      const reason =
        error instanceof CellReadError
          ? error.reason
          : error instanceof Error
            ? error.message
            : String(error);
      errors.push({ row, file, stage, reason });
    }
  };
  for (let i = 0; i < files.length; ) {
    const file = files[i];
    if (!isCifFileName(file)) {
      compute(firstRow + i, file, () => readCellSync(join(root, file)));
      i++;
      continue;
    }
    let end = i + 1;
    while (end < files.length && files[end] === file) end++;
    const numbers = (objectNumbers ?? []).slice(i, end).map(Number);
    const start = i;
    try {
      let k = 0;
      for (const result of readCifCells(join(root, file), numbers)) {
        const row = firstRow + start + k;
        const label = `${file}#${numbers[k]}`;
        if (result.error) errors.push({ row, file: label, stage: "read", reason: result.error.reason });
        else compute(row, label, () => result.cell);
        k++;
      }
    } catch (error) {
      const reason = error instanceof CellReadError ? error.reason : String(error);
      for (let k = start; k < end; k++) errors.push({ row: firstRow + k, file, stage: "read", reason });
    }
    i = end;
  }
  return {
    chunk,
    rows: Int32Array.from(rows),
    values: values.slice(0, rows.length * columns),
    labels,
    errors,
  };
}

/**
 * computeChunk, loading the HDF5 library (h5wasm) and computing the chunk again the first time one of
 * its files needs it. Threads load it only then: it costs about 40 MB and 0.2 s of CPU per thread,
 * and the built-in reader reads the files h5py writes.
 */
export async function computeChunkLoadingHdf5(
  ...args: Parameters<typeof computeChunk>
): Promise<ChunkResult> {
  try {
    return computeChunk(...args);
  } catch (error) {
    if (!needsHdf5Library(error)) throw error;
    await loadHdf5();
    return computeChunk(...args);
  }
}
