import type { ClassifierKind } from "./classifier.js";
import type { LabeledDataset } from "./labeledDataset.js";
import { type Matrix, takeColumns, takeRows } from "./matrix.js";
import { type ClassificationReport, classificationReport } from "./metrics/classificationReport.js";
import { MODEL_FORMAT_VERSION, type ModelFile, prepareFeatures, TrainedModel } from "./modelFile.js";
import { createClassifier } from "./models/classifierRegistry.js";
import { MinMaxScaler } from "./preprocessing/minMaxScaler.js";
import { RobustScaler } from "./preprocessing/robustScaler.js";
import type { Scaler, ScalerKind } from "./preprocessing/scaler.js";
import { StandardScaler } from "./preprocessing/standardScaler.js";
import { AutoFeatureSelection } from "./selection/autoFeatureSelection.js";
import { chooseTopK } from "./selection/chooseTopK.js";
import { compositeKey } from "./split/compositeKey.js";
import { type StratifiedSplit, stratifiedSplit } from "./split/stratifiedSplit.js";

/** Options of `trainClassifier` (the CLI's `scifai train`). */
export interface TrainOptions {
  model: ClassifierKind;
  /** Hyper-parameters of the model (its own names, e.g. nEstimators, maxDepth, C, penalty). */
  modelOptions?: Record<string, unknown>;
  /** Scaler fitted on training rows (default "standard", as the paper). */
  scaler?: ScalerKind | "none";
  /** AutoFeatureSelection: top_k, or "auto" to choose it on the validation set (default: no selection). */
  select?: number | "auto";
  /** Candidates of `select: "auto"` (default 5, 10, 20, 40, 80, 130, 200 within the feature count). */
  selectCandidates?: number[];
  /** Test fraction of all rows (default 0.3). */
  testSize?: number;
  /** Validation fraction of the remaining rows (default 0.2). */
  validationSize?: number;
  /** Text columns whose combination stratifies the split (default label, experiment, donor where present). */
  stratifyBy?: string[];
  seed?: number;
  labelColumn?: string;
  /** Where the data came from, recorded in the model file. */
  source?: string;
  /** Progress messages ("fitting the scaler", …). */
  onStep?: (message: string) => void;
}

/** A trained model with its honest evaluation. */
export interface TrainResult {
  model: TrainedModel;
  split: StratifiedSplit;
  /** Model fitted on train, evaluated on validation (null without a validation set). */
  validation: ClassificationReport | null;
  /** Final model (fitted on train + validation, as the paper) evaluated on test. */
  test: ClassificationReport | null;
}

const SCIFAI_VERSION = "0.1.0";

/**
 * Trains a classifier the way the study did, reproducibly: fillna(0), a seeded split stratified
 * on label + experiment + donor (test 30%, then validation 20% of the rest), a scaler fitted on
 * training rows only, optional AutoFeatureSelection (top_k chosen on validation with
 * `select: "auto"`), a model fitted on train and evaluated on validation, then the final model
 * fitted on train + validation and evaluated on the untouched test set.
 */
