import { percentiles } from "../image/statistics.js";
import { entropyNats } from "../ml/predictionEntropy.js";
import type { CellTable } from "./cellTable.js";
import { type RobustOutlierOptions, robustOutliers } from "./robustOutliers.js";
import { countSelected } from "./rowMask.js";
import { groupLabel, groupRows } from "./sampleGroups.js";

/**
 * Quality control of predicted cells before any biology, as the study cleaned its predictions —
 * every step optional, reported (what ran, with which thresholds, how many cells it flagged) and
 * never applied silently. Flags are 0/1 typed arrays computed from numbers, never strings read
 * back from a file (the study's outlier filter compared the string "True" with stored
 * "False"/"1" and so removed nothing).
 */

/** The quality-control steps, in the order they are applied and reported. */
export const QC_STEPS = ["high_entropy", "out_of_focus", "dead_cell", "outlier"] as const;

/** One quality-control step. */
export type QcStep = (typeof QC_STEPS)[number];

/**
 * Where percentile thresholds are computed: over all cells ("global", the study's procedure as
 * documented), or separately within each experiment ("experiment", the default here: focus and
 * staining intensity shift between acquisition sessions, and one global cut would drop whole
 * experiments instead of each experiment's tails).
 */
export type PercentileScope = "global" | "experiment";

/** High prediction entropy: the classifier could not decide. */
export interface EntropyCheckOptions {
  /** Flag cells with entropy ≥ this many nats (default 1.2, as the study). */
  threshold?: number;
  /**
   * Entropy column (default "prediction_entropy", what `scifai predict` writes); when absent, the
   * entropy is computed from the `probability_<class>` columns.
   */
  column?: string;
}

/** Out of focus: bright-field gradient RMS outside its central percentiles. */
export interface FocusCheckOptions {
  /** Column (default the first present of gradient_RMS_BF, gradient_RMS_Ch1). */
  column?: string;
  /** Flag values below this percentile (default 2, as the study). */
  lowerPercentile?: number;
  /** Flag values above this percentile (default 90, as the study). */
  upperPercentile?: number;
  /** Default "experiment": focus and gradient strength change with each acquisition session. */
  scope?: PercentileScope;
}

/** Dead cells: high mean intensity in the live/dead channel. */
export interface DeadCellCheckOptions {
  /** Column (default: found from `channel`, see {@link qualityControl}). */
  column?: string;
  /** Marker name of the live/dead stain (default "Live-Dead"). */
  channel?: string;
  /** Channel names in acquisition order, to find `mask_based_mean_intensity_Ch{k}` in unrenamed tables. */
  channelNames?: readonly string[];
  /** Flag values above this percentile (default 90, as the study). */
  percentile?: number;
  /** Default "experiment", as for focus: staining intensity differs between experiments. */
  scope?: PercentileScope;
}

/** Multivariate outliers (see {@link robustOutliers}). */
export interface OutlierCheckOptions extends RobustOutlierOptions {
  /** Numeric columns the distance is computed on (e.g. the classifier's features). */
  features: readonly string[];
  /**
   * Text column whose groups are assessed separately (default "predicted_class" when present, else
   * none; null for all cells at once). Within a class, an outlier is a cell unlike the others
   * predicted alike (debris, a misprediction); over all cells, a rare class that differs from the
   * majority (e.g. brightly signalling synapses) would itself be flagged and the biology removed.
   */
  groupBy?: string | null;
  /** Groups with fewer cells are not assessed, and reported (default max(30, 5 × features)). */
  minCells?: number;
}

/** Options of {@link qualityControl}; `false` disables a step (it is then reported as "disabled"). */
export interface QualityControlOptions {
  entropy?: EntropyCheckOptions | false;
  focus?: FocusCheckOptions | false;
  deadCells?: DeadCellCheckOptions | false;
  /** Default: not applicable until features are chosen. */
  outliers?: OutlierCheckOptions | false;
  /** Text column naming the experiment, for percentiles per experiment (default "experiment"). */
  experimentColumn?: string;
}

