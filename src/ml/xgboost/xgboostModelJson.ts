import { readFileSync, writeFileSync } from "node:fs";
import { GBDT_OBJECTIVES, type GbdtObjective } from "../gbdt/objectives.js";
import { outputGroupsOf, type RegressionTree, type TreeEnsemble } from "../gbdt/treeEnsemble.js";

/**
 * XGBoost's JSON model format (`Booster.save_model("model.json")`, schema of XGBoost 1.7) for the
 * gbtree booster with numerical splits. Reading accepts files of 1.x and 2.x (whose base_score is
 * written as "[5E-1]"); writing produces a 1.7.4 file that `xgboost.Booster().load_model()` reads.
 */

/** The version written into saved models. */
export const XGBOOST_JSON_VERSION: readonly [number, number, number] = [1, 7, 4];

// XGBoost marks the root's parent with the largest int32 in its JSON.
const ROOT_PARENT = 2147483647;

type JsonObject = Record<string, unknown>;

function fail(message: string): never {
  throw new Error(`XGBoost model JSON: ${message}`);
}

function objectAt(parent: JsonObject, key: string, where: string): JsonObject {
  const value = parent[key];
  if (value === null || typeof value !== "object" || Array.isArray(value)) fail(`${where}.${key} is missing`);
  return value as JsonObject;
}

function arrayAt(parent: JsonObject, key: string, where: string): unknown[] {
  const value = parent[key];
  if (!Array.isArray(value)) fail(`${where}.${key} is not an array`);
  return value;
}

// XGBoost writes scalar parameters as strings ("5E-1", "10"); 2.x wraps vectors in brackets.
function numberParameter(parent: JsonObject, key: string, where: string): number {
  const raw = parent[key];
  if (typeof raw === "number") return raw;
  if (typeof raw !== "string") fail(`${where}.${key} is missing`);
  const text = raw.trim().replace(/^\[(.*)\]$/, "$1");
  const value = Number(text);
  if (text === "" || Number.isNaN(value)) fail(`${where}.${key} is not a number: '${raw}'`);
  return value;
}

function numericArray<T extends Int32Array | Float32Array | Uint8Array>(
  parent: JsonObject,
  key: string,
  where: string,
  length: number,
  make: (n: number) => T,
): T {
  const values = arrayAt(parent, key, where);
  if (values.length !== length) fail(`${where}.${key} has ${values.length} values, expected ${length}`);
  const out = make(length);
  for (let i = 0; i < length; i++) {
    const v = values[i];
    // default_left is 0/1 in 1.x and true/false in some writers.
    const value = typeof v === "boolean" ? (v ? 1 : 0) : v;
    if (typeof value !== "number") fail(`${where}.${key}[${i}] is not a number`);
    out[i] = value;
  }
  return out;
}

function parseTree(json: JsonObject, where: string, numFeature: number): RegressionTree {
  const param = objectAt(json, "tree_param", where);
  const nodes = numberParameter(param, "num_nodes", `${where}.tree_param`);
  if (!Number.isInteger(nodes) || nodes < 1) fail(`${where} has ${nodes} nodes`);
  const splitTypes = json.split_type;
  if (Array.isArray(splitTypes) && splitTypes.some((t) => t !== 0))
    fail(`${where} has categorical splits, which scifai does not support`);
  const int32 = (n: number) => new Int32Array(n);
  const float32 = (n: number) => new Float32Array(n);
  const tree: RegressionTree = {
    leftChildren: numericArray(json, "left_children", where, nodes, int32),
    rightChildren: numericArray(json, "right_children", where, nodes, int32),
    parents: numericArray(json, "parents", where, nodes, int32),
    splitFeatures: numericArray(json, "split_indices", where, nodes, int32),
    splitConditions: numericArray(json, "split_conditions", where, nodes, float32),
    defaultLeft: numericArray(json, "default_left", where, nodes, (n) => new Uint8Array(n)),
    baseWeights: numericArray(json, "base_weights", where, nodes, float32),
    lossChanges: numericArray(json, "loss_changes", where, nodes, float32),
    sumHessians: numericArray(json, "sum_hessian", where, nodes, float32),
  };
  for (let node = 0; node < nodes; node++) {
    if (tree.parents[node] === ROOT_PARENT) tree.parents[node] = -1;
    const left = tree.leftChildren[node];
    const right = tree.rightChildren[node];
    if (left === -1 && right === -1) continue;
    if (!(left > 0 && left < nodes && right > 0 && right < nodes))
      fail(`${where} node ${node} has children ${left}, ${right} outside the tree`);
    const feature = tree.splitFeatures[node];
    if (!(feature >= 0 && feature < numFeature))
      fail(`${where} node ${node} splits on feature ${feature}, the model has ${numFeature}`);
  }
  return tree;
}

