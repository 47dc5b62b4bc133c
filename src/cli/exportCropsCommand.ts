import type { Command } from "commander";
import type { AugmentationOptions } from "../dl/augmentations.js";
import { parseAugmentations, parseChannelList, parseNameList, parseScaling } from "../dl/cropSettings.js";
import { readDatasetInput } from "../dl/datasetInput.js";
import { exportCrops, type ScalingChoice } from "../dl/exportCrops.js";
import { createProgress } from "./progress.js";
import { parseFraction, parseInteger, UsageError } from "./usageError.js";

/** `scifai export-crops DATA|METADATA -o crops.h5`: fixed-size crops for training a CNN in PyTorch. */
export function registerExportCropsCommand(program: Command): void {
  program
    .command("export-crops")
    .description(
      "write fixed-size, scaled crops of every cell (scifAI's DatasetGenerator) with labels, metadata and a stratified split to one HDF5 file for PyTorch",
    )
    .argument("<input>", "dataset folder, or a metadata table made by 'scifai metadata'")
    .requiredOption("-o, --output <file>", "output .h5 file")
    .requiredOption("--channels <list>", "0-based channels to keep, in order, e.g. 0,3,4,5,6")
    .option("--size <n>", "side of the square crops in pixels", parseInteger("--size", 1), 64)
    .option(
      "--scale <how>",
      "divide by a number (default 4095), 'minmax' (per-channel bounds: --bounds, or sampled min/max) or 'percentile' (sampled --percentiles)",
    )
    .option("--bounds <pairs>", "min–max bounds per selected channel, low:high separated by commas")
    .option("--percentiles <lower,upper>", "percentiles for --scale percentile", "1,99")
    .option(
      "--sample-size <n>",
      "cells sampled (from the training split) for minmax/percentile bounds",
      parseInteger("--sample-size", 1),
      500,
    )
    .option("--channel-names <names>", "names of the selected channels, stored in the file")
    .option(
      "--data-root <folder>",
      "folder the metadata's file paths are relative to (default: the table's folder)",
    )
    .option("--classes <list>", "class names in label order (default: the labels present, sorted)")
    .option("--labeled-only", "export only cells labelled with one of the classes")
    .option(
      "--test-size <f>",
      "share of labelled cells in the test set",
      parseFraction("--test-size", 0, 1),
      0.3,
    )
    .option(
      "--validation-size <f>",
      "share of the remaining labelled cells in the validation set",
      parseFraction("--validation-size", 0, 1),
      0.2,
    )
    .option("--stratify <columns>", "metadata columns stratifying the split", "label,experiment,donor")
    .option(
      "--seed <n>",
      "seed of the split, the sampled bounds and the augmentations",
      parseInteger("--seed"),
      0,
    )
    .option(
      "--augment <list>",
      "augmented copies of training cells: flips, rotations, noise=STD, crop=MIN (random resized crop)",
    )
    .option(
      "--copies <n>",
      "augmented copies per training cell (with --augment)",
      parseInteger("--copies", 1),
      1,
    )
    .option(
      "--workers <n>",
      "threads reading and cropping cells (0 = main thread)",
      parseInteger("--workers", 0),
      1,
    )
    .option("--batch-size <n>", "cells per batch", parseInteger("--batch-size", 1), 128)
    .option(
      "--gzip <level>",
      "compress the images with deflate at this level (0–9)",
      parseInteger("--gzip", 0),
    )
    .option("--overwrite", "replace an existing output")
    .option("-q, --quiet", "no progress output")
    .action(async (input: string, options: ExportCropsCommandOptions) => {
      let channels: number[];
      let scaling: ScalingChoice;
      let augmentation: (AugmentationOptions & { copies: number }) | undefined;
      let channelNames: string[] | undefined;
      let classes: string[] | undefined;
      let stratify: string[];
      try {
        if (!options.output.endsWith(".h5") && !options.output.endsWith(".hdf5"))
          throw new RangeError(`the output must be an .h5 file, got '${options.output}'`);
        if (options.gzip !== undefined && options.gzip > 9)
          throw new RangeError(`--gzip must be a level in 0…9, got ${options.gzip}`);
        channels = parseChannelList(options.channels);
        scaling = parseScaling(options.scale, options.bounds, channels.length, {
          percentiles: options.percentiles,
          sampleSize: options.sampleSize,
          seed: options.seed,
        });
        augmentation = options.augment
          ? { ...parseAugmentations(options.augment), copies: options.copies }
          : undefined;
        channelNames = options.channelNames
          ? parseNameList(options.channelNames, "--channel-names")
          : undefined;
        if (channelNames && channelNames.length !== channels.length)
          throw new RangeError(
            `--channel-names has ${channelNames.length} names for ${channels.length} channels`,
          );
        classes = options.classes ? parseNameList(options.classes, "--classes") : undefined;
        stratify = parseNameList(options.stratify, "--stratify");
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const metadata = await readDatasetInput(input, { dataRoot: options.dataRoot });
      const progress = createProgress("export-crops", { quiet: options.quiet });
      const summary = await exportCrops({
        metadata,
        output: options.output,
        channels,
        channelNames,
        size: options.size,
        scaling,
        classes,
        labeledOnly: options.labeledOnly,
        testSize: options.testSize,
        validationSize: options.validationSize,
        stratify,
        seed: options.seed,
        augmentation,
        workers: options.workers,
        batchSize: options.batchSize,
        gzipLevel: options.gzip,
        overwrite: options.overwrite,
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.stop();
      const splits = Object.entries(summary.splitCounts)
        .filter(([, n]) => n > 0)
        .map(([name, n]) => `${name} ${n}`)
        .join(", ");
      const used = summary.scaling;
      const scale =
        used.kind === "divide"
          ? `divided by ${used.factor}`
          : `min–max ${used.lower.map((low, i) => `${low}:${used.upper[i]}`).join(",")}${summary.scalingCells > 0 ? ` (sampled from ${summary.scalingCells} cells)` : ""}`;
      process.stderr.write(
        `${summary.rows} crops of ${channels.length}×${options.size}×${options.size} written to ${summary.output} (${splits}); ${summary.classes.length} classes; pixels ${scale}\n` +
          `${summary.errors} cells failed, listed in ${summary.errorsPath}\n`,
      );
    });
}

interface ExportCropsCommandOptions {
  output: string;
  channels: string;
  size: number;
  scale?: string;
  bounds?: string;
  percentiles: string;
  sampleSize: number;
  channelNames?: string;
  dataRoot?: string;
  classes?: string;
  labeledOnly?: boolean;
  testSize: number;
  validationSize: number;
  stratify: string;
  seed: number;
  augment?: string;
  copies: number;
  workers: number;
  batchSize: number;
  gzip?: number;
  overwrite?: boolean;
  quiet?: boolean;
}
