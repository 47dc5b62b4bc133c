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
 * unlabelled or not in `classes` are skipped. Throws naming the file when the label column or a
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
    const values: number[] = [];
    const labels: string[] = [];
    const text = new Map<string, string[]>(textNames.map((name) => [name, []]));
    for await (const batch of reader.batches()) {
      for (let r = 0; r < batch.rowCount; r++) {
        const label = batch.text[labelAt][r];
        if (unlabeled.has(label) || (wanted && !wanted.has(label))) continue;
        labels.push(label);
        for (const at of featureAt) values.push(batch.numeric[at][r]);
        textNames.forEach((name, c) => {
          text.get(name)!.push(batch.text[c][r]);
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
