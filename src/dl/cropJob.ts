import { join } from "node:path";
import { CellReadError } from "../io/cellReadError.js";
import { loadHdf5 } from "../io/hdf5Library.js";
import { type AugmentationOptions, augmentationRandom, augmentCrop } from "./augmentations.js";
import { HdfLibraryNeeded, readCropSource } from "./cellImageReader.js";
import { type CropOptions, type CropSource, cropInto, cropLength } from "./crops.js";

/** What every crop job of a run shares: where the files are, the crop, and the augmentations. */
export interface CropJobSetup {
  /** Dataset root; job files are relative to it (absolute paths also work). */
  readonly root: string;
  readonly crop: CropOptions;
  /** Applied to copies ≥ 1 only; copy 0 is always the plain crop. */
  readonly augmentation?: AugmentationOptions;
  /** Seed of the augmentations (default 0). */
  readonly seed?: number;
}

/** A batch of cells to crop: entry i is metadata row rows[i], copy copies[i], file files[i]. */
export interface CropJob {
  readonly index: number;
  readonly rows: Int32Array;
  /** 0 for the plain crop, k ≥ 1 for augmented copy k. */
  readonly copies: Int32Array;
  readonly files: readonly string[];
  /**
   * Memory to write the crops into when it is large enough (a recycled buffer): allocating and
   * page-faulting tens of megabytes per batch costs more than reading the cells.
   */
  readonly buffer?: ArrayBuffer;
}

/** A cell of a job that gave no crop. */
export interface CropError {
  /** Position of the entry in its job. */
  readonly entry: number;
  readonly row: number;
  readonly file: string;
  /** "read" (the file) or "crop" (e.g. fewer channels than selected). */
  readonly stage: "read" | "crop";
  readonly reason: string;
}

/** The crops of one job: the entries that succeeded, in job order, and the errors of the others. */
export interface CropJobResult {
  readonly index: number;
  /** Positions (in the job) of the entries that have a crop, increasing. */
  readonly entries: Int32Array;
  /** entries.length × C × S × S float32 values (NCHW), from the start of its buffer. */
  readonly images: Float32Array;
  /** Per cropped entry, the augmentations applied ("" for none). */
  readonly augmentations: string[];
  readonly errors: CropError[];
}

/**
 * Reads and crops the cells of one job (on the calling thread). A file that cannot be read or
 * cropped becomes a CropError; the others get a crop. Consecutive entries of the same file are
 * read once (augmented copies follow their original).
 */
export async function computeCropJob(setup: CropJobSetup, job: CropJob): Promise<CropJobResult> {
  try {
    return computeCropJobSync(setup, job);
  } catch (error) {
    if (!(error instanceof HdfLibraryNeeded)) throw error;
    // Loaded on demand: most datasets never need it, and loading costs most of a second per thread.
    await loadHdf5();
    return computeCropJobSync(setup, job);
  }
}

/** computeCropJob without loading the HDF5 library: throws HdfLibraryNeeded for a file that needs it. */
export function computeCropJobSync(setup: CropJobSetup, job: CropJob): CropJobResult {
  const { crop } = setup;
  const length = cropLength(crop);
  const count = job.files.length;
  const needed = count * length;
  const images =
    job.buffer && job.buffer.byteLength >= needed * 4
      ? new Float32Array(job.buffer, 0, needed)
      : new Float32Array(needed);
  const entries = new Int32Array(count);
  const augmentations: string[] = [];
  const errors: CropError[] = [];
  let done = 0;
  let lastFile: string | null = null;
  let lastSource: CropSource | null = null;
  let lastFailure: Omit<CropError, "entry" | "row"> | null = null;
  for (let i = 0; i < count; i++) {
    const file = job.files[i];
    if (file !== lastFile) {
      lastFile = file;
      lastSource = null;
      lastFailure = null;
      try {
        lastSource = readCropSource(join(setup.root, file));
      } catch (error) {
        if (error instanceof HdfLibraryNeeded) throw error;
        lastFailure = { file, stage: "read", reason: describe(error) };
      }
    }
    if (lastFailure || !lastSource) {
      errors.push({ entry: i, row: job.rows[i], ...lastFailure! });
      continue;
    }
    try {
      const offset = done * length;
      cropInto(lastSource, crop, images, offset);
      let applied = "";
      const copy = job.copies[i];
      if (copy > 0 && setup.augmentation) {
        const random = augmentationRandom(setup.seed ?? 0, job.rows[i], copy);
        applied = augmentCrop(images, offset, crop.channels.length, crop.size, setup.augmentation, random);
      }
      entries[done] = i;
      augmentations.push(applied);
      done++;
    } catch (error) {
      errors.push({ entry: i, row: job.rows[i], file, stage: "crop", reason: describe(error) });
    }
  }
  return {
    index: job.index,
    entries: entries.slice(0, done),
    images: done < count ? images.subarray(0, done * length) : images,
    augmentations,
    errors,
  };
}

function describe(error: unknown): string {
  if (error instanceof CellReadError) return error.reason;
  return error instanceof Error ? error.message : String(error);
}
