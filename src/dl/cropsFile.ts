import { loadHdf5 } from "../io/hdf5Library.js";
import type { AugmentationOptions } from "./augmentations.js";
import type { CropScaling } from "./crops.js";

type H5 = Awaited<ReturnType<typeof loadHdf5>>;
type H5File = InstanceType<H5["File"]>;
type H5Dataset = InstanceType<H5["Dataset"]>;
type H5Group = InstanceType<H5["Group"]>;

/** Value of the root attribute `format` of a crops file. */
export const CROPS_FORMAT = "scifai-crops";
/** Version of the crops file layout written here. */
export const CROPS_FORMAT_VERSION = 1;

/** What a crops file says about how its crops were made (the root attribute `scifai`, JSON). */
export interface CropsFileInfo {
  /** Source channels (0-based) in crop channel order. */
  readonly channels: readonly number[];
  /** Names of those channels, when given at export. */
  readonly channelNames: readonly string[] | null;
  /** Side S of the crops. */
  readonly size: number;
  readonly scaling: CropScaling;
  /** Class names; `labels` holds indices into them (−1 for none). */
  readonly classes: readonly string[];
  /** How the split was made (null when there was no labelled row). */
  readonly split: {
    readonly testSize: number;
    readonly validationSize: number;
    readonly stratify: readonly string[];
    readonly seed: number;
  } | null;
  /** Augmentations of the extra training copies (null for none). */
  readonly augmentation: (AugmentationOptions & { readonly copies: number; readonly seed: number }) | null;
  /** Number of crops (rows of every dataset). */
  readonly count: number;
}

/** The table stored beside the images, one entry per crop. */
export interface CropsTable {
  /** Class index per crop (−1 for none). */
  readonly labels: Int32Array;
  /** "train", "validation", "test" or "none" per crop. */
  readonly split: readonly string[];
  /** Text columns in order (metadata and augmentation), each one value per crop. */
  readonly columns: ReadonlyMap<string, readonly string[]>;
}

/**
 * Writes a crops file with h5wasm, streaming the images: `images` float32 [N, C, S, S] (chunked
 * one crop per chunk, so a PyTorch Dataset reads any crop alone), then at the end `labels` int64
 * [N], `split` [N] strings, the group `metadata` with one string dataset per column (attribute
 * `column-order`), and root attributes describing the crops (`format`, `format_version`, `scifai`
 * as JSON, and plain `channels`, `size`, `classes` for Python users).
 */
export class CropsFileWriter {
  private count = 0;
  private closed = false;

  private constructor(
    private readonly file: H5File,
    private readonly images: H5Dataset,
    private readonly channels: number,
    private readonly size: number,
  ) {}

  /** Creates (replaces) `path` with an empty, growable `images` dataset of C × S × S crops. */
  static async create(
    path: string,
    channels: number,
    size: number,
    options: { gzipLevel?: number } = {},
  ): Promise<CropsFileWriter> {
    const h5 = await loadHdf5();
    const file = new h5.File(path, "w");
    try {
      const images = file.create_dataset({
        name: "images",
        data: new Float32Array(0),
        shape: [0, channels, size, size],
        maxshape: [null, channels, size, size],
        dtype: "<f",
        chunks: [1, channels, size, size],
        ...(options.gzipLevel === undefined ? {} : { compression: options.gzipLevel }),
      });
      return new CropsFileWriter(file, images, channels, size);
    } catch (error) {
      file.close();
      throw error;
    }
  }

  /** Crops written so far. */
  get rows(): number {
    return this.count;
  }

  /** Appends `count` crops (the first count × C × S × S values of `images`). */
  append(images: Float32Array, count: number): void {
    if (count === 0) return;
    const length = this.channels * this.size * this.size;
    if (images.length < count * length)
      throw new RangeError(`${images.length} values do not hold ${count} crops`);
    const end = this.count + count;
    this.images.resize([end, this.channels, this.size, this.size]);
    this.images.write_slice(
      [
        [this.count, end],
        [0, this.channels],
        [0, this.size],
        [0, this.size],
      ],
      images.subarray(0, count * length),
    );
    this.count = end;
  }

  /** Writes the table and the attributes and closes the file; the table must have one entry per crop. */
  finish(table: CropsTable, info: Omit<CropsFileInfo, "count">): void {
    try {
      const n = this.count;
      if (table.labels.length !== n || table.split.length !== n)
        throw new RangeError(`the table has ${table.labels.length} labels for ${n} crops`);
      for (const [name, values] of table.columns)
        if (values.length !== n)
          throw new RangeError(`column '${name}' has ${values.length} values for ${n} crops`);
      // int64, as PyTorch's class targets ("<q" in h5wasm's struct-style type letters).
      const labels = new BigInt64Array(n);
      for (let i = 0; i < n; i++) labels[i] = BigInt(table.labels[i]);
      this.file.create_dataset({ name: "labels", data: labels, shape: [n], dtype: "<q" });
      writeStrings(this.file, "split", table.split);
      const group = this.file.create_group("metadata");
      const names = [...table.columns.keys()];
      if (names.length > 0) group.create_attribute("column-order", names);
      for (const [name, values] of table.columns) writeStrings(group, name, values);
      const root = this.file;
      root.create_attribute("format", CROPS_FORMAT);
      root.create_attribute("format_version", CROPS_FORMAT_VERSION);
      root.create_attribute("scifai", JSON.stringify({ ...info, count: n }));
      root.create_attribute("channels", Int32Array.from(info.channels));
      root.create_attribute("size", info.size);
      if (info.classes.length > 0) root.create_attribute("classes", [...info.classes]);
    } finally {
      this.close();
    }
  }

  /** Closes the file without the table (a failed run); the file is incomplete. */
  abandon(): void {
    this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.file.close();
  }
}

function writeStrings(group: H5Group, name: string, values: readonly string[]): void {
  // An empty list gives h5wasm no type to infer: write one string, then shape [0].
  group.create_dataset({ name, data: values.length > 0 ? [...values] : [""], shape: [values.length] });
}

/** Reads the description of a crops file (its `scifai` attribute); throws naming the file otherwise. */
export async function readCropsFileInfo(path: string): Promise<CropsFileInfo> {
  const h5 = await loadHdf5();
  let file: H5File;
  try {
    file = new h5.File(path, "r");
  } catch (error) {
    throw new Error(
      `${path}: cannot open as HDF5 (${error instanceof Error ? error.message.split("\n")[0] : error})`,
    );
  }
  try {
    const attrs = file.attrs;
    if (attrs.format?.value !== CROPS_FORMAT || !attrs.scifai)
      throw new Error(`${path}: not a crops file made by 'scifai export-crops'`);
    return JSON.parse(String(attrs.scifai.value)) as CropsFileInfo;
  } finally {
    file.close();
  }
}

/** Reads `count` crops from `start` of a crops file's `images` (float32, NCHW). */
export async function readCropImages(path: string, start: number, count: number): Promise<Float32Array> {
  const h5 = await loadHdf5();
  const file = new h5.File(path, "r");
  try {
    const images = file.get("images");
    if (!(images instanceof h5.Dataset)) throw new Error(`${path}: no 'images' dataset`);
    const shape = images.shape ?? [];
    const end = Math.min(shape[0] ?? 0, start + count);
    if (end <= start) return new Float32Array(0);
    return images.slice([[start, end]]) as Float32Array;
  } finally {
    file.close();
  }
}
