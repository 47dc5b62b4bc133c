import { type CellTable, requireText } from "./cellTable.js";
import { groupLabel, groupRows } from "./sampleGroups.js";
import { benjaminiHochberg } from "./statistics/benjaminiHochberg.js";
import { log2FoldChange } from "./statistics/foldChange.js";
import { mannWhitneyU } from "./statistics/mannWhitneyU.js";
import { median } from "./statistics/median.js";
import { wilcoxonSignedRank } from "./statistics/wilcoxonSignedRank.js";

/** The classes the study left out of its frequencies (fragments and non-interacting cells). */
export const STUDY_EXCLUDED_CLASSES: readonly string[] = [
  "T_cell_with_B_cell_fragments",
  "No_cell_cell_interaction",
];

/** Which text columns hold what (defaults: the metadata and prediction column names). */
export interface SampleColumns {
  /** Default "experiment". */
  experimentColumn?: string;
  /** Default "donor". */
  donorColumn?: string;
  /** Default "condition". */
  conditionColumn?: string;
}

/** Options of {@link classFrequencies}. */
export interface ClassFrequencyOptions extends SampleColumns {
  /** Column of the class of each cell (default "predicted_class"). */
  classColumn?: string;
  /** Classes to keep, in this order (default: every class present, sorted, minus `excludeClasses`). */
  classes?: readonly string[];
  /** Classes left out when `classes` is not given (default {@link STUDY_EXCLUDED_CLASSES}). */
  excludeClasses?: readonly string[];
  /** Cells that passed quality control (1 = keep); default every cell. */
  keep?: Uint8Array;
}

/** Class counts and percentages of one sample (experiment / donor / condition folder). Plain data. */
export interface SampleFrequencies {
  experiment: string;
  donor: string;
  condition: string;
  /** Cells of the kept classes that passed quality control: the denominator. */
  cells: number;
  /** Cells of the sample left out by quality control (any class). */
  excludedByQc: number;
  /** Cells per kept class, aligned with `classes`. */
  counts: number[];
  /** Percent of `cells` per kept class, aligned with `classes` (NaN when `cells` is 0). */
  percentages: number[];
}

/** Result of {@link classFrequencies}. Plain data. */
export interface ClassFrequencyTable {
  classes: string[];
  /** Classes present in the data but not counted (left out by the user or by default). */
  leftOutClasses: string[];
  /** One row per sample, sorted by experiment, donor, condition; samples with no kept cell stay (cells 0). */
  samples: SampleFrequencies[];
  /** Cells left out by quality control, in total. */
  excludedByQc: number;
  /** Cells (passing quality control) of left-out classes. */
  cellsOfLeftOutClasses: number;
}

/**
 * Percent of each kept class per sample (experiment / donor / condition), after quality-control
 * exclusions: counts over the kept classes only, so left-out classes change no denominator (the
 * study's 7 of 9 classes). Throws when a column or a requested class is absent.
 */
export function classFrequencies(table: CellTable, options: ClassFrequencyOptions = {}): ClassFrequencyTable {
  const experimentColumn = options.experimentColumn ?? "experiment";
  const donorColumn = options.donorColumn ?? "donor";
  const conditionColumn = options.conditionColumn ?? "condition";
  const classColumn = options.classColumn ?? "predicted_class";
  const classCategory = requireText(table, classColumn);
  const keep = options.keep;
  if (keep !== undefined && keep.length !== table.rows)
    throw new RangeError(`the quality-control mask has ${keep.length} entries for ${table.rows} cells`);
  const excluded = new Set(options.excludeClasses ?? STUDY_EXCLUDED_CLASSES);
  const classes = options.classes
    ? [...options.classes]
    : classCategory.levels.filter((c) => !excluded.has(c));
  const absent = classes.filter((c) => !classCategory.levels.includes(c));
  if (options.classes && absent.length > 0)
    throw new Error(`classes absent from '${classColumn}': ${absent.join(", ")}`);
  const classIndexOfLevel = new Int32Array(classCategory.levels.length).fill(-1);
  classes.forEach((c, i) => {
    const level = classCategory.levels.indexOf(c);
    if (level >= 0) classIndexOfLevel[level] = i;
  });
  const groups = groupRows(table, [experimentColumn, donorColumn, conditionColumn]);
  const sampleCount = groups.keys.length;
  const counts = new Float64Array(sampleCount * classes.length);
  const qcExcluded = new Int32Array(sampleCount);
  let cellsOfLeftOutClasses = 0;
  for (let r = 0; r < table.rows; r++) {
    const g = groups.groupOf[r];
    if (keep !== undefined && keep[r] !== 1) {
      qcExcluded[g]++;
      continue;
    }
    const c = classIndexOfLevel[classCategory.codes[r]];
    if (c < 0) cellsOfLeftOutClasses++;
    else counts[g * classes.length + c]++;
  }
  const samples: SampleFrequencies[] = groups.keys.map(([experiment, donor, condition], g) => {
    const sampleCounts = Array.from(counts.subarray(g * classes.length, (g + 1) * classes.length));
    const cells = sampleCounts.reduce((a, b) => a + b, 0);
    return {
      experiment,
      donor,
      condition,
      cells,
      excludedByQc: qcExcluded[g],
      counts: sampleCounts,
      percentages: sampleCounts.map((n) => (cells > 0 ? (100 * n) / cells : Number.NaN)),
    };
  });
  const present = new Set(classes);
  let totalExcluded = 0;
  for (const n of qcExcluded) totalExcluded += n;
  return {
    classes,
    leftOutClasses: classCategory.levels.filter((c) => !present.has(c)),
    samples,
    excludedByQc: totalExcluded,
    cellsOfLeftOutClasses,
  };
}

