import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { FeatureContext } from "../../src/features/featureContext.js";
import type { FeatureFamily } from "../../src/features/featureFamily.js";
import type { CellImage, MaskedCellImage } from "../../src/image/cellImage.js";
import { IFC_SMALL } from "../helpers/fixtures.js";

/** Every .h5 file under IFC_SMALL as a path relative to it, sorted. */
export function fixtureFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir)
      .sort()
      .flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? walk(path) : [path];
      });
  return walk(IFC_SMALL)
    .filter((path) => path.endsWith(".h5"))
    .map((path) => relative(IFC_SMALL, path));
}

/** A cell with the given masks (or all-zero masks, for families that ignore the mask). */
export function withMasks(cell: CellImage, masks?: Uint8Array[]): MaskedCellImage {
  const pixels = cell.width * cell.height;
  return {
    ...cell,
    mask: masks ?? cell.mask ?? Array.from({ length: cell.channels }, () => new Uint8Array(pixels)),
  };
}

/** Runs one family on one cell and returns its row. */
export function computeFamily(family: FeatureFamily, cell: MaskedCellImage): Float64Array {
  const out = new Float64Array(family.columnNames(cell.channels).length).fill(Number.NaN);
  family.compute(cell, out, 0, new FeatureContext(cell));
  return out;
}
