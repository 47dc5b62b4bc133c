import type { Command } from "commander";
import { TrainedModel } from "../ml/modelFile.js";
import { predictTable } from "../ml/predictTable.js";
import { createProgress } from "./progress.js";

/** `scifai predict FEATURES --model model.json -o predictions.parquet`. */
export function registerPredictCommand(program: Command): void {
  program
    .command("predict")
    .description("predict every cell of a feature table: class, per-class probabilities and entropy (nats)")
    .argument("<features>", "feature table (.parquet, .csv, .csv.gz, .h5ad)")
    .requiredOption("--model <file>", "model file made by 'scifai train'")
    .requiredOption("-o, --output <file>", "predictions table (.parquet, .csv or .csv.gz)")
    .option("--overwrite", "replace an existing output")
    .option("-q, --quiet", "no progress output")
    .action(
      async (
        features: string,
        options: { model: string; output: string; overwrite?: boolean; quiet?: boolean },
      ) => {
        const model = TrainedModel.load(options.model);
        const progress = createProgress("predict", { quiet: options.quiet });
        const summary = await predictTable(model, features, options.output, {
          overwrite: options.overwrite,
          onProgress: (done, total) => progress.update(done, total),
        });
        progress.stop();
        const counts = Object.entries(summary.predictedCounts)
          .map(([c, n]) => `${c} ${n}`)
          .join(", ");
        process.stderr.write(`${summary.rows} cells predicted into ${summary.output} (${counts})\n`);
      },
    );
}
