import { describe, expect, it } from "vitest";
import {
  MeanAbsoluteShapAccumulator,
  meanAbsoluteShapPerClass,
  treeImportance,
} from "../../src/explain/globalImportance.js";
import { ShapExplainer } from "../../src/explain/shapValues.js";
import { takeRows } from "../../src/ml/matrix.js";
import { classificationData, fitTrainedModel } from "./explainFixtures.js";

describe("meanAbsoluteShapPerClass", () => {
  const { X, y } = classificationData(90, 4, 3, 12);
  const model = fitTrainedModel("gbdt", X, y, ["a", "b", "c"], ["w", "x", "y", "z"], {
    modelOptions: { nEstimators: 5, maxDepth: 2 },
  });
  const explainer = new ShapExplainer(model);
  const shap = explainer.explain(X);

  it("averages |φ| per class and feature, overall = mean over classes", () => {
    const means = meanAbsoluteShapPerClass(shap);
    expect(means.rows).toBe(90);
    for (let k = 0; k < 3; k++)
      for (let j = 0; j < 4; j++) {
        let sum = 0;
        for (let r = 0; r < 90; r++) sum += Math.abs(shap.values[(r * 3 + k) * 4 + j]);
        expect(Math.abs(means.perClass[k * 4 + j] - sum / 90)).toBeLessThanOrEqual(1e-12);
      }
    for (let j = 0; j < 4; j++) {
      const expected = (means.perClass[j] + means.perClass[4 + j] + means.perClass[8 + j]) / 3;
      expect(Math.abs(means.overall[j] - expected)).toBeLessThanOrEqual(1e-15);
    }
    // A feature the trees never split on has mean |SHAP| exactly 0.
    const gain = treeImportance(
      (model.classifier as unknown as { fitted(): { ensemble: never } }).fitted().ensemble,
    );
    for (let j = 0; j < 4; j++) if (gain[j] === 0) expect(means.overall[j]).toBe(0);
  });

  it("accumulates blocks to the same means as the whole", () => {
    const accumulator = new MeanAbsoluteShapAccumulator(3, 4);
    for (let start = 0; start < 90; start += 40)
      accumulator.add(
        explainer.explain(
          takeRows(
            X,
            Array.from({ length: Math.min(40, 90 - start) }, (_, i) => start + i),
          ),
        ),
      );
    const blocks = accumulator.result();
    const whole = meanAbsoluteShapPerClass(shap);
    expect(blocks.rows).toBe(90);
    for (let i = 0; i < 12; i++)
      expect(Math.abs(blocks.perClass[i] - whole.perClass[i])).toBeLessThanOrEqual(1e-12);
    expect(() => accumulator.add({ ...shap, classes: ["a"] })).toThrow(/expected 3 × 4/);
    expect(Array.from(new MeanAbsoluteShapAccumulator(1, 2).result().overall)).toEqual([0, 0]);
  });
});
