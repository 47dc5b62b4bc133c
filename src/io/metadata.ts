import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { createRandom } from "../util/random.js";
import { CellReadError } from "./cellReadError.js";
import { listCifObjects } from "./cif/cifCells.js";
import {
  conditionFolders,
  countFolderCellFiles,
  folderCellFiles,
  isCifFileName,
  type LayoutFile,
  objectNumberOf,
} from "./datasetLayout.js";
import type { LabelResult } from "./labelReader.js";
import { LabelReaderPool } from "./labelReaderPool.js";

/** The metadata columns of scifAI, in order. */
export const METADATA_COLUMNS = [
  "file",
  "experiment",
  "donor",
  "condition",
  "object_number",
  "set",
  "label",
] as const;

/** Whether a file holds a label; `unreadable` marks files whose label could not be read. */
export type LabelSet = "labeled" | "unlabeled" | "unreadable";

/** One row of the metadata table (scifAI's `metadata_generator`), every value a string. */
export interface MetadataRow {
  /** Path relative to the dataset root, with `/` separators. */
  file: string;
  experiment: string;
  donor: string;
  condition: string;
  object_number: string;
  set: LabelSet;
  /** The label, or "-1" when the file has none or cannot be read (as scifAI). */
  label: string;
}

/** A file whose label could not be read during the scan. */
export interface ScanError {
  file: string;
  reason: string;
}

/** The result of a dataset scan: rows in scan order plus what was skipped or unreadable. */
export interface Metadata {
  /** Absolute dataset root; `join(root, row.file)` is the cell file. */
  root: string;
  rows: MetadataRow[];
  /** Relative paths that do not fit the layout and were not scanned. */
  misplaced: string[];
  /** Files whose label could not be read (their rows have set `unreadable`). */
  errors: ScanError[];
}

/** Options of `metadataGenerator`. */
export interface MetadataOptions {
  /** Cells to keep per experiment/donor/condition folder, drawn without replacement. */
  sampleSize?: number;
  /** Seed of the sampling (default 0). */
  seed?: number;
  /** Worker threads reading labels (default: available cores; small scans stay on one thread). */
  workers?: number;
  /** Smallest scan that uses worker threads (default 2000: below it, starting workers costs more). */
  parallelThreshold?: number;
  /**
   * Read each file's label (default true). Without, every row says `unlabeled` / `-1` and no file
   * is opened: for callers that read the cells anyway and take the label from there.
   */
  readLabels?: boolean;
  /** Called as labels are read, with the number done so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Draws a uniform number in [0, 1) for sampling; defaults to the project's seeded generator. */
  uniform?: () => number;
}

const PARALLEL_THRESHOLD = 2000;

/**
 * Scans `DATA/<experiment>/<donor>/<condition>/*.h5` like scifAI's `metadata_generator`, with
 * deterministic order (experiment, donor, condition, file name), labels always as strings, seeded
 * sampling without replacement, and unreadable files marked `unreadable` instead of aborting.
 */
export async function metadataGenerator(dataPath: string, options: MetadataOptions = {}): Promise<Metadata> {
  const rows: MetadataRow[] = [];
  const scan = await scanMetadataRows(dataPath, options, (row) => rows.push(row));
  return { ...scan, rows };
}

/**
 * The scan of metadataGenerator, one condition folder at a time (its listing, its labels, its rows),
 * handing each row to `emit` in order: what the scan holds besides the rows is one folder's worth.
 */
