import { GradientBoostedTrees } from "../gbdt/gradientBoostedTrees.js";
import type { TreeEnsemble } from "../gbdt/treeEnsemble.js";
import { readXGBoostModelFile, writeXGBoostModelFile } from "./xgboostModelJson.js";

/**
 * Loads an XGBoost JSON model file (`Booster.save_model("model.json")`) as a GradientBoostedTrees
 * that predicts like XGBoost (predict, predictProba, predictMargin); throws when the file uses
 * what scifai does not support (other objectives or boosters, categorical splits).
 */
export function loadXGBoostModel(path: string): GradientBoostedTrees {
  return GradientBoostedTrees.fromEnsemble(readXGBoostModelFile(path));
}

/** Saves a fitted model (or an ensemble) as an XGBoost 1.7 JSON model file that Python XGBoost loads. */
export function saveXGBoostModel(model: GradientBoostedTrees | TreeEnsemble, path: string): void {
  writeXGBoostModelFile(model instanceof GradientBoostedTrees ? model.ensemble : model, path);
}