export function trainClassifier(dataset: LabeledDataset, options: TrainOptions): TrainResult {
  const started = performance.now();
  const step = options.onStep ?? (() => {});
  const seed = options.seed ?? 0;
  const classCount = dataset.classes.length;
  if (classCount < 2)
    throw new Error(
      `training needs at least two classes, found ${classCount}: ${dataset.classes.join(", ")}`,
    );
  const labelColumn = options.labelColumn ?? "label";
  const stratifyBy =
    options.stratifyBy ?? [labelColumn, "experiment", "donor"].filter((c) => dataset.text.has(c));
  const missingStrata = stratifyBy.filter((c) => !dataset.text.has(c));
  if (missingStrata.length > 0)
    throw new Error(`cannot stratify by missing columns: ${missingStrata.join(", ")}`);
  const keys =
    stratifyBy.length > 0
      ? compositeKey(...stratifyBy.map((c) => dataset.text.get(c)!))
      : dataset.classes.map(() => "");
  const split = stratifiedSplit(keys, {
    testSize: options.testSize ?? 0.3,
    validationSize: options.validationSize ?? 0.2,
    seed,
  });
  step(
    `split ${split.totals.train} train / ${split.totals.validation} validation / ${split.totals.test} test rows`,
  );

  // scifAI's cleaning: fillna(0), and columns with ±inf or a single value in the training data go.
  const usable = usableColumns(dataset.X);
  const filled = prepareFeatures(takeColumns(dataset.X, usable), 0, null);
  const inputNames = usable.map((c) => dataset.featureNames[c]);
  if (inputNames.length === 0) throw new Error("no feature varies and is finite in the labelled rows");
  step(`${inputNames.length} of ${dataset.featureNames.length} features are finite and vary`);
  const part = (rows: Uint32Array) => ({
    X: takeRows(filled, rows),
    y: Int32Array.from(rows, (r) => dataset.y[r]),
  });
  const train = part(split.train);
  const validation = part(split.validation);
  const test = part(split.test);
  const makeScaler = (): Scaler | null => newScaler(options.scaler ?? "standard");

  // Feature selection works on scaled training rows; the kept columns are then used throughout.
  let selected: number[] = Array.from({ length: inputNames.length }, (_, i) => i);
  let selectionSummary: ModelFile["training"]["featureSelection"] = null;
  if (options.select !== undefined) {
    const scaler = makeScaler();
    const scaledTrain = scaler ? scaler.fitTransform(train.X) : train.X;
    const scaledValidation = scaler ? scaler.transform(validation.X) : validation.X;
    if (options.select === "auto") {
      if (validation.X.rows === 0)
        throw new Error("--select auto needs a validation set (validation size > 0)");
      const candidates = (options.selectCandidates ?? [5, 10, 20, 40, 80, 130, 200]).filter(
        (k) => k <= inputNames.length,
      );
      step(`choosing top_k on validation among ${candidates.join(", ")}`);
      const choice = chooseTopK(
        { X: scaledTrain, y: train.y },
        { X: scaledValidation, y: validation.y },
        classCount,
        {
          candidates: candidates.length > 0 ? candidates : [inputNames.length],
          modelFactory: () => createClassifier(options.model, options.modelOptions, seed),
          selection: { seed },
        },
      );
      selected = Array.from(choice.curve.find((p) => p.k === choice.bestK)!.selected);
      selectionSummary = {
        method: "AutoFeatureSelection",
        topK: choice.bestK,
        candidates: choice.curve.map((p) => ({ k: p.k, score: p.score })),
      };
    } else {
      step(`selecting ${options.select} features`);
      const selection = new AutoFeatureSelection({ topK: options.select, seed }).fit(
        scaledTrain,
        train.y,
        classCount,
      );
      selected = Array.from(selection.selectedIndices);
      selectionSummary = { method: "AutoFeatureSelection", topK: options.select };
    }
  }
  const featureNames = selected.map((i) => inputNames[i]);
  const columns = (X: Matrix) => (selected.length === inputNames.length ? X : takeColumns(X, selected));

  let validationReport: ClassificationReport | null = null;
  if (validation.X.rows > 0) {
    step(`fitting ${options.model} on ${train.X.rows} training rows`);
    const scaler = makeScaler();
    const X = columns(train.X);
    const classifier = createClassifier(options.model, options.modelOptions, seed);
    classifier.fit(scaler ? scaler.fitTransform(X) : X, train.y, classCount, {
      validation: {
        X: scaler ? scaler.transform(columns(validation.X)) : columns(validation.X),
        y: validation.y,
      },
    });
    const predicted = classifier.predict(
      scaler ? scaler.transform(columns(validation.X)) : columns(validation.X),
    );
    validationReport = classificationReport(validation.y, predicted, dataset.classes);
  }

  step(`fitting the final ${options.model} on ${train.X.rows + validation.X.rows} train + validation rows`);
  const finalRows = Uint32Array.from([...split.train, ...split.validation]).sort();
  const final = part(finalRows);
  const finalScaler = makeScaler();
  const finalX = columns(final.X);
  const classifier = createClassifier(options.model, options.modelOptions, seed);
  classifier.fit(finalScaler ? finalScaler.fitTransform(finalX) : finalX, final.y, classCount);
  const testReport =
    test.X.rows > 0
      ? classificationReport(
          test.y,
          classifier.predict(finalScaler ? finalScaler.transform(columns(test.X)) : columns(test.X)),
          dataset.classes,
        )
      : null;

  const classCounts = Object.fromEntries(
    dataset.classes.map((c, i) => [c, dataset.y.filter((y) => y === i).length]),
  );
  const file: ModelFile = {
    format: "scifai-model",
    formatVersion: MODEL_FORMAT_VERSION,
    labelColumn,
    classes: dataset.classes,
    featureNames,
    preprocessing: { fillValue: 0, scaler: finalScaler ? finalScaler.toJSON() : null },
    model: classifier.toJSON(),
    training: {
      createdAt: new Date().toISOString(),
      scifaiVersion: SCIFAI_VERSION,
      source: options.source ?? "",
      seed,
      rows: { train: split.totals.train, validation: split.totals.validation, test: split.totals.test },
      stratifiedBy: stratifyBy,
      unstratifiedRows: split.totals.unstratified,
      classCounts,
      featureSelection: selectionSummary,
      validation: validationReport,
      test: testReport,
      seconds: (performance.now() - started) / 1000,
    },
  };
  return { model: new TrainedModel(file), split, validation: validationReport, test: testReport };
}

/** Columns whose values are all finite-or-missing and not all equal (missing counted as 0). */
function usableColumns(X: Matrix): number[] {
  const usable: number[] = [];
  for (let c = 0; c < X.cols; c++) {
    let finite = true;
    let first = Number.NaN;
    let varies = false;
    for (let r = 0; r < X.rows && finite; r++) {
      const raw = X.data[r * X.cols + c];
      const v = Number.isNaN(raw) ? 0 : raw;
      if (!Number.isFinite(v)) finite = false;
      else if (r === 0) first = v;
      else if (v !== first) varies = true;
    }
    if (finite && varies) usable.push(c);
  }
  return usable;
}

function newScaler(kind: ScalerKind | "none"): Scaler | null {
  switch (kind) {
    case "standard":
      return new StandardScaler();
    case "minmax":
      return new MinMaxScaler();
    case "robust":
      return new RobustScaler();
    case "none":
      return null;
  }
}
