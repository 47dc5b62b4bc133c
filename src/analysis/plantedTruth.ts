import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { SYNTH_TRUTH_FILE } from "../synth/syntheticDataset.js";
import type { ClassComparison, Direction } from "./classFrequencies.js";

/** The design of a synthetic dataset, as far as a frequency comparison needs it. */
export interface PlantedTruth {
  /** Where it was read from. */
  source: string;
  classes: string[];
  conditions: { name: string; stimulated: boolean; frequencies: Record<string, number> }[];
  /** Classes whose frequency differs between the control and the stimulated condition. */
  changedClasses: string[];
}

/**
 * Reads the planted truth of a synthetic dataset: `path` is the dataset folder or its
 * `.scifai-synth.json`. Throws naming the file when it is missing or not a scifai synth design.
 */
export function readPlantedTruth(path: string): PlantedTruth {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, SYNTH_TRUTH_FILE) : path;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: cannot read the planted truth (${(error as Error).message})`);
  }
  const design = parsed as Partial<PlantedTruth> & { generator?: string };
  if (
    design.generator !== "scifai synth" ||
    !Array.isArray(design.classes) ||
    !Array.isArray(design.conditions) ||
    !Array.isArray(design.changedClasses)
  )
    throw new Error(`${file}: not a scifai synth design (generator, classes, conditions, changedClasses)`);
  return {
    source: file,
    classes: design.classes,
    conditions: design.conditions.map((c) => ({
      name: c.name,
      stimulated: c.stimulated,
      frequencies: c.frequencies,
    })),
    changedClasses: design.changedClasses,
  };
}

/** How one class of a comparison fares against the planted truth. Plain data. */
export interface PlantedTruthRow {
  className: string;
  /** "changed" / "unchanged" by design; "unknown" for a class the design does not have. */
  planted: "changed" | "unchanged" | "unknown";
  /** The designed direction from control to treatment (null when unchanged or unknown). */
  expectedDirection: Direction | null;
  /** Designed frequencies (fractions of all cells) in the two conditions. */
  controlFrequency: number | null;
  treatmentFrequency: number | null;
  observedDirection: Direction;
  adjustedPValue: number;
  significant: boolean;
  /** Which cell of the confusion table: a changed class found in the right direction is a true positive. */
  outcome:
    | "true positive"
    | "wrong direction"
    | "false negative"
    | "false positive"
    | "true negative"
    | "unknown";
}

/** The verdict of {@link checkPlantedTruth}. Plain data. */
export interface PlantedTruthReport {
  source: string;
  control: string;
  treatment: string;
  test: ClassComparison["test"];
  alpha: number;
  rows: PlantedTruthRow[];
  /** Designed classes that were not in the comparison (left out by the user or absent). */
  notTested: string[];
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  wrongDirection: number;
  trueNegatives: number;
  /** Every changed class significant in its designed direction and no unchanged class significant. */
  recovered: boolean;
}

/**
 * Checks a class-frequency comparison against a synthetic dataset's planted truth: a class designed
 * to change must be significant (after Benjamini–Hochberg) in the designed direction, an unchanged
 * class must not be significant. Throws when the comparison's conditions are not in the design.
 */
export function checkPlantedTruth(truth: PlantedTruth, comparison: ClassComparison): PlantedTruthReport {
  const control = truth.conditions.find((c) => c.name === comparison.control);
  const treatment = truth.conditions.find((c) => c.name === comparison.treatment);
  if (control === undefined || treatment === undefined)
    throw new Error(
      `conditions ${comparison.control} / ${comparison.treatment} are not in the design (${truth.conditions.map((c) => c.name).join(", ")})`,
    );
  const changed = new Set(truth.changedClasses);
  const designed = new Set(truth.classes);
  const rows: PlantedTruthRow[] = comparison.rows.map((row) => {
    const known = designed.has(row.className);
    const controlFrequency = known ? (control.frequencies[row.className] ?? null) : null;
    const treatmentFrequency = known ? (treatment.frequencies[row.className] ?? null) : null;
    const planted = !known ? "unknown" : changed.has(row.className) ? "changed" : "unchanged";
    let expectedDirection: Direction | null = null;
    if (planted === "changed" && controlFrequency !== null && treatmentFrequency !== null)
      expectedDirection = treatmentFrequency > controlFrequency ? "up" : "down";
    let outcome: PlantedTruthRow["outcome"];
    if (planted === "unknown") outcome = "unknown";
    else if (planted === "changed")
      outcome = !row.significant
        ? "false negative"
        : row.direction === expectedDirection
          ? "true positive"
          : "wrong direction";
    else outcome = row.significant ? "false positive" : "true negative";
    return {
      className: row.className,
      planted,
      expectedDirection,
      controlFrequency,
      treatmentFrequency,
      observedDirection: row.direction,
      adjustedPValue: row.adjustedPValue,
      significant: row.significant,
      outcome,
    };
  });
  const count = (outcome: PlantedTruthRow["outcome"]) => rows.filter((r) => r.outcome === outcome).length;
  const tested = new Set(comparison.rows.map((r) => r.className));
  const truePositives = count("true positive");
  const falsePositives = count("false positive");
  const falseNegatives = count("false negative");
  const wrongDirection = count("wrong direction");
  const notTested = truth.classes.filter((c) => !tested.has(c));
  return {
    source: truth.source,
    control: comparison.control,
    treatment: comparison.treatment,
    test: comparison.test,
    alpha: comparison.alpha,
    rows,
    notTested,
    truePositives,
    falsePositives,
    falseNegatives,
    wrongDirection,
    trueNegatives: count("true negative"),
    recovered:
      falsePositives === 0 &&
      falseNegatives === 0 &&
      wrongDirection === 0 &&
      truePositives === truth.changedClasses.filter((c) => tested.has(c)).length,
  };
}
