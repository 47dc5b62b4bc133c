import { percentiles } from "../image/statistics.js";
import { openTable } from "../io/tableReader.js";
import type { Matrix } from "../ml/matrix.js";
import { type CellTable, requireNumeric } from "./cellTable.js";
import type { ClassFrequencyTable, SampleColumns } from "./classFrequencies.js";
import { type LeaveOneGroupOutResult, leaveOneGroupOutCV } from "./regression/leaveOneGroupOut.js";
import { intersectMasks, maskWhereText } from "./rowMask.js";
import { groupLabel, groupRows } from "./sampleGroups.js";
import { pearsonR, spearmanR } from "./statistics/correlation.js";

/** Options of {@link aggregateSamples}. */
export interface SampleAggregateOptions extends SampleColumns {
  /** Numeric feature columns summarised per sample. */
  features: readonly string[];
  /** Percentiles (0–100) of each feature per sample (default 5, 50, 95, as the study). */
  percentiles?: readonly number[];
  /** Summarise only cells of these classes (default: all cells); combined with `keep` by AND. */
  classes?: readonly string[];
  /** Column of the class (default "predicted_class"). */
  classColumn?: string;
  /** Cells that passed quality control (default: all). */
  keep?: Uint8Array;
  /** Class frequencies to append as `percent_<class>` columns (samples matched by experiment/donor/condition). */
  frequencies?: ClassFrequencyTable;
}

/** One sample's summary. Plain data. */
export interface SampleAggregateRow {
  experiment: string;
  donor: string;
  condition: string;
  /** Cells summarised (selected class, passed quality control). */
  cells: number;
  /** Aligned with the table's `columns`; NaN where a sample has no selected cell. */
  values: number[];
}

/** Per-sample features: one row per sample, columns `<feature>_p<q>` then `percent_<class>`. Plain data. */
export interface SampleAggregates {
  columns: string[];
  samples: SampleAggregateRow[];
  /** The selection the percentiles were computed on (for the report). */
  selection: { classes: string[] | null; qualityControl: boolean };
}

/** Formats a percentile as the column suffix: 5 → "p5", 97.5 → "p97.5". */
function percentileName(q: number): string {
  return `p${q}`;
}

/**
 * Summarises each sample (experiment / donor / condition) by percentiles (default 5th, 50th, 95th,
 * `np.percentile`'s linear interpolation) of chosen features over its selected cells — the chosen
 * classes AND the cells that passed quality control, one combined mask, so no filter can replace
 * another (the study's readout notebook let a later filter overwrite the synapse filter) — plus
 * class frequencies when given. Every sample of the table is listed, also one with no selected
 * cell (its percentiles NaN). NaN feature values are left out of the percentiles.
 */
export function aggregateSamples(table: CellTable, options: SampleAggregateOptions): SampleAggregates {
  const qs = options.percentiles ?? [5, 50, 95];
  const experimentColumn = options.experimentColumn ?? "experiment";
  const donorColumn = options.donorColumn ?? "donor";
  const conditionColumn = options.conditionColumn ?? "condition";
  const featureColumns = options.features.map((name) => requireNumeric(table, name));
  const classMask = options.classes
    ? maskWhereText(table, options.classColumn ?? "predicted_class", options.classes)
    : undefined;
  const selected = intersectMasks(table.rows, classMask, options.keep);
  const samples = groupRows(table, [experimentColumn, donorColumn, conditionColumn]);
  const sampleCount = samples.keys.length;
  const selectedCounts = new Int32Array(sampleCount);
  for (let r = 0; r < table.rows; r++) if (selected[r] === 1) selectedCounts[samples.groupOf[r]]++;
  const rowsOf = Array.from(selectedCounts, (n) => new Int32Array(n));
  const fill = new Int32Array(sampleCount);
  for (let r = 0; r < table.rows; r++) {
    if (selected[r] !== 1) continue;
    const g = samples.groupOf[r];
    rowsOf[g][fill[g]++] = r;
  }

  const frequencyColumns = options.frequencies ? options.frequencies.classes.map((c) => `percent_${c}`) : [];
  const columns = [
    ...options.features.flatMap((feature) => qs.map((q) => `${feature}_${percentileName(q)}`)),
    ...frequencyColumns,
  ];
  const buffer = new Float64Array(Math.max(0, ...selectedCounts));
  const out = new Float64Array(qs.length);
  const rows: SampleAggregateRow[] = samples.keys.map(([experiment, donor, condition], g) => {
    const values: number[] = [];
    for (const column of featureColumns) {
      let n = 0;
      for (const r of rowsOf[g]) {
        const v = column[r];
        if (!Number.isNaN(v)) buffer[n++] = v;
      }
      percentiles(buffer, qs, out, 0, n);
      values.push(...out);
    }
    if (options.frequencies) {
      const match = options.frequencies.samples.find(
        (s) => s.experiment === experiment && s.donor === donor && s.condition === condition,
      );
      values.push(...(match ? match.percentages : frequencyColumns.map(() => Number.NaN)));
    }
    return { experiment, donor, condition, cells: selectedCounts[g], values };
  });
  return {
    columns,
    samples: rows,
    selection: {
      classes: options.classes ? [...options.classes] : null,
      qualityControl: options.keep !== undefined,
    },
  };
}

