import { existsSync, renameSync, rmSync } from "node:fs";
import { openSink } from "../io/sinks/openSink.js";
import { type TableFormat, tableFormatOf } from "../io/tableFormat.js";
import { openTable } from "../io/tableReader.js";
import type { TrainedModel } from "./modelFile.js";
import { shannonEntropyNats } from "./predictionEntropy.js";

/** Column names of a predictions table besides the input's text columns. */
export function predictionColumns(classes: readonly string[]): { text: string[]; numeric: string[] } {
  return {
    text: ["predicted_class"],
    numeric: [...classes.map((c) => `probability_${c}`), "max_probability", "prediction_entropy"],
  };
}

/** What `predictTable` wrote. */
export interface PredictSummary {
  rows: number;
  output: string;
  /** Rows per predicted class. */
  predictedCounts: Record<string, number>;
}

/**
 * Predicts every row of a feature table with a trained model, streaming: the output holds the
 * input's text (metadata) columns, `predicted_class`, one `probability_<class>` per class,
 * `max_probability` and `prediction_entropy` (nats). Fails before writing anything, listing the
 * missing names, when the table lacks features the model needs.
 */
export async function predictTable(
  model: TrainedModel,
  input: string,
  output: string,
  options: { overwrite?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<PredictSummary> {
  const format: TableFormat = tableFormatOf(output, ["csv", "csv.gz", "parquet"]);
  if (existsSync(output) && !options.overwrite)
    throw new Error(`${output} already exists; use --overwrite to replace it`);
  const reader = await openTable(input);
  const { classes } = model.file;
  const columns = predictionColumns(classes);
  const predictedCounts: Record<string, number> = Object.fromEntries(classes.map((c) => [c, 0]));
  const partial = `${output}.partial`;
  try {
    const featureAt = model.featureIndices(reader.columns.numeric, input);
    let batchText: string[][] = [];
    let predicted: string[] = [];
    let batchStart = 0;
    const sink = await openSink(
      format,
      partial,
      { textColumns: [...reader.columns.text, ...columns.text], featureColumns: columns.numeric },
      (row) => [...batchText.map((column) => column[row - batchStart]), predicted[row - batchStart]],
    );
    const width = featureAt.length;
    const classCount = classes.length;
    try {
      for await (const batch of reader.batches(4096)) {
        const X = { data: new Float64Array(batch.rowCount * width), rows: batch.rowCount, cols: width };
        for (let r = 0; r < batch.rowCount; r++) {
          for (let c = 0; c < width; c++) X.data[r * width + c] = batch.numeric[featureAt[c]][r];
        }
        const probabilities = model.predictProba(X);
        const entropy = shannonEntropyNats({ data: probabilities, rows: batch.rowCount, cols: classCount });
        const values = new Float64Array(batch.rowCount * columns.numeric.length);
        predicted = [];
        for (let r = 0; r < batch.rowCount; r++) {
          let best = 0;
          for (let k = 0; k < classCount; k++) {
            const p = probabilities[r * classCount + k];
            values[r * columns.numeric.length + k] = p;
            if (p > probabilities[r * classCount + best]) best = k;
          }
          values[r * columns.numeric.length + classCount] = probabilities[r * classCount + best];
          values[r * columns.numeric.length + classCount + 1] = entropy[r];
          predicted.push(classes[best]);
          predictedCounts[classes[best]]++;
        }
        batchText = batch.text;
        batchStart = batch.start;
        await sink.writeChunk(
          Int32Array.from({ length: batch.rowCount }, (_, i) => batch.start + i),
          values,
        );
        options.onProgress?.(batch.start + batch.rowCount, reader.columns.rows);
      }
    } catch (error) {
      sink.abandon();
      rmSync(partial, { force: true });
      throw error;
    }
    await sink.finish();
    renameSync(partial, output);
    return { rows: reader.columns.rows, output, predictedCounts };
  } finally {
    reader.close();
  }
}
