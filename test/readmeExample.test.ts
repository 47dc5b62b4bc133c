// The README's library example, run as written (imports from the package entry point).
import { describe, expect, it } from "vitest";
import {
  BackgroundMean,
  CellShape,
  CenterOfCellsDistances,
  Collocalization,
  FeatureExtractor,
  type FeatureFamily,
  FeatureTable,
  FeatureUnion,
  GLCMFeatures,
  GradientRMS,
  IntersectionProperties,
  MaskBasedFeatures,
  type MaskedCellImage,
  metadataGenerator,
  PercentileFeatures,
  Pipeline,
} from "../src/index.js";
import { IFC_SMALL } from "./helpers/fixtures.js";

/** The README's example of a user-defined family: the fraction of each mask's pixels that touch the image border. */
class BorderContact implements FeatureFamily {
  readonly name = "BorderContact";
  columnNames(channels: number): string[] {
    return Array.from({ length: channels }, (_, k) => `border_contact_Ch${k + 1}`);
  }
  compute(cell: MaskedCellImage, out: Float64Array, offset: number): void {
    const { width, height } = cell;
    cell.mask.forEach((mask, k) => {
      let area = 0;
      let border = 0;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          if (!mask[y * width + x]) continue;
          area++;
          if (x === 0 || y === 0 || x === width - 1 || y === height - 1) border++;
        }
      }
      out[offset + k] = area === 0 ? Number.NaN : border / area;
    });
  }
}

describe("README example", () => {
  it("runs the Python-like API end to end, with a user-defined family", async () => {
    const dataPath = IFC_SMALL;
    const metadata = await metadataGenerator(dataPath);
    const featureUnion = new FeatureUnion([
      ["MaskBasedFeatures", new MaskBasedFeatures()],
      ["GLCMFeatures", new GLCMFeatures()],
      ["GradientRMS", new GradientRMS()],
      ["BackgroundMean", new BackgroundMean()],
      ["PercentileFeatures", new PercentileFeatures()],
      ["CellShape", new CellShape()],
      ["Collocalization", new Collocalization()],
      ["IntersectionProperties", new IntersectionProperties()],
      ["CenterOfCellsDistances", new CenterOfCellsDistances()],
      ["BorderContact", new BorderContact()],
    ]);
    const featureExtractor = new FeatureExtractor(new Pipeline([["features", featureUnion]]));
    const listOfFeatures = await featureExtractor.extractFeatures(metadata); // one record per metadata row
    const dfFeatures = FeatureTable.fromRecords(listOfFeatures).fillna(0).dropConstantColumns();

    expect(listOfFeatures).toHaveLength(metadata.rows.length);
    expect(Object.keys(listOfFeatures[0])).toHaveLength(605);
    expect(listOfFeatures[0].border_contact_Ch1).toBeGreaterThanOrEqual(0);
    expect(dfFeatures.rowCount).toBe(66); // broken files are empty records → rows of NaN → 0, as in pandas
    expect(dfFeatures.featureNames.length).toBeGreaterThan(500);
    expect(dfFeatures.featureNames.length).toBeLessThan(605);
  });
});