/** One measured readout of a sample (e.g. granzyme B of a well). */
export interface ReadoutValue {
  experiment: string;
  donor: string;
  condition: string;
  value: number;
}

/**
 * Reads readouts from a table (.csv, .csv.gz, .parquet) with columns experiment, donor, condition
 * and a numeric value column (`valueColumn`, or the only numeric column). Rows with a missing value
 * are skipped. Throws naming the file when a column is missing or the value column is ambiguous.
 */
export async function readReadouts(path: string, valueColumn?: string): Promise<ReadoutValue[]> {
  const reader = await openTable(path);
  try {
    const { text, numeric } = reader.columns;
    const keys = ["experiment", "donor", "condition"].map((name) => text.indexOf(name));
    if (keys.some((k) => k < 0))
      throw new Error(`${path}: a readout table needs the columns experiment, donor and condition`);
    let value = valueColumn === undefined ? -1 : numeric.indexOf(valueColumn);
    if (valueColumn === undefined) {
      if (numeric.length !== 1)
        throw new Error(
          `${path}: name the readout column (numeric columns: ${numeric.join(", ") || "none"})`,
        );
      value = 0;
    } else if (value < 0) throw new Error(`${path}: no numeric column '${valueColumn}'`);
    const out: ReadoutValue[] = [];
    for await (const batch of reader.batches()) {
      for (let r = 0; r < batch.rowCount; r++) {
        const v = batch.numeric[value][r];
        if (Number.isNaN(v)) continue;
        out.push({
          experiment: batch.text[keys[0]][r],
          donor: batch.text[keys[1]][r],
          condition: batch.text[keys[2]][r],
          value: v,
        });
      }
    }
    return out;
  } finally {
    reader.close();
  }
}

/** Options of {@link readoutRegression}. */
export interface ReadoutRegressionOptions {
  /** "lasso" (default, as the study's LassoLars) or "ridge". */
  model?: "lasso" | "ridge";
  /**
   * Candidate penalties. Default for lasso: 20 values log-spaced from α_max (the smallest α giving
   * all-zero coefficients on the standardised data) down to α_max/1000, scikit-learn's LassoCV grid;
   * for ridge 10^−3 … 10^3.
   */
  alphas?: readonly number[];
  /** Left-out group (default "donor": leave-one-donor-out; "experiment/donor" for donors within experiments). */
  groupBy?: "donor" | "experiment/donor";
  /** Aggregate columns used as predictors (default all). */
  columns?: readonly string[];
}

/** Result of {@link readoutRegression}. Plain data. */
export interface ReadoutRegressionResult {
  model: "lasso" | "ridge";
  groupBy: "donor" | "experiment/donor";
  /** Samples with a readout and complete predictors: observed and out-of-group predicted values. */
  samples: {
    experiment: string;
    donor: string;
    condition: string;
    group: string;
    observed: number;
    predicted: number;
  }[];
  /** Spearman's ρ and R² of the out-of-group predictions. */
  spearman: number;
  r2: number;
  alphas: number[];
  /** α chosen by the inner leave-one-group-out loop for each held-out group. */
  chosenAlphas: { group: string; alpha: number }[];
  /** Predictors used; predictors left out as constant (VarianceThreshold) or incomplete (NaN in a sample). */
  usedColumns: string[];
  constantColumns: string[];
  incompleteColumns: string[];
  /** Samples without a readout, and readouts without a sample (by experiment/donor/condition). */
  samplesWithoutReadout: string[];
  readoutsWithoutSample: string[];
  /** Each used predictor's Pearson r and Spearman ρ with the readout, strongest |r| first. */
  correlations: { column: string; pearson: number; spearman: number }[];
}

/**
 * Predicts a per-sample readout from per-sample features with penalised linear regression under
 * nested leave-one-donor-out cross-validation (`leaveOneGroupOutCV`: α chosen in an inner loop,
 * standardisation fitted inside each fit), reporting Spearman's ρ, R² and every out-of-donor
 * prediction, plus each predictor's univariate correlation. Samples and readouts are matched on
 * experiment/donor/condition (unmatched ones are listed); predictors with a NaN in a matched sample
 * or no variance are left out (listed). (The study used LassoLars on a transformed target; this
 * fits plain lasso/ridge on the readout as given.) Throws when fewer than 3 groups remain, a sample
 * has two readouts, or no predictor is usable.
 */