/** A threshold actually used, per percentile group ("all cells" or one experiment). */
export interface QcThreshold {
  group: string;
  /** Cells the threshold was computed from (finite values). */
  cells: number;
  /** Lower cut-off (cells below it are flagged), or null when there is none. */
  lower: number | null;
  /** Upper cut-off (cells above it, or for entropy at or above it, are flagged), or null. */
  upper: number | null;
  /** Cells of the group this step flagged. */
  flagged: number;
}

/** What one step did. Plain data (JSON-serialisable). */
export interface QcStepReport {
  step: QcStep;
  status: "applied" | "not applicable" | "disabled";
  /** One sentence: the rule applied, or why it was not. */
  description: string;
  /** Column(s) the step read. */
  columns: string[];
  /** The step's settings (percentiles, scope, tail probability, …). */
  parameters: Record<string, number | string | boolean>;
  thresholds: QcThreshold[];
  /** Cells this step flagged (whatever earlier steps did). */
  flagged: number;
  /** Of those, cells flagged because their value was missing (NaN) and could not pass the check. */
  missing: number;
  /** Cells this step flagged that no earlier step had flagged. */
  newlyExcluded: number;
}

/** The whole quality-control report (plain data). */
export interface QcReport {
  cells: number;
  /** Cells flagged by no step. */
  kept: number;
  /** Cells flagged by at least one step. */
  excluded: number;
  steps: QcStepReport[];
}

/** Result of {@link qualityControl}. */
export interface QualityControlResult {
  report: QcReport;
  /** Per applied step, 1 where the step flagged the cell (0/1 only); absent for steps that did not run. */
  flags: Partial<Record<QcStep, Uint8Array>>;
  /** 1 for cells that passed every applied step: the mask every downstream analysis starts from. */
  keep: Uint8Array;
  /** Robust squared distances of the outlier step (null when it did not run). */
  outlierDistances: Float64Array | null;
}

interface StepOutcome {
  flags: Uint8Array | null;
  /** The outlier step's robust squared distances. */
  distances?: Float64Array;
  report: Omit<QcStepReport, "newlyExcluded" | "flagged" | "missing"> & { missing?: number };
}

/**
 * Flags cells that should not enter the biology, step by step, in the study's order: prediction
 * entropy ≥ threshold (default 1.2 nats); bright-field gradient RMS below its 2nd or above its 90th
 * percentile (out of focus); mean Live-Dead intensity above its 90th percentile (dead cells; the
 * column is `mask_based_mean_intensity_<channel>` or, given channel names,
 * `mask_based_mean_intensity_Ch<k>`); and robust multivariate outliers on chosen features, within
 * each predicted class by default (see {@link OutlierCheckOptions.groupBy}). Each
 * step sees every cell (thresholds do not depend on earlier steps); a cell is excluded when any
 * step flags it. A step whose column is absent is reported "not applicable", a step set to false
 * "disabled". A cell whose value is missing (NaN) fails that step and is counted in `missing`.
 * Throws when a column named explicitly is absent.
 */
export function qualityControl(table: CellTable, options: QualityControlOptions = {}): QualityControlResult {
  const experimentColumn = options.experimentColumn ?? "experiment";
  const outcomes: { step: QcStep; outcome: StepOutcome }[] = [
    { step: "high_entropy", outcome: entropyStep(table, options.entropy) },
    { step: "out_of_focus", outcome: focusStep(table, options.focus, experimentColumn) },
    { step: "dead_cell", outcome: deadCellStep(table, options.deadCells, experimentColumn) },
    { step: "outlier", outcome: outlierStep(table, options.outliers) },
  ];
  const keep = new Uint8Array(table.rows).fill(1);
  const flags: Partial<Record<QcStep, Uint8Array>> = {};
  const steps: QcStepReport[] = [];
  let outlierDistances: Float64Array | null = null;
  for (const { step, outcome } of outcomes) {
    let flagged = 0;
    let newlyExcluded = 0;
    if (outcome.flags !== null) {
      flags[step] = outcome.flags;
      for (let r = 0; r < table.rows; r++) {
        if (outcome.flags[r] !== 1) continue;
        flagged++;
        if (keep[r] === 1) {
          newlyExcluded++;
          keep[r] = 0;
        }
      }
    }
    if (outcome.distances !== undefined) outlierDistances = outcome.distances;
    steps.push({ ...outcome.report, missing: outcome.report.missing ?? 0, flagged, newlyExcluded });
  }
  const kept = countSelected(keep);
  return {
    report: { cells: table.rows, kept, excluded: table.rows - kept, steps },
    flags,
    keep,
    outlierDistances,
  };
}

