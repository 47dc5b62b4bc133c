/**
 * Macro F1 and training time of scifai's GradientBoostedTrees against Python XGBoost 1.7
 * (tree_method hist, same parameters, nthread 1 and 2) on a seeded synthetic feature table
 * (default 6,000 rows × 600 features, 5 classes: informative, redundant, discrete and noise
 * columns, 2 % missing values), or on a CSV given as argument (numeric columns plus `label`).
 * Split 70/30 (seeded). Run: npm run build && node dist/bench/gbdt.js [table.csv] [--rows N]
 * [--features P] [--classes K] [--rounds R] [--seed S] [--no-python]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  GradientBoostedTrees,
  type GradientBoostedTreesOptions,
} from "../src/ml/gbdt/gradientBoostedTrees.js";
import { type Matrix, takeRows } from "../src/ml/matrix.js";
import { SeededRandom } from "../src/util/random.js";

interface Table {
  X: Matrix;
  y: Float64Array;
  classes: number;
}

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

/** A seeded classification table that looks like scifai features: few informative columns among many. */
export function syntheticTable(rows: number, features: number, classes: number, seed: number): Table {
  const random = new SeededRandom(seed);
  const informative = Math.min(40, features);
  const redundant = Math.min(40, features - informative);
  const discrete = Math.min(20, features - informative - redundant);
  const centres = Array.from({ length: classes }, () =>
    Float64Array.from({ length: informative }, () => 0.45 * random.normal()),
  );
  const scales = Array.from({ length: classes }, () =>
    Float64Array.from({ length: informative }, () => Math.exp(0.25 * random.normal())),
  );
  const mixing = Array.from({ length: redundant }, () =>
    Array.from({ length: 3 }, () => [random.integer(informative), random.normal()] as const),
  );
  const X = new Float64Array(rows * features);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const label = random.integer(classes);
    y[r] = label;
    const row = r * features;
    for (let j = 0; j < informative; j++) X[row + j] = centres[label][j] + scales[label][j] * random.normal();
    for (let j = 0; j < redundant; j++) {
      let value = 0.3 * random.normal();
      for (const [source, weight] of mixing[j]) value += weight * X[row + source];
      X[row + informative + j] = value;
    }
    for (let j = 0; j < discrete; j++) {
      const informativeSign = X[row + j] > 0 ? 1 : 0;
      X[row + informative + redundant + j] =
        random.integer(4) + (random.uniform() < 0.3 ? informativeSign : 0);
    }
    for (let j = informative + redundant + discrete; j < features; j++)
      X[row + j] = j % 3 === 0 ? Math.exp(random.normal()) : random.normal();
    for (let j = 0; j < features; j++) if (random.uniform() < 0.02) X[row + j] = Number.NaN;
  }
  return { X: { data: X, rows, cols: features }, y, classes };
}

function readCsvTable(path: string): Table {
  const lines = readFileSync(path, "utf8").trim().split(/\r?\n/);
  const header = lines[0].split(",");
  let labelColumn = header.indexOf("label");
  if (labelColumn < 0) labelColumn = header.length - 1;
  const cols = header.length - 1;
  const rows = lines.length - 1;
  const X = new Float64Array(rows * cols);
  const labelNames = new Map<string, number>();
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const cells = lines[r + 1].split(",");
    let c = 0;
    for (let j = 0; j < cells.length; j++) {
      if (j === labelColumn) {
        if (!labelNames.has(cells[j])) labelNames.set(cells[j], labelNames.size);
        y[r] = labelNames.get(cells[j])!;
      } else {
        const text = cells[j].trim();
        X[r * cols + c++] = text === "" || text.toLowerCase() === "nan" ? Number.NaN : Number(text);
      }
    }
  }
  return { X: { data: X, rows, cols }, y, classes: labelNames.size };
}

function macroF1(truth: Float64Array, predicted: Float64Array, classes: number): number {
  let sum = 0;
  for (let k = 0; k < classes; k++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      if (predicted[i] === k && truth[i] === k) tp++;
      else if (predicted[i] === k) fp++;
      else if (truth[i] === k) fn++;
    }
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / classes;
}

const PYTHON_TRAINER = `
import sys, time, json, numpy as np
try:
    import xgboost as xgb
except ImportError as error:
    print(json.dumps({"error": str(error)})); sys.exit(0)
folder, rows, test_rows, cols, classes, rounds, nthread = sys.argv[1], *map(int, sys.argv[2:8])
X = np.fromfile(folder + "/train_X.bin").reshape(rows, cols)
y = np.fromfile(folder + "/train_y.bin")
Xt = np.fromfile(folder + "/test_X.bin").reshape(test_rows, cols)
params = json.loads(open(folder + "/params.json").read())
params.update(nthread=nthread, tree_method="hist")
start = time.perf_counter()
cpu_start = time.process_time()
train = xgb.DMatrix(X, label=y, nthread=nthread)
booster = xgb.train(params, train, rounds)
seconds = time.perf_counter() - start
cpu_seconds = time.process_time() - cpu_start
p = booster.predict(xgb.DMatrix(Xt, nthread=nthread))
pred = p.argmax(axis=1) if p.ndim == 2 else (p > 0.5).astype(float)
print(json.dumps({"seconds": seconds, "cpu": cpu_seconds, "version": xgb.__version__, "pred": pred.tolist()}))
`;

