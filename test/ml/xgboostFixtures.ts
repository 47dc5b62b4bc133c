import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Matrix } from "../../src/ml/matrix.js";
import { FIXTURES } from "../helpers/fixtures.js";

/** The XGBoost golden fixtures: X.csv, y.csv, {multiclass,binary,regression}.{model.json,margin,pred,contribs}.csv. */
export const XGBOOST_FIXTURES = `${FIXTURES}xgboost/`;

/** The fixture model names and their objectives. */
export const FIXTURE_MODELS = [
  { name: "multiclass", objective: "multi:softprob", labelColumn: 0 },
  { name: "binary", objective: "binary:logistic", labelColumn: 1 },
  { name: "regression", objective: "reg:squarederror", labelColumn: 2 },
] as const;

/** Reads a numeric CSV of the fixture (empty cell = NaN) as a matrix; `header` skips the first line. */
export function readFixtureCsv(name: string, header: boolean): Matrix {
  const lines = readFileSync(XGBOOST_FIXTURES + name, "utf8")
    .trim()
    .split("\n");
  const body = header ? lines.slice(1) : lines;
  const cols = body[0].split(",").length;
  const data = new Float64Array(body.length * cols);
  body.forEach((line, r) => {
    const cells = line.split(",");
    if (cells.length !== cols) throw new Error(`${name}: row ${r} has ${cells.length} cells`);
    cells.forEach((cell, c) => {
      data[r * cols + c] = cell.trim() === "" ? Number.NaN : Number(cell);
    });
  });
  return { data, rows: body.length, cols };
}

/** Labels of one objective from y.csv. */
export function fixtureLabels(labelColumn: number): Float64Array {
  const y = readFixtureCsv("y.csv", true);
  return Float64Array.from({ length: y.rows }, (_, r) => y.data[r * y.cols + labelColumn]);
}

/**
 * The "generated" table of test/reference/xgboost_training_vectors.py, rebuilt with the same
 * integer hash and the same IEEE operations so that values and labels are bit-identical.
 */
export function generatedTable(
  rows: number,
  cols: number,
): { X: Matrix; labels: Record<string, Float64Array> } {
  const data = new Float64Array(rows * cols);
  const u = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const value = (i * 7919 + j * 104729 + ((i * i) % 1009) * (j + 1)) % 10007;
      u[i * cols + j] = value;
      if (j === 4) data[i * cols + j] = value % 5;
      else if ((j === 1 || j === 3) && (i * 31 + j * 17) % 23 === 0) data[i * cols + j] = Number.NaN;
      else data[i * cols + j] = value / 37 - 135;
    }
  }
  const multi = new Float64Array(rows);
  const binary = new Float64Array(rows);
  const regression = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let label = (u[i * cols] > 5000 ? 1 : 0) + (u[i * cols + 1] > 3000 ? 2 : 0);
    if (i % 10 === 0) label = (label + 1) % 4;
    multi[i] = label;
    binary[i] = u[i * cols] + u[i * cols + 2] > 10007 !== (i % 9 === 0) ? 1 : 0;
    regression[i] = u[i * cols] / 1000 + (u[i * cols + 1] > 5000 ? 2 : 0) + (i % 7) / 10;
  }
  return {
    X: { data, rows, cols },
    labels: { "multi:softprob": multi, "binary:logistic": binary, "reg:squarederror": regression },
  };
}

/** What XGBoost 1.7 in /usr/bin/python3 predicts for a model file, or why it could not run. */
export type PythonPrediction =
  | { ok: true; version: string; margin: Float64Array; pred: Float64Array; contribs: Float64Array }
  | { ok: false; reason: string };

const PREDICT_SCRIPT = fileURLToPath(new URL("../reference/xgboost_predict.py", import.meta.url));

/**
 * Runs test/reference/xgboost_predict.py on a model JSON text and X; `ok: false` only when
 * /usr/bin/python3 or its xgboost cannot be used, throws when XGBoost fails on the model.
 */
export function predictWithPythonXGBoost(modelJson: string, X: Matrix): PythonPrediction {
  const folder = mkdtempSync(join(tmpdir(), "scifai-xgboost-"));
  try {
    const modelPath = join(folder, "model.json");
    const xPath = join(folder, "X.bin");
    writeFileSync(modelPath, modelJson);
    writeFileSync(xPath, X.data);
    const run = spawnSync(
      "/usr/bin/python3",
      [PREDICT_SCRIPT, modelPath, xPath, String(X.rows), String(X.cols)],
      {
        encoding: "utf8",
        maxBuffer: 1 << 28,
      },
    );
    if (run.error) return { ok: false, reason: `/usr/bin/python3 cannot run: ${run.error.message}` };
    // Only a missing interpreter or package skips; any other failure is a test failure.
    if (run.status !== 0) throw new Error(`xgboost_predict.py failed: ${run.stderr.trim()}`);
    const result = JSON.parse(run.stdout) as {
      error?: string;
      version: string;
      margin: number[];
      pred: number[];
      contribs: number[];
    };
    if (result.error) return { ok: false, reason: result.error };
    return {
      ok: true,
      version: result.version,
      margin: Float64Array.from(result.margin),
      pred: Float64Array.from(result.pred),
      contribs: Float64Array.from(result.contribs),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Largest absolute difference of two equally long arrays: NaN matches NaN, NaN against a number gives ∞. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) || Number.isNaN(b[i])) {
      if (Number.isNaN(a[i]) && Number.isNaN(b[i])) continue;
      return Number.POSITIVE_INFINITY;
    }
    worst = Math.max(worst, Math.abs(a[i] - b[i]));
  }
  return worst;
}
