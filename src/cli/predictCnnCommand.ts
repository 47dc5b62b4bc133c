import type { Command } from "commander";
import { parseChannelList, parseNameList, parseScaling } from "../dl/cropSettings.js";
import type { CropScaling } from "../dl/crops.js";
import { readCropsFileInfo } from "../dl/cropsFile.js";
import { readDatasetInput } from "../dl/datasetInput.js";
import { CnnModel } from "../dl/onnxInference.js";
import { predictCells } from "../dl/predictCells.js";
import { sampleScalingBounds } from "../dl/scalingBounds.js";
import { tableFormatOf } from "../io/tableFormat.js";
import { createProgress } from "./progress.js";
import { parseInteger, UsageError } from "./usageError.js";

/** `scifai predict-cnn DATA|METADATA --model model.onnx -o predictions.parquet`. */
export function registerPredictCnnCommand(program: Command): void {
  program
    .command("predict-cnn")
    .description(
      "predict every cell with a CNN in ONNX format: the columns of 'scifai predict' (class, probabilities, entropy), optionally the embedding",
    )
    .argument("<input>", "dataset folder, or a metadata table made by 'scifai metadata'")
    .requiredOption("--model <file>", "the network (.onnx), input [batch, C, S, S] float32")
    .requiredOption("-o, --output <file>", "predictions table (.parquet, .csv or .csv.gz)")
    .option(
      "--config-from <crops.h5>",
      "take channels, size, scaling and classes from the crops file the model was trained on",
    )
    .option("--channels <list>", "0-based channels fed to the model, in order (default: 0…C−1)")
    .option("--size <n>", "crop side in pixels (default: the model's)", parseInteger("--size", 1))
    .option("--scale <how>", "divide by a number (default 4095), 'minmax' or 'percentile' (as export-crops)")
    .option("--bounds <pairs>", "min–max bounds per selected channel, low:high separated by commas")
    .option("--percentiles <lower,upper>", "percentiles for --scale percentile", "1,99")
    .option(
      "--sample-size <n>",
      "cells sampled for minmax/percentile bounds",
      parseInteger("--sample-size", 1),
      500,
    )
    .option("--classes <list>", "names of the model's outputs in order (default: class_0, class_1, …)")
    .option("--embeddings", "add the pooled embedding as columns embedding_0, embedding_1, …")
    .option("--embeddings-only", "write the embedding columns without the prediction columns")
    .option(
      "--data-root <folder>",
      "folder the metadata's file paths are relative to (default: the table's folder)",
    )
    .option(
      "--workers <n>",
      "threads reading and cropping cells (0 = main thread)",
      parseInteger("--workers", 0),
      1,
    )
    .option("--threads <n>", "inference threads (default: all cores)", parseInteger("--threads", 1))
    .option("--batch-size <n>", "cells per inference batch", parseInteger("--batch-size", 1), 128)
    .option(
      "--provider <name>",
      "ONNX Runtime execution provider: cpu, or cuda with the CUDA libraries",
      "cpu",
    )
    .option("--seed <n>", "seed of the sample for minmax/percentile bounds", parseInteger("--seed"), 0)
    .option("--overwrite", "replace an existing output")
    .option("-q, --quiet", "no progress output")
    .action(async (input: string, options: PredictCnnCommandOptions) => {
      try {
        tableFormatOf(options.output, ["csv", "csv.gz", "parquet"]);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const saved = options.configFrom ? await readCropsFileInfo(options.configFrom) : null;
      const model = await CnnModel.load(options.model, {
        threads: options.threads,
        executionProviders: options.provider === "cpu" ? ["cpu"] : [options.provider, "cpu"],
      });
      try {
        let channels: number[];
        let classes: string[] | undefined;
        let size: number;
        let scaling: CropScaling | null = null;
        let sampled: {
          lowerPercentile: number;
          upperPercentile: number;
          sampleSize?: number;
          seed?: number;
        } | null = null;
        try {
          channels = options.channels
            ? parseChannelList(options.channels)
            : saved
              ? [...saved.channels]
              : model.channels !== null
                ? Array.from({ length: model.channels }, (_, c) => c)
                : [];
          if (channels.length === 0)
            throw new RangeError("--channels is needed: the model's channel count is not fixed");
          const givenSize = options.size ?? saved?.size ?? model.size;
          if (givenSize === null || givenSize === undefined)
            throw new RangeError("--size is needed: the model's input size is not fixed");
          size = givenSize;
          classes = options.classes
            ? parseNameList(options.classes, "--classes")
            : saved && saved.classes.length > 0
              ? [...saved.classes]
              : undefined;
          if (options.scale === undefined && options.bounds === undefined && saved) {
            scaling = saved.scaling;
          } else {
            const choice = parseScaling(options.scale, options.bounds, channels.length, {
              percentiles: options.percentiles,
              sampleSize: options.sampleSize,
              seed: options.seed,
            });
            if (choice.kind === "sampled") sampled = choice;
            else scaling = choice;
          }
          model.checkInput(channels.length, size);
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
        const metadata = await readDatasetInput(input, { dataRoot: options.dataRoot });
        if (sampled) {
          // Bounds sampled here differ from the training crops'; --config-from reuses those.
          scaling = (
            await sampleScalingBounds(
              metadata.root,
              metadata.rows.map((row) => row.file),
              channels,
              size,
              sampled,
            )
          ).scaling;
        }
        const progress = createProgress("predict-cnn", { quiet: options.quiet });
        const summary = await predictCells({
          metadata,
          model,
          output: options.output,
          crop: { channels, size, scaling: scaling! },
          classes,
          embeddings: options.embeddings,
          embeddingsOnly: options.embeddingsOnly,
          workers: options.workers,
          batchSize: options.batchSize,
          overwrite: options.overwrite,
          onProgress: (done, total) => progress.update(done, total),
        });
        progress.stop();
        const counts = Object.entries(summary.predictedCounts)
          .map(([name, n]) => `${name} ${n}`)
          .join(", ");
        process.stderr.write(
          `${summary.rows} cells predicted into ${summary.output} in ${summary.seconds.toFixed(1)} s (${(summary.rows / Math.max(summary.seconds, 1e-9)).toFixed(0)} cells/s)${counts ? `: ${counts}` : ""}\n` +
            `${summary.errors} cells failed, listed in ${summary.errorsPath}\n`,
        );
      } finally {
        await model.close();
      }
    });
}

interface PredictCnnCommandOptions {
  model: string;
  output: string;
  configFrom?: string;
  channels?: string;
  size?: number;
  scale?: string;
  bounds?: string;
  percentiles: string;
  sampleSize: number;
  classes?: string;
  embeddings?: boolean;
  embeddingsOnly?: boolean;
  dataRoot?: string;
  workers: number;
  threads?: number;
  batchSize: number;
  provider: string;
  seed: number;
  overwrite?: boolean;
  quiet?: boolean;
}
