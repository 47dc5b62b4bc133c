import { existsSync, renameSync, rmSync } from "node:fs";
import { METADATA_COLUMNS, type Metadata } from "../io/metadata.js";
import { compositeKey } from "../ml/split/compositeKey.js";
import { stratifiedSplit } from "../ml/split/stratifiedSplit.js";
import { type AugmentationOptions, augments, checkAugmentationOptions } from "./augmentations.js";
import { streamCrops } from "./cropStream.js";
import { type CropScaling, checkCropOptions } from "./crops.js";
import { type CropsFileInfo, CropsFileWriter } from "./cropsFile.js";
import { ErrorCsv } from "./errorCsv.js";
import { type ScalingSampleOptions, sampleScalingBounds } from "./scalingBounds.js";

/** The scaling of an export: fixed, or min–max bounds sampled from the (training) cells. */
export type ScalingChoice = CropScaling | ({ readonly kind: "sampled" } & ScalingSampleOptions);

/** Options of {@link exportCrops}. */
export interface ExportCropsOptions {
  readonly metadata: Metadata;
  /** Output .h5 file. */
  readonly output: string;
  /** Source channels (0-based) in crop order. */
  readonly channels: readonly number[];
  /** Names of the selected channels, stored in the file (optional). */
  readonly channelNames?: readonly string[];
  /** Side S of the crops. */
  readonly size: number;
  readonly scaling: ScalingChoice;
  /** Class names in label-index order (default: the labels present, sorted). Other labels get −1. */
  readonly classes?: readonly string[];
  /** Export only cells whose label is one of the classes (default: every cell). */
  readonly labeledOnly?: boolean;
  /** Share of the labelled cells in the test set (default 0.3, as the study). */
  readonly testSize?: number;
  /** Share of the remaining labelled cells in the validation set (default 0.2). */
  readonly validationSize?: number;
  /** Metadata columns whose combination stratifies the split (default label, experiment, donor). */
  readonly stratify?: readonly string[];
  /** Seed of the split, the sampled bounds and the augmentations (default 0). */
  readonly seed?: number;
  /** Augmented copies of each training cell, added after it (none by default). */
  readonly augmentation?: AugmentationOptions & { readonly copies: number };
  /** Worker threads reading and cropping (default 1; 0 = this thread). */
  readonly workers?: number;
  /** Cells per batch (default 128). */
  readonly batchSize?: number;
  /** Deflate level 0–9 for `images` (default: stored uncompressed, fastest to read). */
  readonly gzipLevel?: number;
  /** Replace an existing output. */
  readonly overwrite?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

/** What {@link exportCrops} wrote. */
export interface ExportCropsSummary {
  readonly output: string;
  /** `OUTPUT.errors.csv`: cells that gave no crop (file, stage, reason). */
  readonly errorsPath: string;
  /** Crops written (augmented copies included). */
  readonly rows: number;
  readonly errors: number;
  readonly classes: readonly string[];
  /** Crops per split ("train", "validation", "test", "none"). */
  readonly splitCounts: Readonly<Record<string, number>>;
  /** The scaling used (sampled bounds resolved). */
  readonly scaling: CropScaling;
  /** Cells read to sample the bounds (0 for a fixed scaling). */
  readonly scalingCells: number;
}

/**
 * Writes the crops of a dataset to one HDF5 file for training a network in PyTorch (see
 * CropsFileWriter for the layout): crops in metadata order, each training cell followed by its
 * augmented copies; labels as class indices; a seeded split of the labelled cells stratified like
 * `scifai train` (test first, then validation); unlabelled cells get split "none". Cells that
 * cannot be read or cropped are left out and listed in `OUTPUT.errors.csv`. Memory stays bounded:
 * crops stream to the file batch by batch. Throws before writing when the options are invalid or
 * the output exists without `overwrite`.
 */
export async function exportCrops(options: ExportCropsOptions): Promise<ExportCropsSummary> {
  const { metadata, output, channels, size } = options;
  if (existsSync(output) && !options.overwrite)
    throw new Error(`${output} already exists; use --overwrite to replace it`);
  if (options.channelNames && options.channelNames.length !== channels.length)
    throw new RangeError(
      `${options.channelNames.length} channel names for ${channels.length} selected channels`,
    );
  const augmentation =
    options.augmentation && augments(options.augmentation) ? options.augmentation : undefined;
  if (augmentation) {
    checkAugmentationOptions(augmentation);
    if (!Number.isInteger(augmentation.copies) || augmentation.copies < 1)
      throw new RangeError(`augmented copies must be a whole number ≥ 1, got ${augmentation.copies}`);
  }
  const seed = options.seed ?? 0;
  const rows = metadata.rows;

  const classes = options.classes ? [...options.classes] : presentLabels(metadata);
  if (new Set(classes).size !== classes.length)
    throw new RangeError(`duplicate class names in ${classes.join(", ")}`);
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const labelOf = (row: number) =>
    rows[row].set === "labeled" ? (classIndex.get(rows[row].label) ?? -1) : -1;

  const selected: number[] = [];
  for (let r = 0; r < rows.length; r++) if (!options.labeledOnly || labelOf(r) >= 0) selected.push(r);

  // The split of the labelled cells, stratified as `scifai train` does.
  const splitOf = new Array<string>(rows.length).fill("none");
  const labelled = selected.filter((r) => labelOf(r) >= 0);
  const stratify = options.stratify ? [...options.stratify] : ["label", "experiment", "donor"];
  for (const column of stratify) {
    if (!(METADATA_COLUMNS as readonly string[]).includes(column))
      throw new RangeError(
        `cannot stratify on '${column}': not a metadata column (${METADATA_COLUMNS.join(", ")})`,
      );
  }
  const testSize = options.testSize ?? 0.3;
  const validationSize = options.validationSize ?? 0.2;
  let split: CropsFileInfo["split"] = null;
  if (labelled.length > 0) {
    const keys = compositeKey(
      ...stratify.map((column) => labelled.map((r) => rows[r][column as (typeof METADATA_COLUMNS)[number]])),
    );
    const sets = stratifiedSplit(keys, { testSize, validationSize, seed });
    for (const i of sets.train) splitOf[labelled[i]] = "train";
    for (const i of sets.validation) splitOf[labelled[i]] = "validation";
    for (const i of sets.test) splitOf[labelled[i]] = "test";
    split = { testSize, validationSize, stratify, seed };
  }

  let scaling: CropScaling;
  let scalingCells = 0;
  if (options.scaling.kind === "sampled") {
    // Bounds come from training cells when there are any, so validation and test stay unseen.
    const training = selected.filter((r) => splitOf[r] === "train");
    const pool = training.length > 0 ? training : selected;
    const sampled = await sampleScalingBounds(
      metadata.root,
      pool.map((r) => rows[r].file),
      channels,
      size,
      { ...options.scaling, seed: options.scaling.seed ?? seed },
    );
    scaling = sampled.scaling;
    scalingCells = sampled.cells;
  } else {
    scaling = options.scaling;
  }
  const crop = { channels: [...channels], size, scaling };
  checkCropOptions(crop);

  // Entries: every selected row, each training row followed by its augmented copies.
  const copiesPerTrainingRow = augmentation?.copies ?? 0;
  const entryRows: number[] = [];
  const entryCopies: number[] = [];
  for (const r of selected) {
    entryRows.push(r);
    entryCopies.push(0);
    if (splitOf[r] === "train") {
      for (let k = 1; k <= copiesPerTrainingRow; k++) {
        entryRows.push(r);
        entryCopies.push(k);
      }
    }
  }
  const total = entryRows.length;

  const partial = `${output}.partial`;
  const errorsPath = `${output}.errors.csv`;
  const errors = new ErrorCsv(errorsPath);
  const writer = await CropsFileWriter.create(partial, channels.length, size, {
    gzipLevel: options.gzipLevel,
  });
  const keptRows: number[] = [];
  const keptCopies: number[] = [];
  const keptAugmentations: string[] = [];
  try {
    const stream = streamCrops(
      {
        rows: Int32Array.from(entryRows),
        copies: Int32Array.from(entryCopies),
        file: (row) => rows[row].file,
      },
      {
        root: metadata.root,
        crop,
        augmentation,
        seed,
        workers: options.workers,
        batchSize: options.batchSize,
        recycle: true,
      },
    );
    for await (const batch of stream) {
      writer.append(batch.images, batch.entries.length);
      for (let i = 0; i < batch.entries.length; i++) {
        keptRows.push(batch.rows[i]);
        keptCopies.push(batch.copies[i]);
        keptAugmentations.push(batch.augmentations[i]);
      }
      errors.append(batch.errors);
      options.onProgress?.(batch.start + batch.entries.length + batch.errors.length, total);
    }
    const n = keptRows.length;
    const labels = new Int32Array(n);
    const splits = new Array<string>(n);
    const splitCounts: Record<string, number> = { train: 0, validation: 0, test: 0, none: 0 };
    for (let i = 0; i < n; i++) {
      labels[i] = labelOf(keptRows[i]);
      splits[i] = splitOf[keptRows[i]];
      splitCounts[splits[i]]++;
    }
    const columns = new Map<string, string[]>();
    for (const column of METADATA_COLUMNS)
      columns.set(
        column,
        keptRows.map((r) => rows[r][column]),
      );
    columns.set("augmentation", keptAugmentations);
    writer.finish(
      { labels, split: splits, columns },
      {
        channels: [...channels],
        channelNames: options.channelNames ? [...options.channelNames] : null,
        size,
        scaling,
        classes,
        split,
        augmentation: augmentation ? { ...augmentation, seed } : null,
      },
    );
    errors.close();
    renameSync(partial, output);
    return {
      output,
      errorsPath,
      rows: n,
      errors: errors.count,
      classes,
      splitCounts,
      scaling,
      scalingCells,
    };
  } catch (error) {
    writer.abandon();
    errors.close();
    rmSync(partial, { force: true });
    throw error;
  }
}

/** Labels of the labelled rows, distinct, in code-point order (as NumPy's unique). */
function presentLabels(metadata: Metadata): string[] {
  const labels = new Set<string>();
  for (const row of metadata.rows) if (row.set === "labeled") labels.add(row.label);
  return [...labels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
