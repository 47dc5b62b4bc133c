/**
 * The cell viewer at scale: fabricates a results folder of N cells (default 100,000) by repeating
 * the predictions, features and QC flags of a few hundred real synthetic cells with DuckDB (so every
 * thumbnail is a real cell image), starts `scifai serve` on it as a user would, and prints the
 * startup time (process start to URL printed), the first page load (page + metadata + first
 * gallery page + its 48 thumbnails, 6 requests at a time as a browser does) and gallery paging
 * times (p50 / p95 over random pages: file order, sorted by a feature, filtered to a class and
 * sorted), plus one cell's detail and SHAP.
 * Run: npm run build && node dist/bench/serve.js [cells] [folder]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sqlString } from "../src/io/tableFormat.js";
import { writeSyntheticDataset } from "../src/synth/syntheticDataset.js";
import { createRandom } from "../src/util/random.js";
import { analyzeDataset } from "../src/workflow/analyze.js";

const cells = Number(process.argv[2] ?? 100_000);
const folder = process.argv[3] ?? join(tmpdir(), "scifai-bench-serve");
const CLI = fileURLToPath(new URL("../src/cli/main.js", import.meta.url));
const CHANNELS = ["BF", "F-Actin", "MHCII", "CD3", "P-CD3zeta"];

/** Real results of a few hundred synthetic cells, made once and reused. */
async function smallResults(): Promise<string> {
  const results = join(folder, "small-results");
  if (existsSync(join(results, "summary.json"))) return results;
  process.stderr.write("analysing 600 synthetic cells…\n");
  writeSyntheticDataset(join(folder, "data"), { cells: 600, channels: 5, seed: 11 });
  await analyzeDataset({
    data: join(folder, "data"),
    output: results,
    channelNames: CHANNELS,
    ablation: false,
    seed: 1,
  });
  return results;
}

