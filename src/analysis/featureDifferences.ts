import { type CellTable, requireNumeric, requireText } from "./cellTable.js";
import type { Direction } from "./classFrequencies.js";
import { intersectMasks, maskWhereText } from "./rowMask.js";
import { groupLabel, groupRows } from "./sampleGroups.js";
import { benjaminiHochberg } from "./statistics/benjaminiHochberg.js";
import { mannWhitneyU } from "./statistics/mannWhitneyU.js";
import { median } from "./statistics/median.js";

/** Options of {@link featureDifferences}. */
export interface FeatureDifferenceOptions {
  /** Numeric feature columns to test. */
  features: readonly string[];
  /** Control and treatment conditions, e.g. "Isotype" and "Teplizumab". */
  control: string;
  treatment: string;
  /** Keep only cells of this class (e.g. "Synapses_with_signaling"); default: all cells of the table. */
  className?: string;
  /** Column of the class (default "predicted_class"). */
  classColumn?: string;
  /** Cells that passed quality control (default: all); combined with the class filter by AND. */
  keep?: Uint8Array;
  /** False discovery rate of the one Benjamini–Hochberg correction over all donor × feature tests (default 0.05). */
  alpha?: number;
  /** What identifies a donor (default "experiment/donor"). */
  pairBy?: "experiment/donor" | "donor";
  /** Text columns (defaults "experiment", "donor", "condition"). */
  experimentColumn?: string;
  donorColumn?: string;
  conditionColumn?: string;
}

/** One Mann–Whitney test: one feature in one donor, control vs treatment cells. Plain data. */
export interface FeatureTestRow {
  donor: string;
  feature: string;
  /** Cells with a value (NaN values are left out of each test). */
  controlCells: number;
  treatmentCells: number;
  controlMedian: number;
  treatmentMedian: number;
  /** treatmentMedian − controlMedian. */
  medianDifference: number;
  /** Sign of the difference of the medians (the study's direction). */
  direction: Direction;
  /** Mann–Whitney U of the control cells. */
  statistic: number;
  pValue: number;
  adjustedPValue: number;
  /** Rejected by the Benjamini–Hochberg procedure at α. */
  significant: boolean;
  /** Cliff's delta of treatment vs control: P(t > c) − P(t < c), in [−1, 1]; > 0 when treatment is higher. */
  cliffsDelta: number;
  /**
   * Rank-biserial correlation 1 − 2U/(n₁n₂) with U of the control cells (Wendt); > 0 when treatment
   * is higher. For two independent samples it equals Cliff's delta; both are given as asked.
   */
  rankBiserial: number;
  method: string;
}

/** One feature across donors. Plain data. */
export interface FeatureSummaryRow {
  feature: string;
  donorsTested: number;
  significantUp: number;
  significantDown: number;
  /** "up"/"down" when the feature is significant in the same direction in every tested donor, else null. */
  consistent: "up" | "down" | null;
  medianCliffsDelta: number;
  minAdjustedPValue: number;
}

/** Result of {@link featureDifferences}. Plain data. */
export interface FeatureDifferences {
  control: string;
  treatment: string;
  className: string | null;
  alpha: number;
  /** Donors tested, sorted. */
  donors: string[];
  /** Donors left out, and why (no cell in one condition). */
  skippedDonors: { donor: string; reason: string }[];
  /** The long table: one row per donor × feature, donors in order, features in the given order. */
  tests: FeatureTestRow[];
  /** One row per feature, in the given order. */
  summary: FeatureSummaryRow[];
  /** Tests taking part in the correction (non-NaN p-values) and how many were significant each way. */
  testCount: number;
  significantUp: number;
  significantDown: number;
  /** Features significant in the same direction in every donor. */
  consistentlyUp: string[];
  consistentlyDown: string[];
}

function directionOf(value: number): Direction {
  return value > 0 ? "up" : value < 0 ? "down" : "unchanged";
}

/** The finite-or-infinite (non-NaN) values of `column` at `rows`, into a new array. */
function gather(column: Float64Array, rows: Int32Array): Float64Array {
  let n = 0;
  for (let i = 0; i < rows.length; i++) if (!Number.isNaN(column[rows[i]])) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = column[rows[i]];
    if (!Number.isNaN(v)) out[k++] = v;
  }
  return out;
}

/**
 * Feature differences between two conditions within each donor, the study's procedure with effect
 * sizes added: for the chosen class (and quality-control mask, combined by AND), per donor and
 * feature a two-sided Mann–Whitney U test of control vs treatment cells (SciPy's), one
 * Benjamini–Hochberg correction over all donor × feature tests, the direction from the sign of the
 * difference of medians (`np.median`),
 * Cliff's delta and the rank-biserial correlation (both from U, exact). Features significant in the
 * same direction in every donor are listed. NaN values are left out of each test; a test with an
 * empty side has NaN p and takes no part in the correction. Donors lacking either condition are
 * skipped and listed. Throws when a column is absent.
 */
