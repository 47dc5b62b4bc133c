import type { Command } from "commander";
import { writeSyntheticDataset } from "../synth/syntheticDataset.js";
import { createProgress } from "./progress.js";
import { parseFraction, parseInteger, UsageError } from "./usageError.js";

/** `scifai synth OUT`: writes a synthetic IFC dataset with known truth. */
export function registerSynthCommand(program: Command): void {
  program
    .command("synth")
    .description(
      "write a synthetic IFC dataset (scifAI layout) with planted class-frequency changes between conditions",
    )
    .argument("<out>", "output folder (replaced if it exists)")
    .option("--cells <n>", "number of cells", parseInteger("--cells", 1), 1200)
    .option(
      "--channels <n>",
      "5 (BF, F-Actin, MHCII, CD3, P-CD3zeta) or 8 (full panel)",
      parseInteger("--channels", 5),
      5,
    )
    .option("--seed <n>", "random seed; the same seed gives byte-identical files", parseInteger("--seed"), 0)
    .option(
      "--labeled-fraction <f>",
      "fraction of cells with a label",
      parseFraction("--labeled-fraction"),
      0.4,
    )
    .option(
      "--label-noise <f>",
      "fraction of labels replaced by a wrong class",
      parseFraction("--label-noise"),
      0.01,
    )
    .option(
      "--broken <k>",
      "add k broken files (not HDF5, truncated, no image, mask mismatch, empty)",
      parseInteger("--broken"),
      0,
    )
    .option("--gzip", "store pixels gzip-compressed in chunks")
    .option("-q, --quiet", "no progress output")
    .action((out: string, options: SynthCommandOptions) => {
      if (options.channels !== 5 && options.channels !== 8)
        throw new UsageError(`--channels must be 5 or 8, got ${options.channels}`);
      const progress = createProgress("synth", { quiet: options.quiet });
      const summary = writeSyntheticDataset(out, {
        cells: options.cells,
        channels: options.channels,
        seed: options.seed,
        labeledFraction: options.labeledFraction,
        labelNoise: options.labelNoise,
        broken: options.broken,
        gzip: options.gzip,
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.stop();
      process.stderr.write(
        `${summary.cells} cells (${summary.labeled} labelled, ${summary.broken.length} broken files) written to ${out}\n` +
          `planted truth: ${summary.changedClasses.join(", ")} change between -SEA and +SEA (see ${out}/.scifai-synth.json)\n`,
      );
    });
}

interface SynthCommandOptions {
  cells: number;
  channels: number;
  seed: number;
  labeledFraction: number;
  labelNoise: number;
  broken: number;
  gzip?: boolean;
  quiet?: boolean;
}