/** Repeats the small results' rows up to `cells` rows; object numbers get a copy suffix so cells stay unique. */
async function fabricate(small: string): Promise<string> {
  const big = join(folder, `results-${cells}`);
  if (existsSync(join(big, "summary.json"))) return big;
  rmSync(big, { recursive: true, force: true });
  mkdirSync(join(big, "tables"), { recursive: true });
  process.stderr.write(`fabricating ${cells} cells…\n`);
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const smallRows = Number(
    (
      await connection.runAndReadAll(
        `SELECT count(*) FROM read_parquet(${sqlString(join(small, "predictions.parquet"))})`,
      )
    ).getRows()[0][0],
  );
  const copies = Math.ceil(cells / smallRows);
  const repeat = (source: string) =>
    `SELECT t.* EXCLUDE (file_row_number, copy) REPLACE (t.object_number || '_' || t.copy AS object_number) FROM (SELECT s.*, r.range AS copy FROM read_parquet(${sqlString(source)}, file_row_number = true) s, range(${copies}) r) t ORDER BY t.copy, t.file_row_number LIMIT ${cells}`;
  for (const table of ["predictions.parquet", "features.parquet", "features.clean.parquet"])
    await connection.run(
      `COPY (${repeat(join(small, table))}) TO ${sqlString(join(big, table))} (FORMAT parquet, ROW_GROUP_SIZE 20480)`,
    );
  await connection.run(
    `COPY (SELECT s.* REPLACE (CAST(s.object_number AS VARCHAR) || '_' || r.range AS object_number) FROM read_csv(${sqlString(join(small, "tables/cell_flags.csv"))}, all_varchar = true) s, range(${copies}) r ORDER BY r.range LIMIT ${cells}) TO ${sqlString(join(big, "tables/cell_flags.csv"))} (HEADER)`,
  );
  // An embedding of 3,000 sampled cells, as analyze writes: each copy jittered around its original.
  await connection.run(
    `COPY (SELECT CAST(floor(random() * ${cells}) AS BIGINT) AS row, s.* EXCLUDE (row) REPLACE (s.umap_1 + random() AS umap_1, s.umap_2 + random() AS umap_2) FROM read_csv(${sqlString(join(small, "tables/embedding.csv"))}) s, range(${Math.ceil(3000 / smallRows) + 1}) r LIMIT 3000) TO ${sqlString(join(big, "tables/embedding.csv"))} (HEADER)`,
  );
  connection.closeSync();
  instance.closeSync();
  for (const file of ["summary.json", "model.json", "report.html"])
    copyFileSync(join(small, file), join(big, file));
  return big;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function timed<T>(action: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await action();
  return [performance.now() - started, value];
}

/** Starts `scifai serve` and resolves with the URL it prints and the ms it took. */
function startServer(results: string): Promise<{ child: ChildProcess; url: string; ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, "serve", results, "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const url = /open (http\S+)/.exec(output)?.[1];
      if (url) resolve({ child, url, ms: performance.now() - started });
    });
    child.on("exit", (code) => reject(new Error(`scifai serve exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  const big = await fabricate(await smallResults());
  const { child, url, ms: startup } = await startServer(big);
  const base = url.replace(/\/$/, "");
  const post = async (path: string, body: unknown) => {
    const response = await fetch(base + path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<{ total: number; cells: { row: number }[] }>;
  };
  const get = async (path: string) => {
    const response = await fetch(base + path);
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return response.arrayBuffer();
  };
  try {
    type Meta = {
      cells: number;
      channels: { index: number; color: string; range: [number, number] }[];
      columns: { features: string[] };
      facets: Record<string, { value: string }[]>;
    };
    let meta: Meta | null = null;
    const thumbnails = async (rows: number[]) => {
      const channels = meta!.channels
        .slice(1)
        .map((c) => `c=${c.index}:${c.color}:${c.range[0]}:${c.range[1]}`)
        .join("&");
      const queue = [...rows];
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          for (let row = queue.shift(); row !== undefined; row = queue.shift())
            await get(`/api/image?row=${row}&${channels}&outline=0&scale=2`);
        }),
      );
    };
    const [firstLoad] = await timed(async () => {
      await get("/");
      meta = JSON.parse(Buffer.from(await get("/api/meta")).toString()) as Meta;
      const page = await post("/api/cells", { offset: 0, limit: 48 });
      await thumbnails(page.cells.map((c) => c.row));
    });
    const m = meta!;
    const random = createRandom(5);
    const feature = m.columns.features[Math.floor(m.columns.features.length / 3)];
    const someClass = m.facets.predicted_class[0].value;
    const scenarios: [string, Record<string, unknown>][] = [
      ["file order", {}],
      [`sorted by ${feature}`, { sort: { column: feature, descending: true } }],
      [
        `class ${someClass}, sorted`,
        { filter: { predicted_class: [someClass] }, sort: { column: feature, descending: false } },
      ],
    ];
    console.log(`viewer over ${m.cells.toLocaleString()} cells (${big})`);
    console.log(`startup (process start → URL printed): ${startup.toFixed(0)} ms`);
    console.log(`first page load (page, metadata, 48 cells + thumbnails): ${firstLoad.toFixed(0)} ms`);
    for (const [name, body] of scenarios) {
      const first = (await post("/api/cells", { ...body, offset: 0, limit: 48 })).total;
      const times: number[] = [];
      let withImages = 0;
      for (let i = 0; i < 30; i++) {
        const offset = random.integer(Math.max(1, first - 48));
        const [ms, page] = await timed(() => post("/api/cells", { ...body, offset, limit: 48 }));
        times.push(ms);
        if (i < 5) withImages += (await timed(() => thumbnails(page.cells.map((c) => c.row))))[0] + ms;
      }
      console.log(
        `gallery page, ${name} (${first.toLocaleString()} cells): p50 ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms; with 48 thumbnails ${(withImages / 5).toFixed(0)} ms`,
      );
    }
    const scatter = await timed(() =>
      post("/api/scatter", { x: feature, y: m.columns.features[5], color: "predicted_class", limit: 5000 }),
    );
    console.log(
      `scatter of two features (5,000 of ${m.cells.toLocaleString()} cells): ${scatter[0].toFixed(0)} ms`,
    );
    const row = Math.floor(m.cells * 0.77);
    const [detail] = await timed(() => get(`/api/cell?row=${row}`));
    const [shap] = await timed(() => get(`/api/shap?row=${row}`));
    const [shapAgain] = await timed(() => get(`/api/shap?row=${row + 1}`));
    console.log(
      `cell detail: ${detail.toFixed(0)} ms; SHAP: ${shap.toFixed(0)} ms first (loads the model), ${shapAgain.toFixed(0)} ms next`,
    );
    const sizeMb = ["predictions.parquet", "features.parquet"].map(
      (f) => readFileSync(join(big, f)).length / 1e6,
    );
    console.log(`tables: predictions ${sizeMb[0].toFixed(0)} MB, features ${sizeMb[1].toFixed(0)} MB`);
  } finally {
    child.kill("SIGTERM");
  }
}

await main();