export function featureDifferences(table: CellTable, options: FeatureDifferenceOptions): FeatureDifferences {
  const alpha = options.alpha ?? 0.05;
  const experimentColumn = options.experimentColumn ?? "experiment";
  const donorColumn = options.donorColumn ?? "donor";
  const conditionColumn = options.conditionColumn ?? "condition";
  const pairBy = options.pairBy ?? "experiment/donor";
  const featureColumns = options.features.map((name) => requireNumeric(table, name));
  const classMask =
    options.className !== undefined
      ? maskWhereText(table, options.classColumn ?? "predicted_class", [options.className])
      : undefined;
  const mask = intersectMasks(table.rows, classMask, options.keep);
  const conditions = requireText(table, conditionColumn);
  const controlCode = conditions.levels.indexOf(options.control);
  const treatmentCode = conditions.levels.indexOf(options.treatment);
  const donorColumns = pairBy === "donor" ? [donorColumn] : [experimentColumn, donorColumn];
  const donors = groupRows(table, donorColumns, mask);

  // Row lists per donor and condition (0 = control, 1 = treatment).
  const counts = new Int32Array(donors.keys.length * 2);
  const roleOf = (r: number) =>
    conditions.codes[r] === controlCode ? 0 : conditions.codes[r] === treatmentCode ? 1 : -1;
  for (let r = 0; r < table.rows; r++) {
    const g = donors.groupOf[r];
    const role = roleOf(r);
    if (g >= 0 && role >= 0) counts[2 * g + role]++;
  }
  const rowLists = Array.from(counts, (n) => new Int32Array(n));
  const fill = new Int32Array(counts.length);
  for (let r = 0; r < table.rows; r++) {
    const g = donors.groupOf[r];
    const role = roleOf(r);
    if (g >= 0 && role >= 0) rowLists[2 * g + role][fill[2 * g + role]++] = r;
  }

  const tested: { donor: string; control: Int32Array; treatment: Int32Array }[] = [];
  const skippedDonors: { donor: string; reason: string }[] = [];
  donors.keys.forEach((key, g) => {
    const donor = groupLabel(key);
    const missing = [options.control, options.treatment].filter((_, role) => counts[2 * g + role] === 0);
    if (missing.length > 0)
      skippedDonors.push({ donor, reason: `no selected cell in ${missing.join(" and ")}` });
    else tested.push({ donor, control: rowLists[2 * g], treatment: rowLists[2 * g + 1] });
  });

  const tests: FeatureTestRow[] = [];
  for (const { donor, control, treatment } of tested) {
    options.features.forEach((feature, f) => {
      const x = gather(featureColumns[f], control);
      const y = gather(featureColumns[f], treatment);
      const test = mannWhitneyU(x, y, { alternative: "two-sided" });
      const controlMedian = median(x);
      const treatmentMedian = median(y);
      const pairs = x.length * y.length;
      // Cliff's delta(t, c) = (#t>c − #t<c)/(n₁n₂) = 1 − 2·U_c/(n₁n₂), the rank-biserial of (c, t).
      const effect = pairs > 0 ? 1 - (2 * test.statistic) / pairs : Number.NaN;
      tests.push({
        donor,
        feature,
        controlCells: x.length,
        treatmentCells: y.length,
        controlMedian,
        treatmentMedian,
        medianDifference: treatmentMedian - controlMedian,
        direction: directionOf(treatmentMedian - controlMedian),
        statistic: test.statistic,
        pValue: test.pValue,
        adjustedPValue: Number.NaN,
        significant: false,
        cliffsDelta: effect,
        rankBiserial: effect,
        method: test.method,
      });
    });
  }
  const correction = benjaminiHochberg(
    tests.map((t) => t.pValue),
    { alpha },
  );
  let significantUp = 0;
  let significantDown = 0;
  tests.forEach((t, i) => {
    t.adjustedPValue = correction.adjusted[i];
    t.significant = correction.rejected[i] === 1;
    if (t.significant && t.direction === "up") significantUp++;
    if (t.significant && t.direction === "down") significantDown++;
  });

  const featureCount = options.features.length;
  const summary: FeatureSummaryRow[] = options.features.map((feature, f) => {
    const rows = tested.map((_, d) => tests[d * featureCount + f]);
    const up = rows.filter((t) => t.significant && t.direction === "up").length;
    const down = rows.filter((t) => t.significant && t.direction === "down").length;
    const effects = Float64Array.from(rows.map((t) => t.cliffsDelta).filter((v) => !Number.isNaN(v)));
    const adjusted = rows.map((t) => t.adjustedPValue).filter((v) => !Number.isNaN(v));
    return {
      feature,
      donorsTested: rows.length,
      significantUp: up,
      significantDown: down,
      consistent:
        rows.length > 0 && up === rows.length
          ? "up"
          : rows.length > 0 && down === rows.length
            ? "down"
            : null,
      medianCliffsDelta: median(effects),
      minAdjustedPValue: adjusted.length > 0 ? Math.min(...adjusted) : Number.NaN,
    };
  });
  return {
    control: options.control,
    treatment: options.treatment,
    className: options.className ?? null,
    alpha,
    donors: tested.map((t) => t.donor),
    skippedDonors,
    tests,
    summary,
    testCount: correction.testCount,
    significantUp,
    significantDown,
    consistentlyUp: summary.filter((s) => s.consistent === "up").map((s) => s.feature),
    consistentlyDown: summary.filter((s) => s.consistent === "down").map((s) => s.feature),
  };
}

/** Volcano-plot input (the shape `volcanoPlot` in report/svg draws). */
export interface FeatureVolcanoData {
  labels: string[];
  /** Cliff's delta (treatment vs control). */
  effect: number[];
  pValue: number[];
  adjustedPValue: number[];
}

/**
 * Volcano-plot data of the tests: x = Cliff's delta, y from the raw p-value, significance from the
 * adjusted one; labels "feature · donor". `donor` restricts to one donor (default: every test).
 */
export function featureVolcanoData(result: FeatureDifferences, donor?: string): FeatureVolcanoData {
  const tests = donor === undefined ? result.tests : result.tests.filter((t) => t.donor === donor);
  return {
    labels: tests.map((t) => `${t.feature} · ${t.donor}`),
    effect: tests.map((t) => t.cliffsDelta),
    pValue: tests.map((t) => t.pValue),
    adjustedPValue: tests.map((t) => t.adjustedPValue),
  };
}