function main(): void {
  const source = process.argv[2] && !process.argv[2].startsWith("--") ? process.argv[2] : null;
  const seed = argument("--seed", 42);
  const table = source
    ? readCsvTable(source)
    : syntheticTable(argument("--rows", 6000), argument("--features", 600), argument("--classes", 5), seed);
  const rounds = argument("--rounds", 100);

  const order = new SeededRandom(seed + 1).shuffle(Uint32Array.from({ length: table.X.rows }, (_, i) => i));
  const trainCount = Math.round(0.7 * order.length);
  const trainRows = order.slice(0, trainCount).sort();
  const testRows = order.slice(trainCount).sort();
  const trainX = takeRows(table.X, trainRows);
  const testX = takeRows(table.X, testRows);
  const trainY = Float64Array.from(trainRows, (r) => table.y[r]);
  const testY = Float64Array.from(testRows, (r) => table.y[r]);

  const options: GradientBoostedTreesOptions = {
    objective: table.classes > 2 ? "multi:softprob" : "binary:logistic",
    nEstimators: rounds,
    maxDepth: 6,
    learningRate: 0.3,
    seed,
  };
  console.log(
    `table: ${table.X.rows} rows × ${table.X.cols} features, ${table.classes} classes; ` +
      `train ${trainX.rows} / test ${testX.rows}; ${rounds} rounds, depth 6, eta 0.3, max_bin 256`,
  );

  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const model = new GradientBoostedTrees(options).fit(trainX, trainY);
  const cpu = process.cpuUsage(cpuStart);
  const ourSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const ourCpu = (cpu.user + cpu.system) / 1e6;
  const ourF1 = macroF1(testY, model.predict(testX), table.classes);
  // CPU seconds next to wall seconds: on a busy machine only the CPU time of one-thread runs compares fairly.
  console.log(
    `scifai GradientBoostedTrees (1 thread): macro F1 ${ourF1.toFixed(4)}, training ${ourSeconds.toFixed(2)} s ` +
      `(CPU ${ourCpu.toFixed(2)} s)`,
  );

  if (!process.argv.includes("--no-python")) {
    const folder = mkdtempSync(join(tmpdir(), "scifai-bench-gbdt-"));
    try {
      writeFileSync(join(folder, "train_X.bin"), trainX.data);
      writeFileSync(join(folder, "train_y.bin"), trainY);
      writeFileSync(join(folder, "test_X.bin"), testX.data);
      const params: Record<string, unknown> = {
        objective: options.objective,
        max_depth: 6,
        eta: 0.3,
        max_bin: 256,
        base_score: 0.5,
      };
      if (table.classes > 2) params.num_class = table.classes;
      writeFileSync(join(folder, "params.json"), JSON.stringify(params));
      for (const threads of [1, 2]) {
        const run = spawnSync(
          "/usr/bin/python3",
          [
            "-c",
            PYTHON_TRAINER,
            folder,
            ...[trainX.rows, testX.rows, trainX.cols, table.classes, rounds, threads].map(String),
          ],
          { encoding: "utf8", maxBuffer: 1 << 28 },
        );
        if (run.error || run.status !== 0) {
          console.log(`Python XGBoost skipped: ${run.error?.message ?? run.stderr.trim().split("\n").pop()}`);
          break;
        }
        const result = JSON.parse(run.stdout) as {
          error?: string;
          seconds: number;
          cpu: number;
          version: string;
          pred: number[];
        };
        if (result.error) {
          console.log(`Python XGBoost skipped: ${result.error}`);
          break;
        }
        const f1 = macroF1(testY, Float64Array.from(result.pred), table.classes);
        console.log(
          `XGBoost ${result.version} (nthread ${threads}): macro F1 ${f1.toFixed(4)}, training ${result.seconds.toFixed(2)} s ` +
            `(CPU ${result.cpu.toFixed(2)} s) → F1 difference ${(ourF1 - f1).toFixed(4)}, ` +
            `wall-time ratio ${(ourSeconds / result.seconds).toFixed(2)}×` +
            (threads === 1 ? `, CPU-time ratio ${(ourCpu / result.cpu).toFixed(2)}×` : ""),
        );
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
}

// Run only as a script, so that tests and other benches can import the table generator.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