/** Parses an XGBoost JSON model (text or parsed object) into a tree ensemble; throws with the reason. */
export function parseXGBoostModel(source: string | object): TreeEnsemble {
  const root = (typeof source === "string" ? JSON.parse(source) : source) as JsonObject;
  const learner = objectAt(root, "learner", "model");
  const objectiveJson = objectAt(learner, "objective", "learner");
  const objective = objectiveJson.name as GbdtObjective;
  if (!GBDT_OBJECTIVES.includes(objective))
    fail(`objective '${String(objectiveJson.name)}' is not supported (${GBDT_OBJECTIVES.join(", ")})`);
  const modelParam = objectAt(learner, "learner_model_param", "learner");
  const baseScore = numberParameter(modelParam, "base_score", "learner_model_param");
  const numClass = numberParameter(modelParam, "num_class", "learner_model_param");
  const numFeature = numberParameter(modelParam, "num_feature", "learner_model_param");
  if (objective === "multi:softprob" && numClass < 2) fail(`multi:softprob with num_class = ${numClass}`);
  const booster = objectAt(learner, "gradient_booster", "learner");
  if (booster.name !== "gbtree") fail(`booster '${String(booster.name)}' is not supported (gbtree only)`);
  const model = objectAt(booster, "model", "gradient_booster");
  const treesJson = arrayAt(model, "trees", "gradient_booster.model");
  const treeInfo = arrayAt(model, "tree_info", "gradient_booster.model");
  if (treeInfo.length !== treesJson.length)
    fail(`tree_info has ${treeInfo.length} entries for ${treesJson.length} trees`);
  const groups = objective === "multi:softprob" ? numClass : 1;
  const treeGroups = Int32Array.from(treeInfo as number[]);
  for (let t = 0; t < treeGroups.length; t++)
    if (!(treeGroups[t] >= 0 && treeGroups[t] < groups)) fail(`tree ${t} belongs to group ${treeGroups[t]}`);
  const trees = treesJson.map((tree, t) => parseTree(tree as JsonObject, `trees[${t}]`, numFeature));
  const ensemble: TreeEnsemble = { objective, numClass, numFeature, baseScore, trees, treeGroups };
  const names = learner.feature_names;
  if (Array.isArray(names) && names.length === numFeature) ensemble.featureNames = names.map(String);
  const attributes = learner.attributes;
  if (attributes && typeof attributes === "object" && Object.keys(attributes).length > 0)
    ensemble.attributes = Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, String(v)]));
  return ensemble;
}

/** Reads an XGBoost JSON model file (synchronously). */
export function readXGBoostModelFile(path: string): TreeEnsemble {
  return parseXGBoostModel(readFileSync(path, "utf8"));
}

/**
 * The shortest decimal text that reads back as the same float32, always with a fraction or an
 * exponent: XGBoost's JSON parser types "0" as an integer and refuses it where a float is due.
 * Throws on NaN and ±∞, which JSON cannot hold.
 */
