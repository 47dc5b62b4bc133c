import { mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { writeCellFile } from "../cellFile.js";
import { listCifObjects } from "./cifCells.js";
import type { CifMetadata } from "./cifMetadata.js";
import { type CifObject, type CifObjectError, CifReader } from "./cifObjects.js";

/** Where and how importCif writes the cells of a .cif file. */
export interface CifImportOptions {
  /** Dataset root (DATA); cells go to DATA/<experiment>/<donor>/<condition>/. */
  readonly root: string;
  readonly experiment: string;
  readonly donor: string;
  readonly condition: string;
  /** File-name prefix; default the .cif file's name without its extension. */
  readonly name?: string;
  /** Store pixels gzip-compressed (h5py's compression="gzip"); default uncompressed. */
  readonly gzip?: boolean;
  /** Called after each object with the number done and the number of objects in the file. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What importCif wrote. */
export interface CifImportSummary {
  /** The folder the cells went to. */
  readonly folder: string;
  readonly metadata: CifMetadata;
  /** Number of cell files written. */
  readonly written: number;
  /** Objects that could not be read (the others were written). */
  readonly errors: readonly CifObjectError[];
}

/**
 * Converts every object of a .cif/.rif file into a scifAI cell file
 * `root/<experiment>/<donor>/<condition>/<name>_<objectNumber>.h5` holding `image` (H, W, C)
 * uint16 (float64 for an object with a value outside 0–65535, so nothing is clipped), `mask`
 * (H, W, C) uint8 0/1 when the file has masks, and no label; existing files of the same name are
 * replaced, and the same input always gives the same bytes. Objects that cannot be read are
 * returned in `errors` and the rest are written. Throws CellReadError when the file cannot be
 * opened as a .cif, and Error for names cifImportNameProblem refuses.
 */
export function importCif(path: string, options: CifImportOptions): CifImportSummary {
  const problem = cifImportNameProblem(path, options);
  if (problem) throw new Error(problem);
  const name = cifImportPrefix(path, options.name);
  const listing = listCifObjects(path);
  const total = listing.objectNumbers.length + (listing.damage ? 1 : 0);
  const folder = join(options.root, options.experiment, options.donor, options.condition);
  const reader = CifReader.open(path);
  const errors: CifObjectError[] = [];
  let written = 0;
  let done = 0;
  try {
    mkdirSync(folder, { recursive: true });
    for (const record of reader.records()) {
      if (record.kind === "error") errors.push(record);
      else {
        writeCellFile(join(folder, `${name}_${record.objectNumber}.h5`), interleaved(record), {
          compression: options.gzip ? "gzip" : "none",
        });
        written++;
      }
      options.onProgress?.(++done, Math.max(total, done));
    }
  } finally {
    reader.close();
  }
  return { folder, metadata: reader.metadata, written, errors };
}

/** An object as h5py stores cells: (H, W, C) arrays, channel fastest. */
function interleaved(object: CifObject) {
  const { height, width, channels } = object;
  const pixels = height * width;
  let fitsUint16 = true;
  for (const plane of object.image) {
    for (let p = 0; p < pixels; p++) {
      const value = plane[p];
      if (value < 0 || value > 65535) fitsUint16 = false;
    }
  }
  const image = fitsUint16 ? new Uint16Array(pixels * channels) : new Float64Array(pixels * channels);
  object.image.forEach((plane, c) => {
    for (let p = 0, i = c; p < pixels; p++, i += channels) image[i] = plane[p];
  });
  let mask: Uint8Array | null = null;
  if (object.mask) {
    const interleavedMask = new Uint8Array(pixels * channels);
    object.mask.forEach((plane, c) => {
      for (let p = 0, i = c; p < pixels; p++, i += channels) interleavedMask[i] = plane[p];
    });
    mask = interleavedMask;
  }
  return { height, width, channels, image, mask };
}

/** The file-name prefix importCif uses: `name`, else the file's name without .cif/.rif. */
export function cifImportPrefix(path: string, name?: string): string {
  return name ?? basename(path).replace(/\.(cif|rif)$/i, "");
}

/**
 * Why importCif would refuse these names (experiment, donor, condition or prefix empty, "." or
 * "..", or containing a slash or backslash), or `null` when they are fine.
 */
export function cifImportNameProblem(
  path: string,
  options: Pick<CifImportOptions, "experiment" | "donor" | "condition" | "name">,
): string | null {
  const names: [string, string][] = [
    ["experiment", options.experiment],
    ["donor", options.donor],
    ["condition", options.condition],
    ["file-name prefix", cifImportPrefix(path, options.name)],
  ];
  for (const [what, value] of names) {
    if (value === "" || value === "." || value === ".." || /[/\\]/.test(value)) {
      return `invalid ${what} '${value}': expected a name without '/' or '\\'`;
    }
  }
  return null;
}