/**
 * The numeric columns {@link qualityControl} would read with these options, among the columns a
 * table offers (e.g. `tableColumnNames(features).numeric`), so that only those are loaded from a
 * large feature table: the focus and live/dead columns it would find, and the outlier features.
 * The entropy column is not included (it comes with the predictions). Throws like
 * {@link qualityControl} when an explicitly named column is absent.
 */
export function qualityControlColumns(
  available: readonly string[],
  options: QualityControlOptions = {},
): string[] {
  const present = new Set(available);
  const pick = (explicit: string | undefined, candidates: readonly string[]): string[] => {
    if (explicit !== undefined) {
      if (!present.has(explicit)) throw new Error(`quality control: no numeric column '${explicit}'`);
      return [explicit];
    }
    const found = candidates.find((name) => present.has(name));
    return found === undefined ? [] : [found];
  };
  const columns: string[] = [];
  if (options.focus !== false) columns.push(...pick(options.focus?.column, FOCUS_COLUMNS));
  if (options.deadCells !== false) {
    const dead = options.deadCells;
    columns.push(...pick(dead?.column, deadCellCandidates(dead?.channel ?? "Live-Dead", dead?.channelNames)));
  }
  if (options.outliers) {
    const absent = options.outliers.features.filter((name) => !present.has(name));
    if (absent.length > 0) throw new Error(`quality control: outlier features absent: ${absent.join(", ")}`);
    columns.push(...options.outliers.features);
  }
  return [...new Set(columns)];
}

/** Bright-field gradient RMS column names, renamed first. */
const FOCUS_COLUMNS = ["gradient_RMS_BF", "gradient_RMS_Ch1"];

/** Live/dead mean-intensity column names for a channel: by marker name, then by channel index. */
function deadCellCandidates(channel: string, channelNames: readonly string[] | undefined): string[] {
  const candidates = [`mask_based_mean_intensity_${channel}`];
  const index = channelNames?.indexOf(channel) ?? -1;
  if (index >= 0) candidates.push(`mask_based_mean_intensity_Ch${index + 1}`);
  return candidates;
}

function notRun(step: QcStep, status: "not applicable" | "disabled", description: string): StepOutcome {
  return { flags: null, report: { step, status, description, columns: [], parameters: {}, thresholds: [] } };
}

