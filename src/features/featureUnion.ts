import type { MaskedCellImage } from "../image/cellImage.js";
import { FeatureContext } from "./featureContext.js";
import type { FeatureFamily } from "./featureFamily.js";

/**
 * Concatenates feature families, like scikit-learn's FeatureUnion in scifAI: columns are the
 * families' columns in the order given. A union is itself a family, so unions nest.
 */
export class FeatureUnion implements FeatureFamily {
  readonly name = "FeatureUnion";
  private readonly widths = new Map<number, number[]>();

  constructor(readonly families: readonly (readonly [string, FeatureFamily])[]) {
    const names = families.map(([name]) => name);
    if (new Set(names).size !== names.length)
      throw new Error(`duplicate family names in FeatureUnion: ${names.join(", ")}`);
  }

  /** All column names for `channels` channels, family after family. */
  columnNames(channels: number): string[] {
    return this.families.flatMap(([, family]) => family.columnNames(channels));
  }

  /** Writes every family's values for `cell` into `out` from `offset`, sharing one per-cell context. */
  compute(cell: MaskedCellImage, out: Float64Array, offset = 0, context = new FeatureContext(cell)): void {
    const widths = this.familyWidths(cell.channels);
    const families = this.families;
    let at = offset;
    for (let i = 0; i < families.length; i++) {
      families[i][1].compute(cell, out, at, context);
      at += widths[i];
    }
  }

  /** Computes one cell into a new record of column name → value (for exploration; slower). */
  transform(cell: MaskedCellImage): Record<string, number> {
    const names = this.columnNames(cell.channels);
    const row = new Float64Array(names.length);
    this.compute(cell, row);
    return Object.fromEntries(names.map((name, i) => [name, row[i]]));
  }

  private familyWidths(channels: number): number[] {
    let widths = this.widths.get(channels);
    if (!widths) {
      widths = this.families.map(([, family]) => family.columnNames(channels).length);
      this.widths.set(channels, widths);
    }
    return widths;
  }
}