export async function scanMetadataRows(
  dataPath: string,
  options: MetadataOptions,
  emit: (row: MetadataRow) => void,
): Promise<Omit<Metadata, "rows">> {
  const root = resolve(dataPath);
  const errors: ScanError[] = [];
  const misplaced: string[] = [];
  const size = options.sampleSize;
  if (size !== undefined && (!Number.isInteger(size) || size < 0))
    throw new RangeError(`sampleSize must be a whole number ≥ 0, got ${size}`);
  const uniform = size === undefined ? null : (options.uniform ?? seededUniform(options.seed ?? 0));
  // A first pass counts the files (no sorting, nothing kept) for the progress total and to decide
  // whether label-reading threads pay off.
  const readLabels = options.readLabels ?? true;
  let total = 0;
  for (const folder of readLabels ? conditionFolders(root, []) : []) {
    const { h5 } = countFolderCellFiles(root, folder);
    total += size === undefined ? h5 : Math.min(h5, size);
  }
  const threads = Math.max(1, Math.min(options.workers ?? availableParallelism(), 64));
  const pool = new LabelReaderPool(total < (options.parallelThreshold ?? PARALLEL_THRESHOLD) ? 1 : threads);
  let done = 0;
  const onRead = (count: number) => {
    done += count;
    options.onProgress?.(done, Math.max(done, total));
  };
  // Labels repeat across millions of files: keep one string per distinct label.
  const labelStrings = new Map<string, string>();
  const sharedLabel = (label: string) => {
    const known = labelStrings.get(label);
    if (known !== undefined) return known;
    labelStrings.set(label, label);
    return label;
  };
  try {
    for (const folder of conditionFolders(root, misplaced)) {
      const cells = expandCifFiles(root, folderCellFiles(root, folder, misplaced), errors);
      const kept =
        uniform === null ? cells : sampleIndices(cells.length, size ?? 0, uniform).map((i) => cells[i]);
      const h5 = kept.filter((c) => c.objectNumber === undefined);
      const paths = h5.map((c) => join(root, c.file.file));
      const labels = readLabels
        ? await pool.read(paths, onRead)
        : paths.map((): LabelResult => ({ kind: "none" }));
      const labelOf = new Map(h5.map((c, i) => [c, labels[i]]));
      for (const cell of kept) {
        const f = cell.file;
        // Objects of .cif files carry no label (IDEAS keeps classes in .daf files).
        const result: LabelResult = labelOf.get(cell) ?? { kind: "none" };
        if (result.kind === "error") errors.push({ file: f.file, reason: result.reason });
        emit({
          file: f.file,
          experiment: f.experiment,
          donor: f.donor,
          condition: f.condition,
          object_number: cell.objectNumber === undefined ? objectNumberOf(f.name) : String(cell.objectNumber),
          set: result.kind === "label" ? "labeled" : result.kind === "none" ? "unlabeled" : "unreadable",
          label: result.kind === "label" ? sharedLabel(result.label) : "-1",
        });
      }
    }
  } finally {
    await pool.close();
  }
  if (done < total) options.onProgress?.(done, done);
  return { root, misplaced, errors };
}

/** A cell of the dataset: an .h5 file, or one object of an Amnis .cif/.rif file. */
interface CellEntry {
  file: LayoutFile;
  objectNumber?: number;
}

/** One entry per .h5 file and one per object of every .cif/.rif (from its directories, no pixel read). */
function expandCifFiles(root: string, files: readonly LayoutFile[], errors: ScanError[]): CellEntry[] {
  const entries: CellEntry[] = [];
  for (const file of files) {
    if (!isCifFileName(file.name)) {
      entries.push({ file });
      continue;
    }
    try {
      const listing = listCifObjects(join(root, file.file));
      for (const objectNumber of listing.objectNumbers) entries.push({ file, objectNumber });
      if (listing.damage) errors.push({ file: file.file, reason: listing.damage.reason });
    } catch (error) {
      errors.push({ file: file.file, reason: error instanceof CellReadError ? error.reason : String(error) });
    }
  }
  return entries;
}

function seededUniform(seed: number): () => number {
  const random = createRandom(seed);
  return () => random.uniform();
}

/** k distinct indices of 0..n−1 (partial Fisher–Yates), returned in increasing order. */
function sampleIndices(n: number, k: number, uniform: () => number): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  const pool = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(uniform() * (n - i));
    const swap = pool[i];
    pool[i] = pool[j];
    pool[j] = swap;
  }
  return Array.from(pool.subarray(0, k)).sort((a, b) => a - b);
}