function entropyStep(table: CellTable, options: EntropyCheckOptions | false | undefined): StepOutcome {
  if (options === false) return notRun("high_entropy", "disabled", "disabled by the user");
  const threshold = options?.threshold ?? 1.2;
  const requested = options?.column;
  if (requested !== undefined && !table.numeric.has(requested))
    throw new Error(`quality control: no entropy column '${requested}'`);
  const column = requested ?? "prediction_entropy";
  let entropy = table.numeric.get(column);
  let columns = [column];
  if (entropy === undefined) {
    const probabilityColumns = [...table.numeric.keys()].filter((name) => name.startsWith("probability_"));
    if (probabilityColumns.length < 2)
      return notRun(
        "high_entropy",
        "not applicable",
        `no '${column}' column and fewer than two probability_<class> columns`,
      );
    entropy = entropyFromProbabilities(
      probabilityColumns.map((name) => table.numeric.get(name)!),
      table.rows,
    );
    columns = probabilityColumns;
  }
  const flags = new Uint8Array(table.rows);
  let missing = 0;
  for (let r = 0; r < table.rows; r++) {
    const value = entropy[r];
    if (Number.isNaN(value)) missing++;
    // A missing entropy cannot pass: !(value < threshold) is true for NaN.
    flags[r] = !(value < threshold) ? 1 : 0;
  }
  return {
    flags,
    report: {
      step: "high_entropy",
      status: "applied",
      description: `prediction entropy ≥ ${threshold} nats`,
      columns,
      parameters: { threshold, unit: "nats" },
      thresholds: [
        {
          group: "all cells",
          cells: table.rows - missing,
          lower: null,
          upper: threshold,
          flagged: countOnes(flags),
        },
      ],
      missing,
    },
  };
}

/** Entropy (nats) of each row of class-probability columns, as `scipy.stats.entropy`. */
function entropyFromProbabilities(columns: Float64Array[], rows: number): Float64Array {
  const out = new Float64Array(rows);
  const row = new Float64Array(columns.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns.length; c++) row[c] = columns[c][r];
    out[r] = entropyNats(row);
  }
  return out;
}

function focusStep(
  table: CellTable,
  options: FocusCheckOptions | false | undefined,
  experimentColumn: string,
): StepOutcome {
  if (options === false) return notRun("out_of_focus", "disabled", "disabled by the user");
  const column = resolveColumn(table, options?.column, FOCUS_COLUMNS);
  if (column === null)
    return notRun(
      "out_of_focus",
      "not applicable",
      "no bright-field gradient RMS column (gradient_RMS_BF or gradient_RMS_Ch1)",
    );
  const lower = options?.lowerPercentile ?? 2;
  const upper = options?.upperPercentile ?? 90;
  return percentileStep(
    table,
    "out_of_focus",
    column,
    lower,
    upper,
    options?.scope ?? "experiment",
    experimentColumn,
  );
}

function deadCellStep(
  table: CellTable,
  options: DeadCellCheckOptions | false | undefined,
  experimentColumn: string,
): StepOutcome {
  if (options === false) return notRun("dead_cell", "disabled", "disabled by the user");
  const candidates = deadCellCandidates(options?.channel ?? "Live-Dead", options?.channelNames);
  const column = resolveColumn(table, options?.column, candidates);
  if (column === null)
    return notRun(
      "dead_cell",
      "not applicable",
      `no live/dead channel column (looked for ${candidates.join(", ")})`,
    );
  return percentileStep(
    table,
    "dead_cell",
    column,
    null,
    options?.percentile ?? 90,
    options?.scope ?? "experiment",
    experimentColumn,
  );
}

/** The explicit column (which must exist) or the first candidate present; null when none is. */
function resolveColumn(
  table: CellTable,
  explicit: string | undefined,
  candidates: readonly string[],
): string | null {
  if (explicit !== undefined) {
    if (!table.numeric.has(explicit)) throw new Error(`quality control: no numeric column '${explicit}'`);
    return explicit;
  }
  return candidates.find((name) => table.numeric.has(name)) ?? null;
}

/**
 * Flags values below the `lower` percentile or above the `upper` percentile (linear interpolation,
 * as `np.percentile` and pandas' `quantile`) of the finite values, over all cells or per experiment.
 */
