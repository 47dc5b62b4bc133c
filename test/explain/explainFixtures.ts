import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { extractToFile } from "../../src/extract/extractToFile.js";
import type { ClassifierKind } from "../../src/ml/classifier.js";
import { type LabeledDataset, loadLabeledDataset } from "../../src/ml/labeledDataset.js";
import type { Matrix } from "../../src/ml/matrix.js";
import {
  MODEL_FORMAT_VERSION,
  type ModelFile,
  prepareFeatures,
  TrainedModel,
} from "../../src/ml/modelFile.js";
import { createClassifier } from "../../src/ml/models/classifierRegistry.js";
import { StandardScaler } from "../../src/ml/preprocessing/standardScaler.js";
import { writeSyntheticDataset } from "../../src/synth/syntheticDataset.js";
import { createRandom } from "../../src/util/random.js";

/**
 * A small classification table: class k shifts the means of the first `informative` columns by
 * class-specific amounts, the other columns are noise; about 2% of values are missing (NaN).
 */
export function classificationData(
  rows: number,
  cols: number,
  classCount: number,
  seed: number,
  informative = 3,
): { X: Matrix; y: Int32Array } {
  const random = createRandom(seed);
  const centres = Array.from({ length: classCount }, () =>
    Array.from({ length: informative }, () => 3 * (random.uniform() * 2 - 1)),
  );
  const y = new Int32Array(rows);
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    y[r] = r % classCount;
    for (let j = 0; j < cols; j++) {
      const shift = j < informative ? centres[y[r]][j] : 0;
      data[r * cols + j] = random.uniform() < 0.02 ? Number.NaN : shift + random.normal() + j;
    }
  }
  return { X: { data, rows, cols }, y };
}

/** A TrainedModel fitted in memory (fill 0, optional standard scaler), as `scifai train` builds one. */
export function fitTrainedModel(
  kind: ClassifierKind,
  X: Matrix,
  y: Int32Array,
  classes: string[],
  featureNames: string[],
  options: { modelOptions?: Record<string, unknown>; scale?: boolean; seed?: number } = {},
): TrainedModel {
  const filled = prepareFeatures(X, 0, null);
  const scaler = options.scale === false ? null : new StandardScaler();
  const input = scaler ? scaler.fitTransform(filled) : filled;
  const classifier = createClassifier(kind, options.modelOptions ?? {}, options.seed ?? 0).fit(
    input,
    y,
    classes.length,
  );
  const file: ModelFile = {
    format: "scifai-model",
    formatVersion: MODEL_FORMAT_VERSION,
    labelColumn: "label",
    classes,
    featureNames,
    preprocessing: { fillValue: 0, scaler: scaler ? scaler.toJSON() : null },
    model: classifier.toJSON(),
    training: {
      createdAt: "2024-01-01T00:00:00.000Z",
      scifaiVersion: "test",
      source: "memory",
      seed: 0,
      rows: { train: X.rows, validation: 0, test: 0 },
      stratifiedBy: [],
      unstratifiedRows: 0,
      classCounts: {},
      featureSelection: null,
      validation: null,
      test: null,
      seconds: 0,
    },
  };
  // Through JSON, as a model file is read back.
  return new TrainedModel(JSON.parse(JSON.stringify(file)) as ModelFile);
}

/** The 5-channel synthetic panel's marker names. */
export const SYNTH_PANEL = ["BF", "F-Actin", "MHCII", "CD3", "P-CD3zeta"];

/**
 * README features (600 columns, marker names) of `cells` labelled synthetic cells, extracted into a
 * temporary folder with the real pipeline: writeSyntheticDataset → extractToFile → loadLabeledDataset.
 */
export async function syntheticFeatureTable(
  cells: number,
  seed: number,
): Promise<{ dataset: LabeledDataset; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "scifai-explain-"));
  const data = join(dir, "data");
  writeSyntheticDataset(data, { cells, channels: 5, seed, labeledFraction: 1, labelNoise: 0 });
  const output = join(dir, "features.parquet");
  await extractToFile({ data, output, spec: { features: "readme", channelNames: SYNTH_PANEL }, workers: 0 });
  return { dataset: await loadLabeledDataset(output), dir };
}