/** Options of {@link compareConditions} and {@link comparePairedConditions}. */
export interface ConditionComparisonOptions {
  /** Control condition, e.g. "-SEA" or "DIG-TCB". */
  control: string;
  /** Treatment condition, e.g. "+SEA" or "CD19-TCB". */
  treatment: string;
  /** False discovery rate of the Benjamini–Hochberg correction across classes (default 0.05). */
  alpha?: number;
  /**
   * Percentage points added to both percentages before a log2 ratio (default 0.1: one cell in a
   * thousand), so that a class absent from one sample gives a finite fold change; it shrinks fold
   * changes of very rare classes towards 0. Set 0 for the study's plain ratio.
   */
  pseudocount?: number;
}

/** Direction of a change from control to treatment. */
export type Direction = "up" | "down" | "unchanged";

/** The comparison of one class between two conditions. Plain data. */
export interface ClassComparisonRow {
  className: string;
  /** Samples (unpaired) or donors (paired) with a value in each condition. */
  controlSamples: number;
  treatmentSamples: number;
  controlMedian: number;
  treatmentMedian: number;
  /** Mean and sample standard deviation (n − 1), as the study reported "0.95 ± 0.52%". */
  controlMean: number;
  controlSd: number;
  treatmentMean: number;
  treatmentSd: number;
  /** Mann–Whitney U of the control samples, or the Wilcoxon statistic (SciPy's). */
  statistic: number;
  pValue: number;
  /** Benjamini–Hochberg over the classes of this comparison. */
  adjustedPValue: number;
  significant: boolean;
  /** Paired: median of the donors' log2 fold changes; unpaired: log2 ratio of the medians (both with the pseudocount). */
  log2FoldChange: number;
  /** Paired: sign of the median log2 fold change; unpaired: sign of treatment median − control median. */
  direction: Direction;
  /** How the p-value was computed ("exact", "asymptotic", "approx", or "none" when no test was possible). */
  method: string;
}

/** Result of a comparison of conditions across classes. Plain data. */
export interface ClassComparison {
  test: "mann-whitney-u" | "wilcoxon-signed-rank";
  control: string;
  treatment: string;
  alpha: number;
  pseudocount: number;
  rows: ClassComparisonRow[];
  /** Paired comparisons: the donors used, with their log2 fold change per class (aligned with rows). */
  pairs?: {
    donor: string;
    controlPercentages: number[];
    treatmentPercentages: number[];
    log2FoldChanges: number[];
  }[];
  /** Paired comparisons: donors with only one of the two conditions (left out). */
  unpairedDonors?: string[];
  /** Samples of the two conditions left out because they had no kept cell (percentages undefined). */
  emptySamples: string[];
}

function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, sd: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, sd: Number.NaN };
  let sum = 0;
  for (const v of values) sum += (v - mean) ** 2;
  return { mean, sd: Math.sqrt(sum / (n - 1)) };
}

function directionOf(value: number): Direction {
  return value > 0 ? "up" : value < 0 ? "down" : "unchanged";
}

function sampleLabel(s: SampleFrequencies): string {
  return groupLabel([s.experiment, s.donor, s.condition]);
}