function percentileStep(
  table: CellTable,
  step: QcStep,
  column: string,
  lower: number | null,
  upper: number,
  requestedScope: PercentileScope,
  experimentColumn: string,
): StepOutcome {
  const values = table.numeric.get(column)!;
  const rows = table.rows;
  let scope = requestedScope;
  let note = "";
  if (scope === "experiment" && !table.text.has(experimentColumn)) {
    scope = "global";
    note = ` (percentiles over all cells: no '${experimentColumn}' column)`;
  }
  const groups =
    scope === "experiment"
      ? groupRows(table, [experimentColumn])
      : { keys: [["all cells"]], groupOf: new Int32Array(rows), sizes: Int32Array.of(rows) };
  const groupCount = groups.keys.length;
  const finiteCounts = new Int32Array(groupCount);
  for (let r = 0; r < rows; r++) if (Number.isFinite(values[r])) finiteCounts[groups.groupOf[r]]++;
  const buffers = Array.from(finiteCounts, (n) => new Float64Array(n));
  const fill = new Int32Array(groupCount);
  for (let r = 0; r < rows; r++) {
    const value = values[r];
    if (!Number.isFinite(value)) continue;
    const g = groups.groupOf[r];
    buffers[g][fill[g]++] = value;
  }
  const qs = lower === null ? [upper] : [lower, upper];
  const cuts = new Float64Array(2 * groupCount);
  buffers.forEach((buffer, g) => {
    percentiles(buffer, qs, cuts, 2 * g);
  });
  const flags = new Uint8Array(rows);
  const flaggedPerGroup = new Int32Array(groupCount);
  let missing = 0;
  for (let r = 0; r < rows; r++) {
    const g = groups.groupOf[r];
    const value = values[r];
    let flag: boolean;
    if (Number.isNaN(value)) {
      missing++;
      flag = true;
    } else if (lower === null) flag = value > cuts[2 * g];
    else flag = value < cuts[2 * g] || value > cuts[2 * g + 1];
    if (flag) {
      flags[r] = 1;
      flaggedPerGroup[g]++;
    }
  }
  const thresholds: QcThreshold[] = groups.keys.map((key, g) => ({
    group: groupLabel(key),
    cells: finiteCounts[g],
    lower: lower === null ? null : nullIfNaN(cuts[2 * g]),
    upper: nullIfNaN(lower === null ? cuts[2 * g] : cuts[2 * g + 1]),
    flagged: flaggedPerGroup[g],
  }));
  const where = scope === "experiment" ? "within each experiment" : "over all cells";
  const description =
    lower === null
      ? `${column} above its ${ordinal(upper)} percentile ${where}${note}`
      : `${column} below its ${ordinal(lower)} or above its ${ordinal(upper)} percentile ${where}${note}`;
  const parameters: Record<string, number | string> =
    lower === null ? { percentile: upper, scope } : { lowerPercentile: lower, upperPercentile: upper, scope };
  return {
    flags,
    report: { step, status: "applied", description, columns: [column], parameters, thresholds, missing },
  };
}

