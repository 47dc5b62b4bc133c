/**
 * CNN prediction throughput on this machine: a synthetic 5-channel dataset (.h5 cells), the
 * 11.2 M-parameter ResNet-18 fixture (r18_64.onnx, 5 × 64 × 64 input) on ONNX Runtime's CPU
 * provider. Prints, in cells/s: inference alone on ready crops; reading and cropping alone; and
 * the whole `predictCells` run (reading and cropping in worker threads overlapped with inference,
 * Parquet output), for the worker counts and batch sizes asked for. Goal: ≥ 800 cells/s for the
 * whole run on 2 cores.
 * Usage: npm run build && node dist/bench/cnn.js [--cells 4000] [--workers 1,2] [--batch 128,256]
 *        [--threads 2] [--spinning] [--model path.onnx]
 */
import { existsSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { streamCrops } from "../src/dl/cropStream.js";
import { CnnModel } from "../src/dl/onnxInference.js";
import { predictCells } from "../src/dl/predictCells.js";
import { metadataGenerator } from "../src/io/metadata.js";
import { writeSyntheticDataset } from "../src/synth/syntheticDataset.js";

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

const cells = Number(option("--cells", "4000"));
const workerCounts = option("--workers", "1,2").split(",").map(Number);
const batchSizes = option("--batch", "128,256").split(",").map(Number);
const threads = Number(option("--threads", String(availableParallelism())));
const spinning = process.argv.includes("--spinning");
const modelPath = option(
  "--model",
  fileURLToPath(new URL("../../../shared/fixtures/onnx/r18_64.onnx", import.meta.url)),
);
const crop = { channels: [0, 1, 2, 3, 4], size: 64, scaling: { kind: "divide" as const, factor: 4095 } };

/** Wall-clock and process CPU seconds of `run`. */
async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number; cpu: number }> {
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const value = await run();
  const used = process.cpuUsage(cpuStart);
  return { value, seconds: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
}

function line(label: string, count: number, seconds: number, cpu: number): void {
  console.log(
    `${label.padEnd(44)} ${(count / seconds).toFixed(0).padStart(5)} cells/s  (${count} cells, ${seconds.toFixed(2)} s, ${(cpu / seconds).toFixed(2)} cores busy)`,
  );
}

const data = `/tmp/scifai-bench-cnn-${cells}`;
if (!existsSync(data)) {
  process.stderr.write(`writing ${cells} synthetic 5-channel cells to ${data}…\n`);
  writeSyntheticDataset(data, { cells, channels: 5, seed: 3, labeledFraction: 0.5 });
}
const metadata = await metadataGenerator(data);
const model = await CnnModel.load(modelPath, { threads, spinning });
console.log(
  `model ${modelPath.split("/").at(-1)}, ${threads} inference thread${threads === 1 ? "" : "s"}${spinning ? " (spinning)" : ""}, ${metadata.rows.length} cells of ${data}`,
);

// Inference alone: the same ready batch again and again.
for (const batch of batchSizes) {
  const images = new Float32Array(batch * 5 * 64 * 64).map((_, i) => ((i * 2654435761) % 1000) / 1000);
  await model.run(images, batch, 5, 64);
  const rounds = Math.max(2, Math.ceil(1500 / batch));
  const { seconds, cpu } = await timed(async () => {
    for (let r = 0; r < rounds; r++) await model.run(images, batch, 5, 64);
  });
  line(`inference only, batch ${batch}`, rounds * batch, seconds, cpu);
}

// Reading and cropping alone (no inference).
const allRows = Int32Array.from({ length: metadata.rows.length }, (_, i) => i);
for (const workers of workerCounts) {
  const { value, seconds, cpu } = await timed(async () => {
    let count = 0;
    for await (const batch of streamCrops(
      { rows: allRows, file: (row) => metadata.rows[row].file },
      { root: metadata.root, crop, workers, batchSize: 128 },
    ))
      count += batch.rows.length;
    return count;
  });
  line(`read + crop only, ${workers} worker${workers === 1 ? "" : "s"}`, value, seconds, cpu);
}

// The whole run: read, crop, infer, write Parquet.
const results: number[] = [];
for (const workers of workerCounts) {
  for (const batch of batchSizes) {
    const output = `/tmp/scifai-bench-cnn-${workers}-${batch}.parquet`;
    rmSync(output, { force: true });
    const { value, seconds, cpu } = await timed(() =>
      predictCells({ metadata, model, output, crop, workers, batchSize: batch, overwrite: true }),
    );
    line(
      `predictCells, ${workers} worker${workers === 1 ? "" : "s"}, batch ${batch}`,
      value.rows,
      seconds,
      cpu,
    );
    results.push(value.rows / seconds);
    rmSync(output, { force: true });
    rmSync(`${output}.errors.csv`, { force: true });
  }
}
console.log(`best whole run: ${Math.max(...results).toFixed(0)} cells/s (goal ≥ 800 on 2 cores)`);
await model.close();
