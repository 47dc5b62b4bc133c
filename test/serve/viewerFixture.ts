import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSyntheticDataset } from "../../src/synth/syntheticDataset.js";
import { analyzeDataset } from "../../src/workflow/analyze.js";

/** A synthetic dataset and its `analyze` results in a fresh temporary folder (about 10 s). */
export async function makeViewerResults(
  cells = 500,
): Promise<{ scratch: string; data: string; results: string }> {
  const scratch = mkdtempSync(join(tmpdir(), "scifai-serve-"));
  const data = join(scratch, "data");
  const results = join(scratch, "results");
  writeSyntheticDataset(data, { cells, channels: 5, seed: 4, labeledFraction: 0.6 });
  await analyzeDataset({
    data,
    output: results,
    channelNames: ["BF", "F-Actin", "MHCII", "CD3", "P-CD3zeta"],
    ablation: false,
    embeddingCells: 400,
    modelOptions: { nEstimators: 20 },
    workers: 2,
    seed: 1,
  });
  return { scratch, data, results };
}