function outlierStep(table: CellTable, options: OutlierCheckOptions | false | undefined): StepOutcome {
  if (options === false) return notRun("outlier", "disabled", "disabled by the user");
  if (options === undefined || options.features.length === 0)
    return notRun("outlier", "not applicable", "no features chosen for the outlier detector");
  const absent = options.features.filter((name) => !table.numeric.has(name));
  if (absent.length > 0) throw new Error(`quality control: outlier features absent: ${absent.join(", ")}`);
  const groupColumn =
    options.groupBy === undefined
      ? table.text.has("predicted_class")
        ? "predicted_class"
        : null
      : options.groupBy;
  if (groupColumn !== null && !table.text.has(groupColumn))
    throw new Error(`quality control: no text column '${groupColumn}' to group outliers by`);
  const minCells = options.minCells ?? Math.max(30, 5 * options.features.length);
  const tailProbability = options.tailProbability ?? 0.001;
  const groups =
    groupColumn === null
      ? { keys: [["all cells"]], groupOf: new Int32Array(table.rows), sizes: Int32Array.of(table.rows) }
      : groupRows(table, [groupColumn]);
  const members = Array.from(groups.sizes, (n) => new Int32Array(n));
  const fill = new Int32Array(groups.sizes.length);
  for (let r = 0; r < table.rows; r++) {
    const g = groups.groupOf[r];
    members[g][fill[g]++] = r;
  }
  const flags = new Uint8Array(table.rows);
  const distances = new Float64Array(table.rows).fill(Number.NaN);
  const featureColumns = options.features.map((name) => table.numeric.get(name)!);
  const thresholds: QcThreshold[] = [];
  const notAssessed: string[] = [];
  const components: number[] = [];
  let missing = 0;
  groups.keys.forEach((key, g) => {
    const rows = members[g];
    const label = groupLabel(key);
    let result: ReturnType<typeof robustOutliers> | null = null;
    if (rows.length >= minCells) {
      try {
        const groupColumns = featureColumns.map((column) => {
          const values = new Float64Array(rows.length);
          for (let i = 0; i < rows.length; i++) values[i] = column[rows[i]];
          return values;
        });
        result = robustOutliers(groupColumns, options.features, options);
      } catch {
        // No feature varies within the group: nothing to measure a distance on.
        result = null;
      }
    }
    if (result === null) {
      notAssessed.push(label);
      thresholds.push({ group: label, cells: rows.length, lower: null, upper: null, flagged: 0 });
      return;
    }
    rows.forEach((r, i) => {
      flags[r] = result.flags[i];
      distances[r] = result.squaredDistances[i];
    });
    missing += result.missing;
    components.push(result.components);
    thresholds.push({
      group: label,
      cells: rows.length - result.missing,
      lower: null,
      upper: nullIfNaN(result.threshold),
      flagged: result.outliers + result.missing,
    });
  });
  const within = groupColumn === null ? "over all cells" : `within each ${groupColumn}`;
  const skipped =
    notAssessed.length > 0
      ? `; not assessed (fewer than ${minCells} cells or no varying feature): ${notAssessed.join(", ")}`
      : "";
  return {
    flags,
    distances,
    report: {
      step: "outlier",
      status: "applied",
      description:
        `robust squared Mahalanobis distance on the principal components of ${options.features.length} ` +
        `robustly standardised features, ${within}, above the χ² upper ${tailProbability} quantile${skipped}`,
      columns: [...options.features],
      parameters: {
        method: "robust PCA Mahalanobis",
        groupBy: groupColumn ?? "none",
        tailProbability,
        minCells,
        varianceExplained: options.varianceExplained ?? 0.9,
        maxComponents: options.maxComponents ?? 10,
        componentsUsed: components.join(", "),
      },
      thresholds,
      missing,
    },
  };
}

function countOnes(flags: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < flags.length; i++) n += flags[i];
  return n;
}

function nullIfNaN(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/**
 * Parses a flag column stored as text (e.g. QC flags a Python pipeline wrote to CSV) into 0/1:
 * "true"/"1"/"1.0"/"yes" → 1 and "false"/"0"/"0.0"/"no" → 0 (case-insensitive, trimmed). Any other
 * text, including an empty field, throws a RangeError naming the row, so a stored flag can never be
 * silently misread.
 */
export function parseFlagColumn(values: readonly string[]): Uint8Array {
  const out = new Uint8Array(values.length);
  values.forEach((raw, r) => {
    const value = raw.trim().toLowerCase();
    if (value === "true" || value === "1" || value === "1.0" || value === "yes") out[r] = 1;
    else if (value === "false" || value === "0" || value === "0.0" || value === "no") out[r] = 0;
    else throw new RangeError(`row ${r}: '${raw}' is not a flag (expected true/false or 1/0)`);
  });
  return out;
}

/** "1st", "2nd", "3rd", "11th", "90th", "99.5th": English ordinal of a percentile. */
export function ordinal(value: number): string {
  if (!Number.isInteger(value)) return `${value}th`;
  const lastTwo = Math.abs(value) % 100;
  const last = Math.abs(value) % 10;
  const suffix =
    lastTwo >= 11 && lastTwo <= 13 ? "th" : last === 1 ? "st" : last === 2 ? "nd" : last === 3 ? "rd" : "th";
  return `${value}${suffix}`;
}
