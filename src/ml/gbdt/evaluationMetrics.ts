/**
 * XGBoost's evaluation metrics for early stopping, computed on predictions (after the margin
 * transform). Labels are read as float32 like XGBoost. Lower is better for all of them.
 */

/** The metrics early stopping can watch. */
export type EvaluationMetric = "mlogloss" | "logloss" | "rmse";

// XGBoost clips probabilities to [1e-16, 1 − 1e-16] before taking logs.
const PROBABILITY_FLOOR = Math.fround(1e-16);

/**
 * The metric over all rows: mlogloss (probabilities rows × groups, labels are class indices),
 * logloss (probabilities of class 1) or rmse (values). NaN for zero rows.
 */
export function evaluateMetric(
  metric: EvaluationMetric,
  predictions: Float64Array,
  labels: Float64Array,
  groups: number,
): number {
  const rows = labels.length;
  if (rows === 0) return Number.NaN;
  let sum = 0;
  if (metric === "mlogloss") {
    for (let r = 0; r < rows; r++) {
      const p = predictions[r * groups + labels[r]];
      sum += -Math.log(Math.max(p, PROBABILITY_FLOOR));
    }
    return sum / rows;
  }
  if (metric === "logloss") {
    for (let r = 0; r < rows; r++) {
      const y = Math.fround(labels[r]);
      const p = predictions[r];
      const q = Math.fround(1 - p);
      if (p < PROBABILITY_FLOOR)
        sum += -y * Math.log(PROBABILITY_FLOOR) - (1 - y) * Math.log(1 - PROBABILITY_FLOOR);
      else if (q < PROBABILITY_FLOOR)
        sum += -y * Math.log(1 - PROBABILITY_FLOOR) - (1 - y) * Math.log(PROBABILITY_FLOOR);
      else sum += -y * Math.log(p) - (1 - y) * Math.log(q);
    }
    return sum / rows;
  }
  for (let r = 0; r < rows; r++) {
    const difference = predictions[r] - Math.fround(labels[r]);
    sum += difference * difference;
  }
  return Math.sqrt(sum / rows);
}
