/**
 * Time of exact TreeSHAP for 100 trees of depth 6 on 10,000 rows × 250 features (the goal is
 * under 10 s on one thread). The model is a reg:squarederror GradientBoostedTrees trained on the
 * seeded synthetic table of bench/gbdt.ts with a noisy target, so that the trees are (nearly) full:
 * 64 leaves of depth 6, the worst case. The bench checks additivity on the way.
 * Run: npm run build && node dist/bench/treeShap.js [--rows N] [--features P] [--trees T]
 */
import { treeShap } from "../src/explain/treeShap.js";
import { GradientBoostedTrees } from "../src/ml/gbdt/gradientBoostedTrees.js";
import { predictEnsembleMargins, treeDepthOf } from "../src/ml/gbdt/treeEnsemble.js";
import { SeededRandom } from "../src/util/random.js";
import { syntheticTable } from "./gbdt.js";

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const rows = argument("--rows", 10_000);
const features = argument("--features", 250);
const trees = argument("--trees", 100);
const table = syntheticTable(rows, features, 5, 7);
const noise = new SeededRandom(8);
const target = Float64Array.from(table.y, (label) => label + noise.normal());

let start = process.hrtime.bigint();
const model = new GradientBoostedTrees({
  objective: "reg:squarederror",
  nEstimators: trees,
  maxDepth: 6,
  seed: 7,
}).fit(table.X, target);
const trainSeconds = Number(process.hrtime.bigint() - start) / 1e9;
const ensemble = model.ensemble;
const leaves = ensemble.trees.reduce((sum, tree) => sum + tree.leftChildren.filter((c) => c < 0).length, 0);
const deepest = Math.max(...ensemble.trees.map(treeDepthOf));
console.log(
  `model: ${ensemble.trees.length} trees (max depth ${deepest}, ${(leaves / ensemble.trees.length).toFixed(1)} leaves per tree), ` +
    `trained in ${trainSeconds.toFixed(1)} s on ${rows} rows × ${features} features`,
);

start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
const shap = treeShap(ensemble, table.X);
const cpu = process.cpuUsage(cpuStart);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;

const margins = predictEnsembleMargins(ensemble, table.X, { float64Sums: true });
let worst = 0;
for (let r = 0; r < rows; r++) {
  let sum = 0;
  for (let j = 0; j < shap.columns; j++) sum += shap.values[r * shap.columns + j];
  worst = Math.max(worst, Math.abs(sum - margins[r]));
}
console.log(
  `TreeSHAP: ${seconds.toFixed(2)} s wall (${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU) for ${rows} rows ` +
    `(${((1e6 * seconds) / rows).toFixed(0)} µs per row); max |Σφ + bias − margin| = ${worst.toExponential(2)}`,
);
