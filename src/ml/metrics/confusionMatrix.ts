/**
 * The confusion matrix every classification metric here is computed from, so that a report counts
 * the labels once. Classes are integer codes 0…classCount−1 (the index into the class names).
 */

/** Counts of (true class, predicted class) pairs: row = true class, column = predicted class. */
export interface ConfusionMatrix {
  /** Number of classes; the matrix is classCount × classCount. */
  readonly classCount: number;
  /** Row-major counts, counts[t * classCount + p] = rows with true class t predicted as p. */
  readonly counts: Float64Array;
}

/**
 * Checks a pair of label vectors and returns the class count to use: at least `classCount` and
 * above every code. Throws on empty input, different lengths or negative codes.
 */
export function checkLabelVectors(yTrue: Int32Array, yPred: Int32Array, classCount = 0): number {
  if (yTrue.length !== yPred.length)
    throw new RangeError(`yTrue and yPred differ in length (${yTrue.length} vs ${yPred.length})`);
  if (yTrue.length === 0)
    throw new RangeError("cannot evaluate predictions of zero rows (empty yTrue and yPred)");
  let largest = -1;
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i];
    const p = yPred[i];
    if (t < 0 || p < 0) throw new RangeError(`class codes must be ≥ 0, row ${i} has ${t < 0 ? t : p}`);
    if (t > largest) largest = t;
    if (p > largest) largest = p;
  }
  return Math.max(classCount, largest + 1);
}

/**
 * The confusion matrix of `yTrue` against `yPred` over classes 0…K−1, K = max(classCount, largest
 * code + 1) (sklearn's `confusion_matrix(labels=range(K))`). Throws on empty or unequal input.
 */
export function confusionMatrix(yTrue: Int32Array, yPred: Int32Array, classCount = 0): ConfusionMatrix {
  const k = checkLabelVectors(yTrue, yPred, classCount);
  const counts = new Float64Array(k * k);
  for (let i = 0; i < yTrue.length; i++) counts[yTrue[i] * k + yPred[i]]++;
  return { classCount: k, counts };
}

/** Row sums: how many rows truly belong to each class (the support). */
export function trueTotals(matrix: ConfusionMatrix): Float64Array {
  const k = matrix.classCount;
  const totals = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    let sum = 0;
    for (let p = 0; p < k; p++) sum += matrix.counts[t * k + p];
    totals[t] = sum;
  }
  return totals;
}

/** Column sums: how many rows were predicted as each class. */
export function predictedTotals(matrix: ConfusionMatrix): Float64Array {
  const k = matrix.classCount;
  const totals = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    for (let p = 0; p < k; p++) totals[p] += matrix.counts[t * k + p];
  }
  return totals;
}

/** Number of rows counted in the matrix. */
export function sampleCount(matrix: ConfusionMatrix): number {
  let total = 0;
  for (let i = 0; i < matrix.counts.length; i++) total += matrix.counts[i];
  return total;
}

/** Number of correctly predicted rows (the trace). */
export function correctCount(matrix: ConfusionMatrix): number {
  const k = matrix.classCount;
  let total = 0;
  for (let c = 0; c < k; c++) total += matrix.counts[c * k + c];
  return total;
}

/**
 * The classes that occur in yTrue or yPred, ascending: scikit-learn's default label set
 * (`unique_labels(y_true, y_pred)`), over which its averages run when no labels are given.
 */
export function presentLabels(matrix: ConfusionMatrix): Int32Array {
  const truth = trueTotals(matrix);
  const predicted = predictedTotals(matrix);
  const labels: number[] = [];
  for (let c = 0; c < matrix.classCount; c++) if (truth[c] > 0 || predicted[c] > 0) labels.push(c);
  return Int32Array.from(labels);
}

/** Checks an explicit label list against the matrix (codes in range, no repeats) and returns it. */
export function checkLabels(matrix: ConfusionMatrix, labels: ArrayLike<number>): Int32Array {
  if (labels.length === 0) throw new RangeError("the label list is empty");
  const seen = new Uint8Array(matrix.classCount);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= matrix.classCount)
      throw new RangeError(`label ${label} is not a class code in 0…${matrix.classCount - 1}`);
    if (seen[label]) throw new RangeError(`label ${label} is listed twice`);
    seen[label] = 1;
  }
  return Int32Array.from(labels);
}

/** The matrix as nested arrays (rows = true class), for JSON. */
export function confusionMatrixRows(matrix: ConfusionMatrix): number[][] {
  const k = matrix.classCount;
  return Array.from({ length: k }, (_, t) => Array.from(matrix.counts.subarray(t * k, (t + 1) * k)));
}
