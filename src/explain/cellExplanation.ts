import type { Matrix } from "../ml/matrix.js";
import { formatNumber } from "../report/svg/numberFormat.js";
import type { WaterfallData } from "../report/svg/waterfallPlot.js";
import type { ShapResult } from "./shapValues.js";

/** One feature's part in a cell's prediction. */
export interface CellContribution {
  feature: string;
  /** Column in the model's feature order. */
  index: number;
  /** SHAP value for the explained class. */
  shap: number;
  /** The cell's raw value (before fill and scaling). */
  value: number;
  /** The class's typical value: the median over the reference rows of that class (NaN if unknown). */
  typicalValue: number;
}

/** Why one cell got its class. */
export interface CellExplanation {
  /** Row within the SHAP result. */
  row: number;
  /** Explained class (default: the predicted one) and its probability. */
  className: string;
  classIndex: number;
  probability: number;
  /** Whether the explained class is the model's prediction. */
  predicted: boolean;
  /** Expected output (SHAP bias) and the cell's output (bias + Σ SHAP) for the class. */
  bias: number;
  output: number;
  /** The top features by |SHAP| (ties by column), largest first. */
  contributions: CellContribution[];
  /** Σ SHAP of the features not listed. */
  otherContributions: number;
  /** Everything waterfallPlot needs (all features; the plot pools the small ones itself). */
  waterfall: WaterfallData;
}

/** Options of {@link explainCell}. */
export interface CellExplanationOptions {
  /** Features listed (default 10). */
  topN?: number;
  /** Explain this class instead of the predicted one. */
  classIndex?: number;
}

/**
 * Explains row `row` of a SHAP result: the predicted class (largest probability, first on ties)
 * or `classIndex`, its probability, and the top-N features by |SHAP| for that class with the
 * cell's raw value and the class's typical value (`typicalValues`: classes × features medians,
 * e.g. from {@link classTypicalValues}; null when unknown). `probabilities` is the row's class
 * probabilities; `rawValues` its raw features in model order. Throws on shape mismatches.
 */
export function explainCell(
  shap: ShapResult,
  row: number,
  probabilities: ArrayLike<number>,
  rawValues: ArrayLike<number>,
  typicalValues: Float64Array | null,
  options: CellExplanationOptions = {},
): CellExplanation {
  const classCount = shap.classes.length;
  const features = shap.featureNames.length;
  if (!(Number.isInteger(row) && row >= 0 && row < shap.rows))
    throw new RangeError(`row ${row} outside the ${shap.rows} explained rows`);
  if (probabilities.length !== classCount)
    throw new RangeError(`${probabilities.length} probabilities for ${classCount} classes`);
  if (rawValues.length !== features)
    throw new RangeError(`${rawValues.length} values for ${features} features`);
  if (typicalValues && typicalValues.length !== classCount * features)
    throw new RangeError(`typical values must be ${classCount} classes × ${features} features`);
  let best = 0;
  for (let k = 1; k < classCount; k++) if (probabilities[k] > probabilities[best]) best = k;
  const classIndex = options.classIndex ?? best;
  if (!(Number.isInteger(classIndex) && classIndex >= 0 && classIndex < classCount))
    throw new RangeError(`class ${classIndex} outside the ${classCount} classes`);
  const topN = Math.max(0, Math.min(options.topN ?? 10, features));

  const offset = (row * classCount + classIndex) * features;
  const phi = shap.values.subarray(offset, offset + features);
  const order = Array.from({ length: features }, (_, j) => j).sort(
    (a, b) => Math.abs(phi[b]) - Math.abs(phi[a]) || a - b,
  );
  const contributions: CellContribution[] = order.slice(0, topN).map((j) => ({
    feature: shap.featureNames[j],
    index: j,
    shap: phi[j],
    value: rawValues[j],
    typicalValue: typicalValues ? typicalValues[classIndex * features + j] : Number.NaN,
  }));
  let total = 0;
  for (let j = 0; j < features; j++) total += phi[j];
  // Summed directly rather than as total − listed, which would cancel digits.
  let others = 0;
  for (let i = topN; i < features; i++) others += phi[order[i]];
  const bias = shap.bias[row * classCount + classIndex];
  const featureValues = Array.from({ length: features }, (_, j) => {
    const typical = typicalValues ? typicalValues[classIndex * features + j] : Number.NaN;
    const value = formatNumber(rawValues[j]);
    return Number.isNaN(typical) ? value : `${value} (typical ${formatNumber(typical)})`;
  });
  return {
    row,
    className: shap.classes[classIndex],
    classIndex,
    probability: probabilities[classIndex],
    predicted: classIndex === best,
    bias,
    output: bias + total,
    contributions,
    otherContributions: others,
    waterfall: {
      baseValue: bias,
      contributions: Float64Array.from(phi),
      featureNames: shap.featureNames,
      featureValues,
    },
  };
}

/**
 * Median of every feature per class (classes × features, row-major) over the rows of that class,
 * ignoring NaN; NaN where a class has no row or only NaN. `y` holds class indices; rows with a
 * negative index (unlabelled) are skipped.
 */
export function classTypicalValues(X: Matrix, y: ArrayLike<number>, classCount: number): Float64Array {
  if (y.length !== X.rows) throw new RangeError(`X has ${X.rows} rows but y has ${y.length} labels`);
  const out = new Float64Array(classCount * X.cols).fill(Number.NaN);
  const rowsOf: number[][] = Array.from({ length: classCount }, () => []);
  for (let r = 0; r < X.rows; r++) {
    const k = y[r];
    if (k >= 0 && k < classCount) rowsOf[k].push(r);
  }
  const buffer = new Float64Array(X.rows);
  for (let k = 0; k < classCount; k++) {
    const rows = rowsOf[k];
    for (let j = 0; j < X.cols; j++) {
      let n = 0;
      for (const r of rows) {
        const v = X.data[r * X.cols + j];
        if (!Number.isNaN(v)) buffer[n++] = v;
      }
      if (n === 0) continue;
      const sorted = buffer.subarray(0, n).sort();
      out[k * X.cols + j] = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
  }
  return out;
}