/**
 * Compares the class percentages of two conditions with independent samples (e.g. −SEA vs +SEA,
 * one value per experiment/donor folder): a two-sided Mann–Whitney U test per class, as SciPy's
 * `mannwhitneyu` (exact for small samples without ties), then Benjamini–Hochberg across the
 * classes. Samples with no kept cell are left out (listed). Throws when a condition has no sample.
 */
export function compareConditions(
  frequencies: ClassFrequencyTable,
  options: ConditionComparisonOptions,
): ClassComparison {
  const { control, treatment } = options;
  const alpha = options.alpha ?? 0.05;
  const pseudocount = options.pseudocount ?? 0.1;
  const emptySamples: string[] = [];
  const of = (condition: string) => {
    const all = frequencies.samples.filter((s) => s.condition === condition);
    if (all.length === 0) throw new Error(`no sample of condition '${condition}'`);
    for (const s of all) if (s.cells === 0) emptySamples.push(sampleLabel(s));
    return all.filter((s) => s.cells > 0);
  };
  const controls = of(control);
  const treatments = of(treatment);
  const rows = frequencies.classes.map((className, c) => {
    const x = controls.map((s) => s.percentages[c]);
    const y = treatments.map((s) => s.percentages[c]);
    const test = mannWhitneyU(x, y, { alternative: "two-sided" });
    const controlMedian = median(x);
    const treatmentMedian = median(y);
    const controlStats = meanAndSd(x);
    const treatmentStats = meanAndSd(y);
    return {
      className,
      controlSamples: x.length,
      treatmentSamples: y.length,
      controlMedian,
      treatmentMedian,
      controlMean: controlStats.mean,
      controlSd: controlStats.sd,
      treatmentMean: treatmentStats.mean,
      treatmentSd: treatmentStats.sd,
      statistic: test.statistic,
      pValue: test.pValue,
      adjustedPValue: Number.NaN,
      significant: false,
      log2FoldChange: log2FoldChange([treatmentMedian], [controlMedian], { pseudocount })[0],
      direction: directionOf(treatmentMedian - controlMedian),
      method: test.method,
    };
  });
  adjust(rows, alpha);
  return { test: "mann-whitney-u", control, treatment, alpha, pseudocount, rows, emptySamples };
}

/** Options of {@link comparePairedConditions}. */
export interface PairedComparisonOptions extends ConditionComparisonOptions {
  /** What identifies a donor across conditions (default "experiment/donor": a donor within an experiment). */
  pairBy?: "experiment/donor" | "donor";
}

/**
 * Compares two conditions within donors (e.g. Isotype → Teplizumab, DIG-TCB → CD19-TCB): per donor
 * and class the log2 fold change log2((treatment% + c) / (control% + c)), then a two-sided
 * Wilcoxon signed-rank test of the donors' fold changes against 0 per class (SciPy's `wilcoxon`),
 * then Benjamini–Hochberg across the classes — the study's procedure. Donors with only one of the
 * two conditions, or a sample with no kept cell, are left out and listed. Throws when a donor has
 * several samples of one condition (pair by "experiment/donor" then) or no donor is paired.
 */