export function formatFloat32(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} into JSON`);
  const target = Math.fround(value);
  let text = target.toPrecision(9);
  for (let digits = 1; digits < 9; digits++) {
    const candidate = target.toPrecision(digits);
    if (Math.fround(Number(candidate)) === target) {
      text = candidate;
      break;
    }
  }
  text = text.replace("e+", "E").replace("e-", "E-");
  if (Object.is(target, -0)) return "-0.0";
  return /[.E]/.test(text) ? text : `${text}.0`;
}

function floatList(values: Float32Array): string {
  let text = "[";
  for (let i = 0; i < values.length; i++) text += (i === 0 ? "" : ",") + formatFloat32(values[i]);
  return `${text}]`;
}

function intList(values: ArrayLike<number>): string {
  let text = "[";
  for (let i = 0; i < values.length; i++) text += (i === 0 ? "" : ",") + String(values[i]);
  return `${text}]`;
}

function treeJson(tree: RegressionTree, id: number, numFeature: number): string {
  const nodes = tree.leftChildren.length;
  const parents = Int32Array.from(tree.parents, (p) => (p < 0 ? ROOT_PARENT : p));
  // Keys in XGBoost's (alphabetical) order so that files diff cleanly against XGBoost's own.
  return (
    `{"base_weights":${floatList(tree.baseWeights)},"categories":[],"categories_nodes":[],` +
    `"categories_segments":[],"categories_sizes":[],"default_left":${intList(tree.defaultLeft)},` +
    `"id":${id},"left_children":${intList(tree.leftChildren)},"loss_changes":${floatList(tree.lossChanges)},` +
    `"parents":${intList(parents)},"right_children":${intList(tree.rightChildren)},` +
    `"split_conditions":${floatList(tree.splitConditions)},"split_indices":${intList(tree.splitFeatures)},` +
    `"split_type":${intList(new Uint8Array(nodes))},"sum_hessian":${floatList(tree.sumHessians)},` +
    `"tree_param":{"num_deleted":"0","num_feature":"${numFeature}","num_nodes":"${nodes}","size_leaf_vector":"0"}}`
  );
}

/** The XGBoost 1.7 JSON text of an ensemble, loadable by `xgboost.Booster().load_model()`. */
export function stringifyXGBoostModel(ensemble: TreeEnsemble): string {
  const groups = outputGroupsOf(ensemble);
  const objective =
    ensemble.objective === "multi:softprob"
      ? { name: ensemble.objective, softmax_multiclass_param: { num_class: String(ensemble.numClass) } }
      : { name: ensemble.objective, reg_loss_param: { scale_pos_weight: "1" } };
  const rounds = groups > 0 ? Math.ceil(ensemble.trees.length / groups) : 0;
  const attributes = ensemble.attributes ?? {
    best_iteration: String(Math.max(0, rounds - 1)),
    best_ntree_limit: String(rounds),
  };
  const trees = ensemble.trees.map((tree, t) => treeJson(tree, t, ensemble.numFeature)).join(",");
  const head = {
    attributes,
    feature_names: ensemble.featureNames ?? [],
    feature_types: [],
  };
  const learnerModelParam = {
    base_score: formatFloat32(ensemble.baseScore),
    boost_from_average: "1",
    num_class: String(ensemble.numClass),
    num_feature: String(ensemble.numFeature),
    num_target: "1",
  };
  const gbtreeParam = {
    num_parallel_tree: "1",
    num_trees: String(ensemble.trees.length),
    size_leaf_vector: "0",
  };
  const headText = JSON.stringify(head).slice(1, -1);
  return (
    `{"learner":{${headText},"gradient_booster":{"model":{"gbtree_model_param":${JSON.stringify(gbtreeParam)},` +
    `"tree_info":${intList(ensemble.treeGroups)},"trees":[${trees}]},"name":"gbtree"},` +
    `"learner_model_param":${JSON.stringify(learnerModelParam)},"objective":${JSON.stringify(objective)}},` +
    `"version":${JSON.stringify(XGBOOST_JSON_VERSION)}}`
  );
}

/** Writes an ensemble as an XGBoost 1.7 JSON model file (synchronously). */
export function writeXGBoostModelFile(ensemble: TreeEnsemble, path: string): void {
  writeFileSync(path, stringifyXGBoostModel(ensemble));
}