export function readoutRegression(
  aggregates: SampleAggregates,
  readouts: readonly ReadoutValue[],
  options: ReadoutRegressionOptions = {},
): ReadoutRegressionResult {
  const model = options.model ?? "lasso";
  const groupBy = options.groupBy ?? "donor";
  const keyOf = (s: { experiment: string; donor: string; condition: string }) =>
    groupLabel([s.experiment, s.donor, s.condition]);
  const readoutByKey = new Map<string, number>();
  for (const readout of readouts) {
    const key = keyOf(readout);
    if (readoutByKey.has(key)) throw new Error(`two readouts for sample ${key}`);
    readoutByKey.set(key, readout.value);
  }
  const sampleKeys = new Set(aggregates.samples.map(keyOf));
  const matched = aggregates.samples.filter((s) => readoutByKey.has(keyOf(s)));
  const samplesWithoutReadout = aggregates.samples.filter((s) => !readoutByKey.has(keyOf(s))).map(keyOf);
  const readoutsWithoutSample = [...readoutByKey.keys()].filter((key) => !sampleKeys.has(key));

  const candidates = options.columns ? [...options.columns] : [...aggregates.columns];
  const columnIndex = candidates.map((name) => {
    const at = aggregates.columns.indexOf(name);
    if (at < 0) throw new Error(`no aggregate column '${name}'`);
    return at;
  });
  const usedColumns: string[] = [];
  const usedIndex: number[] = [];
  const constantColumns: string[] = [];
  const incompleteColumns: string[] = [];
  candidates.forEach((name, i) => {
    const values = matched.map((s) => s.values[columnIndex[i]]);
    if (values.some((v) => !Number.isFinite(v))) incompleteColumns.push(name);
    else if (values.every((v) => v === values[0])) constantColumns.push(name);
    else {
      usedColumns.push(name);
      usedIndex.push(columnIndex[i]);
    }
  });
  if (usedColumns.length === 0)
    throw new Error("no usable predictor: every column is constant or incomplete");
  const n = matched.length;
  const p = usedColumns.length;
  const X: Matrix = { data: new Float64Array(n * p), rows: n, cols: p };
  matched.forEach((s, i) => {
    usedIndex.forEach((at, j) => {
      X.data[i * p + j] = s.values[at];
    });
  });
  const y = Float64Array.from(matched, (s) => readoutByKey.get(keyOf(s))!);
  const groups = matched.map((s) => (groupBy === "donor" ? s.donor : groupLabel([s.experiment, s.donor])));
  const alphas = options.alphas ? [...options.alphas] : defaultAlphas(model, X, y);
  const cv: LeaveOneGroupOutResult = leaveOneGroupOutCV(X, y, groups, { alphas, model });

  const correlations = usedColumns
    .map((column, j) => {
      const values = Float64Array.from({ length: n }, (_, i) => X.data[i * p + j]);
      return { column, pearson: pearsonR(values, y), spearman: spearmanR(values, y) };
    })
    .sort((a, b) => Math.abs(b.pearson) - Math.abs(a.pearson) || (a.column < b.column ? -1 : 1));

  return {
    model,
    groupBy,
    samples: matched.map((s, i) => ({
      experiment: s.experiment,
      donor: s.donor,
      condition: s.condition,
      group: groups[i],
      observed: y[i],
      predicted: cv.predictions[i],
    })),
    spearman: cv.spearmanR,
    r2: cv.r2,
    alphas,
    chosenAlphas: cv.groupLabels.map((group, i) => ({ group, alpha: cv.chosenAlphas[i] })),
    usedColumns,
    constantColumns,
    incompleteColumns,
    samplesWithoutReadout,
    readoutsWithoutSample,
    correlations,
  };
}

/** The default α grid (see {@link ReadoutRegressionOptions.alphas}). */
function defaultAlphas(model: "lasso" | "ridge", X: Matrix, y: Float64Array): number[] {
  if (model === "ridge") return Array.from({ length: 7 }, (_, i) => 10 ** (i - 3));
  const { rows: n, cols: p, data } = X;
  let yMean = 0;
  for (const v of y) yMean += v;
  yMean /= n;
  let alphaMax = 0;
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data[i * p + j];
    mean /= n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (data[i * p + j] - mean) ** 2;
    const sd = Math.sqrt(squares / n);
    let dot = 0;
    for (let i = 0; i < n; i++) dot += ((data[i * p + j] - mean) / sd) * (y[i] - yMean);
    alphaMax = Math.max(alphaMax, Math.abs(dot) / n);
  }
  if (!(alphaMax > 0)) alphaMax = 1;
  return Array.from({ length: 20 }, (_, i) => alphaMax * 10 ** ((-3 * i) / 19));
}
