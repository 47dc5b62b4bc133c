import { existsSync } from "node:fs";
import { join } from "node:path";
import { explainCell } from "../explain/cellExplanation.js";
import { ShapExplainer } from "../explain/shapValues.js";
import { TrainedModel } from "../ml/modelFile.js";
import { waterfallPlot } from "../report/svg/waterfallPlot.js";
import type { ResultsStore } from "./resultsStore.js";

/** One cell's SHAP explanation as the viewer shows it. */
export interface CellShap {
  className: string;
  probability: number;
  outputSpace: string;
  bias: number;
  output: number;
  contributions: { feature: string; shap: number; value: number }[];
  otherContributions: number;
  /** The waterfall chart as an SVG document. */
  svg: string;
}

/**
 * Explains single cells on demand with the results' model.json (TreeSHAP for gradient-boosted
 * trees, linear SHAP against the scaled-space origin otherwise). The model is
 * loaded on first use; `unavailable` says why when there is no model or it cannot be explained.
 */
export class CellShapSource {
  private explainer: ShapExplainer | null = null;
  private model: TrainedModel | null = null;
  unavailable: string | null = null;

  constructor(
    private readonly store: ResultsStore,
    private readonly modelPath = join(store.root, "model.json"),
  ) {}

  private load(): ShapExplainer | null {
    if (this.explainer || this.unavailable) return this.explainer;
    if (!existsSync(this.modelPath)) {
      this.unavailable = "no model.json in the results";
      return null;
    }
    try {
      this.model = TrainedModel.load(this.modelPath);
      // Linear models: the reference point is the origin of the scaled space, the training mean under
      // standard scaling; trees ignore it.
      this.explainer = new ShapExplainer(this.model, {
        backgroundMean: new Float64Array(this.model.file.featureNames.length),
      });
    } catch (error) {
      this.unavailable = (error as Error).message.split("\n")[0];
    }
    return this.explainer;
  }

  /** SHAP for the predicted class (or `classIndex`) of `row`, top `topN` features; null when unavailable. */
  async explain(row: number, classIndex?: number, topN = 12): Promise<CellShap | null> {
    const explainer = this.load();
    if (!explainer || !this.model) return null;
    const names = this.model.file.featureNames;
    const raw = await this.store.modelInputRow(row, names);
    const X = { data: raw, rows: 1, cols: names.length };
    const shap = explainer.explain(X);
    const probabilities = this.model.predictProba(X);
    const explanation = explainCell(shap, 0, probabilities, raw, null, { topN, classIndex });
    return {
      className: explanation.className,
      probability: explanation.probability,
      outputSpace: shap.outputSpace,
      bias: explanation.bias,
      output: explanation.output,
      contributions: explanation.contributions.map((c) => ({
        feature: c.feature,
        shap: c.shap,
        value: c.value,
      })),
      otherContributions: explanation.otherContributions,
      svg: stripXmlDeclaration(
        waterfallPlot(explanation.waterfall, {
          maxFeatures: topN,
          title: `Why ${explanation.className}`,
          subtitle: `p = ${explanation.probability.toFixed(3)}, ${shap.outputSpace}`,
        }),
      ),
    };
  }
}

/** The SVG element alone, ready to be inlined in HTML. */
function stripXmlDeclaration(svg: string): string {
  return svg.replace(/^<\?xml[^>]*\?>\s*/, "");
}
