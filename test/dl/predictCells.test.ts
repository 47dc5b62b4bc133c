import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cropBatch, planarSource } from "../../src/dl/crops.js";
import { CnnModel, softmaxRows } from "../../src/dl/onnxInference.js";
import { predictCells } from "../../src/dl/predictCells.js";
import { readCellSync } from "../../src/io/cellFile.js";
import { loadHdf5 } from "../../src/io/hdf5Library.js";
import { METADATA_COLUMNS, type Metadata, metadataGenerator } from "../../src/io/metadata.js";
import { openTable } from "../../src/io/tableReader.js";
import { shannonEntropyNats } from "../../src/ml/predictionEntropy.js";
import { predictionColumns } from "../../src/ml/predictTable.js";
import { writeSyntheticDataset } from "../../src/synth/syntheticDataset.js";
import { SMALL_MODEL } from "./onnxFixtures.js";

const scratch = mkdtempSync(join(tmpdir(), "scifai-predict-cnn-"));
const data = join(scratch, "data");
const crop = { channels: [0, 1, 2, 3, 4], size: 64, scaling: { kind: "divide" as const, factor: 4095 } };
const classes = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
let metadata: Metadata;
let model: CnnModel;
beforeAll(async () => {
  await loadHdf5();
  writeSyntheticDataset(data, { cells: 36, channels: 5, seed: 2, broken: 2 });
  metadata = await metadataGenerator(data);
  model = await CnnModel.load(SMALL_MODEL, { threads: 1 });
});
afterAll(async () => {
  await model.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function readAll(path: string) {
  const reader = await openTable(path);
  try {
    const text: string[][] = reader.columns.text.map(() => []);
    const numeric: number[][] = reader.columns.numeric.map(() => []);
    for await (const batch of reader.batches(1000)) {
      batch.text.forEach((column, c) => {
        text[c].push(...column);
      });
      batch.numeric.forEach((column, c) => {
        numeric[c].push(...column);
      });
    }
    return { columns: reader.columns, text, numeric };
  } finally {
    reader.close();
  }
}

/** The model's outputs for the readable cells, run as one batch (as predictCells runs them). */
async function expectedOutputs() {
  const readable = metadata.rows.filter((row) => !row.file.includes("broken"));
  const images = cropBatch(
    readable.map((row) => planarSource(readCellSync(join(data, row.file)))),
    crop,
  );
  return { readable, ...(await model.run(images, readable.length, 5, 64, true)) };
}

describe("predictCells", () => {
  it("writes the columns of `scifai predict` with the model's softmax, argmax and entropy", async () => {
    const output = join(scratch, "predictions.parquet");
    const summary = await predictCells({ metadata, model, output, crop, classes, workers: 1, batchSize: 64 });
    const { readable, logits } = await expectedOutputs();
    expect(summary.rows).toBe(readable.length);
    expect(summary.errors).toBe(2);
    expect(readFileSync(summary.errorsPath, "utf8")).toMatch(/broken/);
    const table = await readAll(output);
    const expectedColumns = predictionColumns(classes);
    expect(table.columns.text).toEqual([...METADATA_COLUMNS, ...expectedColumns.text]);
    expect(table.columns.numeric).toEqual(expectedColumns.numeric);
    expect(table.text[0]).toEqual(readable.map((row) => row.file));
    const n = readable.length;
    const probabilities = softmaxRows(logits, n, 9);
    const entropy = shannonEntropyNats({ data: probabilities, rows: n, cols: 9 });
    for (let i = 0; i < n; i++) {
      // Same crops in the same batch: ONNX Runtime gives the same logits, so every value is exact.
      for (let k = 0; k < 9; k++) expect(table.numeric[k][i]).toBe(probabilities[i * 9 + k]);
      const row = Array.from(probabilities.subarray(i * 9, i * 9 + 9));
      const best = row.indexOf(Math.max(...row));
      expect(table.text[METADATA_COLUMNS.length][i]).toBe(classes[best]);
      expect(table.numeric[9][i]).toBe(row[best]);
      expect(table.numeric[10][i]).toBe(entropy[i]);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    expect(Object.values(summary.predictedCounts).reduce((a, b) => a + b, 0)).toBe(n);
  });

  it("adds the embedding columns, or writes them alone, and the same with several workers and batches", async () => {
    const { readable, embedding, logits } = await expectedOutputs();
    const n = readable.length;
    const withEmbedding = join(scratch, "with-embedding.csv");
    await predictCells({
      metadata,
      model,
      output: withEmbedding,
      crop,
      embeddings: true,
      workers: 0,
      batchSize: 64,
    });
    const table = await readAll(withEmbedding);
    expect(table.columns.numeric.slice(0, 11)).toEqual(
      predictionColumns(Array.from({ length: 9 }, (_, k) => `class_${k}`)).numeric,
    );
    expect(table.columns.numeric.slice(11)).toEqual(Array.from({ length: 128 }, (_, k) => `embedding_${k}`));
    for (let i = 0; i < n; i++)
      for (let k = 0; k < 128; k++) expect(table.numeric[11 + k][i]).toBe(embedding![i * 128 + k]);

    const only = join(scratch, "embedding-only.parquet");
    await predictCells({
      metadata,
      model,
      output: only,
      crop,
      embeddingsOnly: true,
      workers: 2,
      batchSize: 5,
    });
    const onlyTable = await readAll(only);
    expect(onlyTable.columns.text).toEqual([...METADATA_COLUMNS]);
    expect(onlyTable.columns.numeric).toEqual(Array.from({ length: 128 }, (_, k) => `embedding_${k}`));
    // Other batch compositions change ONNX Runtime's float32 sums in the last bits only.
    let worst = 0;
    for (let i = 0; i < n; i++)
      for (let k = 0; k < 128; k++)
        worst = Math.max(worst, Math.abs(onlyTable.numeric[k][i] - embedding![i * 128 + k]));
    expect(worst).toBeLessThan(1e-5);
    expect(logits.length).toBe(n * 9);
  });

  it("fails before writing when the crops or the class names do not fit the model", async () => {
    const output = join(scratch, "never.parquet");
    await expect(
      predictCells({ metadata, model, output, crop: { ...crop, channels: [0, 1, 2] } }),
    ).rejects.toThrow(/takes 5 channels, but 3 are selected/);
    await expect(predictCells({ metadata, model, output, crop: { ...crop, size: 48 } })).rejects.toThrow(
      /takes 64 × 64 crops/,
    );
    await expect(predictCells({ metadata, model, output, crop, classes: ["x", "y"] })).rejects.toThrow(
      /2 class names given, but the model has 9 outputs/,
    );
    await expect(predictCells({ metadata, model, output: join(scratch, "x.h5ad"), crop })).rejects.toThrow();
    await expect(
      predictCells({ metadata, model, output: join(scratch, "predictions.parquet"), crop }),
    ).rejects.toThrow(/already exists/);
  });
});
