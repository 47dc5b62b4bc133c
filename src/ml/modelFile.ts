import { readFileSync, writeFileSync } from "node:fs";
import type { Classifier, ClassifierState } from "./classifier.js";
import type { Matrix } from "./matrix.js";
import type { ClassificationReport } from "./metrics/classificationReport.js";
import { classifierFromState } from "./models/classifierRegistry.js";
import { type Scaler, type ScalerState, scalerFromJSON } from "./preprocessing/scaler.js";

/** Current version of the model file format; readers refuse newer versions. */
export const MODEL_FORMAT_VERSION = 1;

/** How a model was trained, kept with it so that results can be traced and reproduced. */
export interface TrainingSummary {
  createdAt: string;
  scifaiVersion: string;
  source: string;
  seed: number;
  rows: { train: number; validation: number; test: number };
  stratifiedBy: string[];
  /** Rows kept in train because their stratum had a single member. */
  unstratifiedRows: number;
  classCounts: Record<string, number>;
  featureSelection: { method: string; topK: number; candidates?: { k: number; score: number }[] } | null;
  validation: ClassificationReport | null;
  test: ClassificationReport | null;
  seconds: number;
}

/**
 * A trained scifai model as one JSON file: format version, the feature names it reads (in order),
 * preprocessing (fill value, fitted scaler), label mapping, the classifier, and a training summary.
 */
export interface ModelFile {
  format: "scifai-model";
  formatVersion: number;
  labelColumn: string;
  /** Class names; class index i of the classifier is classes[i]. */
  classes: string[];
  /** Feature columns the model reads, in order. */
  featureNames: string[];
  preprocessing: {
    /** Missing values are replaced by this before scaling (scifAI's fillna(0)). */
    fillValue: number;
    scaler: ScalerState | null;
  };
  model: ClassifierState;
  training: TrainingSummary;
}

/** A model file loaded for prediction: preprocessing and classifier ready to use. */
export class TrainedModel {
  readonly classifier: Classifier;
  readonly scaler: Scaler | null;

  constructor(readonly file: ModelFile) {
    if (file.format !== "scifai-model") throw new Error("not a scifai model file");
    if (file.formatVersion > MODEL_FORMAT_VERSION) {
      throw new Error(
        `model file format ${file.formatVersion} is newer than this scifai reads (${MODEL_FORMAT_VERSION})`,
      );
    }
    this.classifier = classifierFromState(file.model);
    this.scaler = file.preprocessing.scaler ? scalerFromJSON(file.preprocessing.scaler) : null;
  }

  /** Reads a model file; throws naming the file when it is not one. */
  static load(path: string): TrainedModel {
    let parsed: ModelFile;
    try {
      parsed = JSON.parse(readFileSync(path, "utf8")) as ModelFile;
    } catch (error) {
      throw new Error(`${path}: cannot read model file (${(error as Error).message})`);
    }
    try {
      return new TrainedModel(parsed);
    } catch (error) {
      throw new Error(`${path}: ${(error as Error).message}`);
    }
  }

  /** Writes the model file (pretty-printed JSON). */
  save(path: string): void {
    writeFileSync(path, `${JSON.stringify(this.file, null, 1)}\n`);
  }

  /** Column positions of the model's features among `available`; throws listing every missing name. */
  featureIndices(available: readonly string[], source = "the table"): number[] {
    const at = new Map(available.map((name, i) => [name, i]));
    const missing = this.file.featureNames.filter((name) => !at.has(name));
    if (missing.length > 0) {
      const shown = missing.slice(0, 20).join(", ");
      throw new Error(
        `${source} lacks ${missing.length} feature${missing.length > 1 ? "s" : ""} the model needs: ${shown}${missing.length > 20 ? ", …" : ""}`,
      );
    }
    return this.file.featureNames.map((name) => at.get(name)!);
  }

  /** The model's input for raw feature rows (columns in `featureNames` order): fill, then scale. */
  prepare(X: Matrix): Matrix {
    return prepareFeatures(X, this.file.preprocessing.fillValue, this.scaler);
  }

  /** Class probabilities (rows × classes) for raw feature rows in `featureNames` order. */
  predictProba(X: Matrix): Float64Array {
    return this.classifier.predictProba(this.prepare(X));
  }
}

/**
 * Replaces missing and infinite values by `fillValue` (a copy), then applies the scaler when there
 * is one. Training leaves out columns with ±inf (as `scifai clean` does), so an infinite value met
 * at prediction time is treated as missing rather than poisoning the scaled row.
 */
export function prepareFeatures(X: Matrix, fillValue: number, scaler: Scaler | null): Matrix {
  const data = X.data.map((v) => (Number.isFinite(v) ? v : fillValue));
  const filled = { data, rows: X.rows, cols: X.cols };
  return scaler ? scaler.transform(filled) : filled;
}
