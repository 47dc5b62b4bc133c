import { BackgroundMean } from "./backgroundMean.js";
import { CellShape } from "./cellShape.js";
import { CenterOfCellsDistances } from "./centerOfCellsDistances.js";
import { Collocalization } from "./collocalization.js";
import type { FeatureFamily } from "./featureFamily.js";
import { FeatureUnion } from "./featureUnion.js";
import { GLCMFeatures } from "./glcmFeatures.js";
import { GradientRMS } from "./gradientRms.js";
import { HogFeatures } from "./hogFeatures.js";
import { IntersectionProperties } from "./intersectionProperties.js";
import { MaskBasedFeatures } from "./maskBasedFeatures.js";
import { PercentileFeatures } from "./percentileFeatures.js";

/** Every built-in family by its scifAI class name, with scifAI's default parameters. */
export const FAMILY_FACTORIES: Readonly<Record<string, () => FeatureFamily>> = {
  MaskBasedFeatures: () => new MaskBasedFeatures(),
  GLCMFeatures: () => new GLCMFeatures(),
  GradientRMS: () => new GradientRMS(),
  BackgroundMean: () => new BackgroundMean(),
  PercentileFeatures: () => new PercentileFeatures(),
  CellShape: () => new CellShape(),
  Collocalization: () => new Collocalization(),
  IntersectionProperties: () => new IntersectionProperties(),
  CenterOfCellsDistances: () => new CenterOfCellsDistances(),
  HogFeatures: () => new HogFeatures(),
};

/** The feature union of scifAI's README, in its order (600 columns for 5 channels). */
export const README_FAMILIES = [
  "MaskBasedFeatures",
  "GLCMFeatures",
  "GradientRMS",
  "BackgroundMean",
  "PercentileFeatures",
  "CellShape",
  "Collocalization",
  "IntersectionProperties",
  "CenterOfCellsDistances",
] as const;

/** Every family: the README set plus HogFeatures (200 more columns per channel). */
export const ALL_FAMILIES = [...README_FAMILIES, "HogFeatures"] as const;

/**
 * A FeatureUnion from a specification: "readme", "all", or family names (comma-separated or a
 * list), in the order given. Throws a message listing the known names for an unknown one.
 */
export function featureUnionFor(specification: string | readonly string[]): FeatureUnion {
  const names =
    typeof specification === "string"
      ? specification === "readme"
        ? [...README_FAMILIES]
        : specification === "all"
          ? [...ALL_FAMILIES]
          : specification
              .split(",")
              .map((s) => s.trim())
              .filter(Boolean)
      : [...specification];
  if (names.length === 0) throw new Error("no feature family given");
  const unknown = names.filter((name) => !(name in FAMILY_FACTORIES));
  if (unknown.length > 0) {
    throw new Error(
      `unknown feature families: ${unknown.join(", ")}; known: readme, all, ${Object.keys(FAMILY_FACTORIES).join(", ")}`,
    );
  }
  return new FeatureUnion(names.map((name) => [name, FAMILY_FACTORIES[name]()] as const));
}
