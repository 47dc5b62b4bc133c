import { existsSync, renameSync, rmSync } from "node:fs";
import { METADATA_COLUMNS, type Metadata } from "../io/metadata.js";
import { openSink } from "../io/sinks/openSink.js";
import { type TableFormat, tableFormatOf } from "../io/tableFormat.js";
import { shannonEntropyNats } from "../ml/predictionEntropy.js";
import { predictionColumns } from "../ml/predictTable.js";
import { streamCrops } from "./cropStream.js";
import { type CropOptions, checkCropOptions } from "./crops.js";
import { ErrorCsv } from "./errorCsv.js";
import { type CnnModel, softmaxRows } from "./onnxInference.js";

/** Options of {@link predictCells}. */
export interface PredictCellsOptions {
  readonly metadata: Metadata;
  readonly model: CnnModel;
  /** Output table: .parquet, .csv or .csv.gz. */
  readonly output: string;
  readonly crop: CropOptions;
  /** Names of the model's classes in logit order (default class_0, class_1, …). */
  readonly classes?: readonly string[];
  /** Add the model's pooled embedding as columns embedding_0… after the prediction columns. */
  readonly embeddings?: boolean;
  /** Write the embedding columns only, without the prediction columns (features for other models). */
  readonly embeddingsOnly?: boolean;
  /** Worker threads reading and cropping (default 1; 0 = this thread). */
  readonly workers?: number;
  /** Cells per inference batch (default 128). */
  readonly batchSize?: number;
  readonly overwrite?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

/** What {@link predictCells} wrote. */
export interface PredictCellsSummary {
  readonly output: string;
  /** `OUTPUT.errors.csv`: cells that could not be read or cropped (file, stage, reason). */
  readonly errorsPath: string;
  readonly rows: number;
  readonly errors: number;
  readonly classes: readonly string[];
  /** Cells per predicted class (empty with embeddingsOnly). */
  readonly predictedCounts: Readonly<Record<string, number>>;
  /** Wall-clock seconds of reading, cropping, inference and writing. */
  readonly seconds: number;
}

/**
 * Runs a CNN on every cell of a dataset and streams a table with the columns `scifai predict`
 * writes: the metadata columns, `predicted_class`, `probability_<class>` (softmax of the logits,
 * float64), `max_probability` and `prediction_entropy` (nats), so quality control, frequencies and
 * reports take either; with `embeddings`, the pooled embedding follows as `embedding_0…`. Reading
 * and cropping run in worker threads ahead of inference. Cells that cannot be read get no row and
 * are listed in `OUTPUT.errors.csv`. Throws before writing when the crops do not fit the model or
 * the class names do not match its outputs.
 */
export async function predictCells(options: PredictCellsOptions): Promise<PredictCellsSummary> {
  const started = performance.now();
  const { metadata, model, output, crop } = options;
  const format: TableFormat = tableFormatOf(output, ["csv", "csv.gz", "parquet"]);
  if (existsSync(output) && !options.overwrite)
    throw new Error(`${output} already exists; use --overwrite to replace it`);
  checkCropOptions(crop);
  const channels = crop.channels.length;
  const size = crop.size;
  model.checkInput(channels, size);
  const withEmbedding = Boolean(options.embeddings || options.embeddingsOnly);
  if (withEmbedding && model.embeddingName === null)
    throw new Error("the model has no embedding output; run without --embeddings");
  const rows = metadata.rows;

  // Class and embedding widths are known from the model's metadata, or from a first probe run.
  if (model.classCount === null || (withEmbedding && model.embeddingSize === null))
    await model.run(new Float32Array(channels * size * size), 1, channels, size, withEmbedding);
  const classCount = model.classCount!;
  const classes = options.classes
    ? [...options.classes]
    : Array.from({ length: classCount }, (_, k) => `class_${k}`);
  if (classes.length !== classCount)
    throw new Error(`${classes.length} class names given, but the model has ${classCount} outputs`);
  if (new Set(classes).size !== classes.length)
    throw new Error(`duplicate class names in ${classes.join(", ")}`);
  const embeddingSize = withEmbedding ? model.embeddingSize! : 0;
  const prediction = options.embeddingsOnly ? { text: [], numeric: [] } : predictionColumns(classes);
  const embeddingColumns = Array.from({ length: embeddingSize }, (_, k) => `embedding_${k}`);
  const numericColumns = [...prediction.numeric, ...embeddingColumns];
  const width = numericColumns.length;

  const predicted = new Int32Array(rows.length);
  const rowText = (row: number): string[] => {
    const r = rows[row];
    const text = METADATA_COLUMNS.map((column) => r[column]);
    if (!options.embeddingsOnly) text.push(classes[predicted[row]]);
    return text;
  };
  const partial = `${output}.partial`;
  const errorsPath = `${output}.errors.csv`;
  const errors = new ErrorCsv(errorsPath);
  const sink = await openSink(
    format,
    partial,
    { textColumns: [...METADATA_COLUMNS, ...prediction.text], featureColumns: numericColumns },
    rowText,
  );
  const predictedCounts: Record<string, number> = options.embeddingsOnly
    ? {}
    : Object.fromEntries(classes.map((c) => [c, 0]));
  let written = 0;
  try {
    const all = new Int32Array(rows.length);
    for (let i = 0; i < all.length; i++) all[i] = i;
    const stream = streamCrops(
      { rows: all, file: (row) => rows[row].file },
      { root: metadata.root, crop, workers: options.workers, batchSize: options.batchSize, recycle: true },
    );
    for await (const batch of stream) {
      const n = batch.rows.length;
      errors.append(batch.errors);
      if (n > 0) {
        const outputs = await model.run(batch.images, n, channels, size, withEmbedding);
        const values = new Float64Array(n * width);
        if (!options.embeddingsOnly) {
          const probabilities = softmaxRows(outputs.logits, n, classCount);
          const entropy = shannonEntropyNats({ data: probabilities, rows: n, cols: classCount });
          for (let i = 0; i < n; i++) {
            let best = 0;
            const at = i * width;
            for (let k = 0; k < classCount; k++) {
              const p = probabilities[i * classCount + k];
              values[at + k] = p;
              // The first maximum wins, as NumPy's argmax.
              if (p > probabilities[i * classCount + best]) best = k;
            }
            values[at + classCount] = probabilities[i * classCount + best];
            values[at + classCount + 1] = entropy[i];
            predicted[batch.rows[i]] = best;
            predictedCounts[classes[best]]++;
          }
        }
        if (outputs.embedding) {
          const offset = prediction.numeric.length;
          for (let i = 0; i < n; i++)
            for (let k = 0; k < embeddingSize; k++)
              values[i * width + offset + k] = outputs.embedding[i * embeddingSize + k];
        }
        await sink.writeChunk(batch.rows, values);
        written += n;
      }
      options.onProgress?.(batch.start + n + batch.errors.length, rows.length);
    }
  } catch (error) {
    sink.abandon();
    errors.close();
    rmSync(partial, { force: true });
    throw error;
  }
  await sink.finish();
  errors.close();
  renameSync(partial, output);
  return {
    output,
    errorsPath,
    rows: written,
    errors: errors.count,
    classes,
    predictedCounts,
    seconds: (performance.now() - started) / 1000,
  };
}
