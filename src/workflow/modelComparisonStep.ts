import type { ClassifierKind } from "../ml/classifier.js";
import type { LabeledDataset } from "../ml/labeledDataset.js";
import { takeColumns, takeRows } from "../ml/matrix.js";
import { compareModels, type ModelComparisonRow } from "../ml/metrics/modelComparison.js";
import type { TrainedModel } from "../ml/modelFile.js";
import { type TrainResult, trainClassifier } from "../ml/training.js";

/** Result of {@link compareModelsOnTestCells}. */
export interface ModelComparisonResult {
  rows: ModelComparisonRow[];
  /** Test cells every model was scored on. */
  testCells: number;
  /** Test cells left out because the CNN gave them no prediction (unreadable for it). */
  missingCnn: number;
  replicates: number;
  notes: string[];
}

/** Class codes a trained model predicts for `rows` of the dataset (argmax of its probabilities). */
export function predictDatasetRows(
  model: TrainedModel,
  dataset: LabeledDataset,
  rows: ArrayLike<number>,
): Int32Array {
  const X = takeColumns(takeRows(dataset.X, rows), model.featureIndices(dataset.featureNames));
  const probabilities = model.predictProba(X);
  const classes = model.file.classes.length;
  // The model's classes are the dataset's (it was trained on it), but map by name to be safe.
  const toDataset = model.file.classes.map((name) => dataset.classes.indexOf(name));
  return Int32Array.from({ length: X.rows }, (_, r) => {
    let best = 0;
    for (let k = 1; k < classes; k++)
      if (probabilities[r * classes + k] > probabilities[r * classes + best]) best = k;
    return toDataset[best];
  });
}

/**
 * The paper's model comparison, on the very test cells of the main model's split: the main model,
 * each of `kinds` trained with the same split, seed and feature selection, and optionally a CNN
 * (its predicted class per file), each with accuracy, balanced accuracy, macro F1, MCC and kappa
 * and percentile bootstrap intervals (paired: every model resamples the same cells). A CNN class
 * that is not one of the dataset's classes counts as wrong. With a CNN, cells it has no prediction
 * for are left out for every model and counted in `missingCnn`.
 */
export function compareModelsOnTestCells(
  dataset: LabeledDataset,
  main: { kind: ClassifierKind; result: TrainResult },
  kinds: readonly ClassifierKind[],
  options: {
    seed: number;
    select?: number | "auto";
    labelColumn: string;
    replicates?: number;
    cnnByFile?: ReadonlyMap<string, string>;
    step: (message: string) => void;
  },
): ModelComparisonResult {
  const notes: string[] = [];
  let test = Int32Array.from(main.result.split.test);
  const files = dataset.text.get("file");
  let missingCnn = 0;
  if (options.cnnByFile && files) {
    const kept = [...test].filter((row) => options.cnnByFile!.has(files[row]));
    missingCnn = test.length - kept.length;
    test = Int32Array.from(kept);
  }
  const truth = Int32Array.from(test, (row) => dataset.y[row]);
  const models: { model: string; predicted: Int32Array }[] = [
    { model: main.kind, predicted: predictDatasetRows(main.result.model, dataset, test) },
  ];
  for (const kind of kinds) {
    if (kind === main.kind) continue;
    options.step(`comparison model: ${kind}`);
    try {
      const other = trainClassifier(dataset, {
        model: kind,
        seed: options.seed,
        select: options.select,
        labelColumn: options.labelColumn,
      });
      models.push({ model: kind, predicted: predictDatasetRows(other.model, dataset, test) });
    } catch (error) {
      notes.push(`${kind} could not be trained: ${(error as Error).message}`);
    }
  }
  if (options.cnnByFile && files) {
    const unknown = dataset.classes.length;
    let foreign = 0;
    const predicted = Int32Array.from(test, (row) => {
      const code = dataset.classes.indexOf(options.cnnByFile!.get(files[row]) ?? "");
      if (code < 0) foreign++;
      return code < 0 ? unknown : code;
    });
    if (foreign > 0)
      notes.push(`${foreign} CNN predictions name a class the labels do not have; they count as wrong`);
    models.push({ model: "cnn", predicted });
  }
  const replicates = options.replicates ?? 1000;
  const rows = truth.length > 0 ? compareModels(truth, models, { replicates, seed: options.seed }) : [];
  return { rows, testCells: truth.length, missingCnn, replicates, notes };
}
