import { readFileSync } from "node:fs";
import { parseCsvLine, splitCsvRecords } from "../io/csvFormat.js";
import { openTable } from "../io/tableReader.js";
import type { Matrix } from "./matrix.js";

/** Options of `loadLabeledDataset`. */
export interface LabeledDatasetOptions {
  /** Text column holding the class (default "label"). */
  labelColumn?: string;
  /** Classes to keep, in this order (default: every label present, sorted). */
  classes?: readonly string[];
  /** Label values meaning "no label" (default "-1" and the empty string), never kept. */
  unlabeled?: readonly string[];
  /** Keep only these feature columns, in this order (default: every numeric column). */
  features?: readonly string[];
  /**
   * Labels that replace or add to the label column, keyed by {@link labelKey}(file, object_number)
   * (e.g. from {@link readLabelSidecar}); needs the table's file and object_number columns.
   */
  labelOverrides?: ReadonlyMap<string, string>;
}

/** Key of a cell in label overrides: its file and object number. */
export function labelKey(file: string, objectNumber: string): string {
  return `${file}\u0000${objectNumber}`;
}

/**
 * Reads a label sidecar CSV (file, object_number, label[, user, time]; the viewer's
 * labels.sidecar.csv) into overrides for {@link loadLabeledDataset}: the last line of a cell wins.
 * Throws naming the file when a required column is missing.
 */
export function readLabelSidecar(path: string): Map<string, string> {
  const records = splitCsvRecords(readFileSync(path, "utf8"));
  const header = parseCsvLine(records[0] ?? "");
  const at = ["file", "object_number", "label"].map((name) => header.indexOf(name));
  if (at.some((i) => i < 0))
    throw new Error(`${path}: a label sidecar needs file, object_number and label columns`);
  const labels = new Map<string, string>();
  for (const record of records.slice(1)) {
    const fields = parseCsvLine(record);
    if (fields.length < header.length) continue;
    labels.set(labelKey(fields[at[0]], fields[at[1]]), fields[at[2]]);
  }
  return labels;
}

/** Labelled rows of a feature table, ready for training: features, class indices and metadata. */
export interface LabeledDataset {
  featureNames: string[];
  /** rows × features, NaN kept as NaN (fill or impute downstream). */
  X: Matrix;
  /** Class index of every row into `classes`. */
  y: Int32Array;
  classes: string[];
  /** Text (metadata) columns of the kept rows, e.g. file, experiment, donor, condition, label. */
  text: Map<string, string[]>;
}

/**
 * Reads the labelled rows of a feature table (.parquet, .csv, .csv.gz or .h5ad) in one streaming
 * pass: feature columns are the numeric columns that are not metadata; rows whose label is missing,
 * unlabelled or not in `classes` (after `labelOverrides`) are skipped. Throws naming the file when the label column or a
 * requested feature or class is absent.
 */
export async function loadLabeledDataset(
  path: string,
  options: LabeledDatasetOptions = {},
): Promise<LabeledDataset> {
  const labelColumn = options.labelColumn ?? "label";
  const unlabeled = new Set(options.unlabeled ?? ["-1", ""]);
  const reader = await openTable(path);
  try {
    const { text: textNames, numeric } = reader.columns;
    const labelAt = textNames.indexOf(labelColumn);
    if (labelAt < 0) {
      throw new Error(
        `${path}: no label column '${labelColumn}' (text columns: ${textNames.join(", ") || "none"})`,
      );
    }
    const featureNames = options.features ? [...options.features] : [...numeric];
    const missing = featureNames.filter((name) => !numeric.includes(name));
    if (missing.length > 0) throw new Error(`${path}: missing feature columns: ${missing.join(", ")}`);
    const featureAt = featureNames.map((name) => numeric.indexOf(name));
    const wanted = options.classes ? new Set(options.classes) : null;
    const overrides = options.labelOverrides;
    const fileAt = textNames.indexOf("file");
    const objectAt = textNames.indexOf("object_number");
    if (overrides && (fileAt < 0 || objectAt < 0))
      throw new Error(`${path}: label overrides need the file and object_number columns`);
    const values: number[] = [];
    const labels: string[] = [];
    const text = new Map<string, string[]>(textNames.map((name) => [name, []]));
    for await (const batch of reader.batches()) {
      for (let r = 0; r < batch.rowCount; r++) {
        const label =
          overrides?.get(labelKey(batch.text[fileAt][r], batch.text[objectAt][r])) ?? batch.text[labelAt][r];
        if (unlabeled.has(label) || (wanted && !wanted.has(label))) continue;
        labels.push(label);
        for (const at of featureAt) values.push(batch.numeric[at][r]);
        textNames.forEach((name, c) => {
          text.get(name)!.push(c === labelAt ? label : batch.text[c][r]);
        });
      }
    }
    const present = [...new Set(labels)].sort();
    const classes = options.classes ? [...options.classes] : present;
    const absent = classes.filter((c) => !present.includes(c));
    if (options.classes && absent.length > 0)
      throw new Error(`${path}: no labelled row of class ${absent.join(", ")}`);
    if (labels.length === 0) throw new Error(`${path}: no labelled rows in column '${labelColumn}'`);
    const index = new Map(classes.map((c, i) => [c, i]));
    return {
      featureNames,
      X: { data: Float64Array.from(values), rows: labels.length, cols: featureNames.length },
      y: Int32Array.from(labels, (label) => index.get(label)!),
      classes,
      text,
    };
  } finally {
    reader.close();
  }
}
