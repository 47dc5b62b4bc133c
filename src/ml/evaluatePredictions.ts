import { openTable } from "../io/tableReader.js";
import { type ClassificationReport, classificationReport } from "./metrics/classificationReport.js";

/**
 * The classification report of a predictions table (from `scifai predict`): true labels from
 * `labelColumn`, predictions from `predicted_class`; rows without a label ("-1" or empty) or whose
 * label is not among the model's classes (the `probability_<class>` columns) are left out.
 */
export async function evaluatePredictions(
  path: string,
  labelColumn = "label",
): Promise<{ report: ClassificationReport; skipped: number }> {
  const reader = await openTable(path);
  try {
    const { text, numeric } = reader.columns;
    const labelAt = text.indexOf(labelColumn);
    const predictedAt = text.indexOf("predicted_class");
    if (labelAt < 0) throw new Error(`${path}: no label column '${labelColumn}'`);
    if (predictedAt < 0)
      throw new Error(`${path}: no 'predicted_class' column; is this the output of 'scifai predict'?`);
    const classes = numeric
      .filter((n) => n.startsWith("probability_"))
      .map((n) => n.slice("probability_".length));
    const index = new Map(classes.map((c, i) => [c, i]));
    const yTrue: number[] = [];
    const yPred: number[] = [];
    let skipped = 0;
    for await (const batch of reader.batches()) {
      for (let r = 0; r < batch.rowCount; r++) {
        const truth = index.get(batch.text[labelAt][r]);
        const predicted = index.get(batch.text[predictedAt][r]);
        if (truth === undefined || predicted === undefined) {
          skipped++;
          continue;
        }
        yTrue.push(truth);
        yPred.push(predicted);
      }
    }
    if (yTrue.length === 0) throw new Error(`${path}: no row has a label among the model's classes`);
    return { report: classificationReport(Int32Array.from(yTrue), Int32Array.from(yPred), classes), skipped };
  } finally {
    reader.close();
  }
}