export function comparePairedConditions(
  frequencies: ClassFrequencyTable,
  options: PairedComparisonOptions,
): ClassComparison {
  const { control, treatment } = options;
  const alpha = options.alpha ?? 0.05;
  const pseudocount = options.pseudocount ?? 0.1;
  const pairBy = options.pairBy ?? "experiment/donor";
  const donorOf = (s: SampleFrequencies) =>
    pairBy === "donor" ? s.donor : groupLabel([s.experiment, s.donor]);
  const byDonor = new Map<string, { control?: SampleFrequencies; treatment?: SampleFrequencies }>();
  for (const s of frequencies.samples) {
    const role = s.condition === control ? "control" : s.condition === treatment ? "treatment" : null;
    if (role === null) continue;
    const donor = donorOf(s);
    const entry = byDonor.get(donor) ?? {};
    if (entry[role] !== undefined)
      throw new Error(`donor ${donor} has several ${s.condition} samples: pair by experiment/donor`);
    entry[role] = s;
    byDonor.set(donor, entry);
  }
  const donors = [...byDonor.keys()].sort();
  const emptySamples: string[] = [];
  const unpairedDonors: string[] = [];
  const pairs: NonNullable<ClassComparison["pairs"]> = [];
  for (const donor of donors) {
    const entry = byDonor.get(donor)!;
    if (entry.control === undefined || entry.treatment === undefined) {
      unpairedDonors.push(donor);
      continue;
    }
    const empty = [entry.control, entry.treatment].filter((s) => s.cells === 0);
    if (empty.length > 0) {
      emptySamples.push(...empty.map(sampleLabel));
      continue;
    }
    pairs.push({
      donor,
      controlPercentages: entry.control.percentages,
      treatmentPercentages: entry.treatment.percentages,
      log2FoldChanges: Array.from(
        log2FoldChange(entry.treatment.percentages, entry.control.percentages, { pseudocount }),
      ),
    });
  }
  if (pairs.length === 0) throw new Error(`no donor has both '${control}' and '${treatment}' samples`);
  const rows = frequencies.classes.map((className, c) => {
    const x = pairs.map((p) => p.controlPercentages[c]);
    const y = pairs.map((p) => p.treatmentPercentages[c]);
    const changes = pairs.map((p) => p.log2FoldChanges[c]);
    const test = wilcoxonSignedRank(changes, { alternative: "two-sided" });
    const medianChange = median(changes);
    const controlStats = meanAndSd(x);
    const treatmentStats = meanAndSd(y);
    return {
      className,
      controlSamples: x.length,
      treatmentSamples: y.length,
      controlMedian: median(x),
      treatmentMedian: median(y),
      controlMean: controlStats.mean,
      controlSd: controlStats.sd,
      treatmentMean: treatmentStats.mean,
      treatmentSd: treatmentStats.sd,
      statistic: test.statistic,
      pValue: test.pValue,
      adjustedPValue: Number.NaN,
      significant: false,
      log2FoldChange: medianChange,
      direction: directionOf(medianChange),
      method: test.method,
    };
  });
  adjust(rows, alpha);
  return {
    test: "wilcoxon-signed-rank",
    control,
    treatment,
    alpha,
    pseudocount,
    rows,
    pairs,
    unpairedDonors,
    emptySamples,
  };
}

/** Fills adjusted p-values and significance (BH across the rows; NaN p-values take no part). */
function adjust(rows: ClassComparisonRow[], alpha: number): void {
  const result = benjaminiHochberg(
    rows.map((r) => r.pValue),
    { alpha },
  );
  rows.forEach((row, i) => {
    row.adjustedPValue = result.adjusted[i];
    row.significant = result.rejected[i] === 1;
  });
}

/** Options of {@link frequencyBoxPlotData}. */
export interface FrequencyBoxPlotOptions {
  /** Conditions drawn, in this order (default: every condition, sorted). */
  conditions?: readonly string[];
  /** Adds "p = …, adj. p = …" under each panel title. */
  comparison?: ClassComparison;
  /** What identifies a donor (a point, joined across conditions; default "experiment/donor"). */
  pairBy?: "experiment/donor" | "donor";
}

/** Box-plot input (the shape `boxPlot` in report/svg draws): panels of groups of values with ids. */
export interface FrequencyBoxPlotData {
  panels: {
    title: string;
    subtitle?: string;
    groups: { name: string; values: number[]; ids: string[] }[];
  }[];
}

/**
 * The data of the class-frequency figure: one panel per class, one box per condition, one point
 * per sample identified by its donor, so that `boxPlot` joins a donor's points across conditions.
 * Samples with no kept cell are left out.
 */
export function frequencyBoxPlotData(
  frequencies: ClassFrequencyTable,
  options: FrequencyBoxPlotOptions = {},
): FrequencyBoxPlotData {
  const conditions = options.conditions ?? [...new Set(frequencies.samples.map((s) => s.condition))].sort();
  const pairBy = options.pairBy ?? "experiment/donor";
  const formatP = (p: number) =>
    Number.isNaN(p) ? "n/a" : p < 0.001 ? p.toExponential(1) : p.toPrecision(2);
  return {
    panels: frequencies.classes.map((className, c) => {
      const row = options.comparison?.rows.find((r) => r.className === className);
      return {
        title: className,
        subtitle: row ? `p = ${formatP(row.pValue)}, adj. p = ${formatP(row.adjustedPValue)}` : undefined,
        groups: conditions.map((condition) => {
          const samples = frequencies.samples.filter((s) => s.condition === condition && s.cells > 0);
          return {
            name: condition,
            values: samples.map((s) => s.percentages[c]),
            ids: samples.map((s) => (pairBy === "donor" ? s.donor : groupLabel([s.experiment, s.donor]))),
          };
        }),
      };
    }),
  };
}
