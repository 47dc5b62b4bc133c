import { join, resolve } from "node:path";
import type { Command } from "commander";
import { metadataGenerator } from "../io/metadata.js";
import { writeMetadata } from "../io/metadataFile.js";
import { formatMetadataSummary, summariseMetadata } from "../io/metadataSummary.js";
import {
  SYNTH_READOUT_COLUMN,
  SYNTH_READOUT_FILE,
  writeSyntheticDataset,
} from "../synth/syntheticDataset.js";
import { formatAnalyzeSummary, runAnalyzeWithProgress } from "./analyzeCommand.js";
import { createProgress } from "./progress.js";
import { parseInteger } from "./usageError.js";

interface DemoOptions {
  output: string;
  cells: number;
  seed: number;
  scanOnly?: boolean;
  ablation: boolean;
  workers?: number;
  quiet?: boolean;
}

/** `scifai demo`: the end-to-end job `npm start` runs on generated data. */
export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description(
      "generate a synthetic experiment with planted changes and run `scifai analyze` on it (what `npm start` runs)",
    )
    .option("-o, --output <dir>", "folder for the demo's data (data/) and results (results/)", "demo-output")
    .option("--cells <n>", "number of synthetic cells", parseInteger("--cells", 1), 6000)
    .option("--seed <n>", "random seed", parseInteger("--seed"), 0)
    .option("--scan-only", "only generate and scan the data, no analysis")
    .option("--no-ablation", "skip the channel-combination ablation in the explanation")
    .option("--workers <n>", "worker threads (default: one per core)", parseInteger("--workers", 1))
    .option("-q, --quiet", "no progress output")
    .action(async (options: DemoOptions) => {
      const root = resolve(options.output);
      const data = `${root}/data`;
      const synthProgress = createProgress("synth", { quiet: options.quiet });
      const synth = writeSyntheticDataset(data, {
        cells: options.cells,
        channels: 5,
        seed: options.seed,
        broken: 3,
        onProgress: (done, total) => synthProgress.update(done, total),
      });
      synthProgress.stop();
      const scanProgress = createProgress("scan", { quiet: options.quiet });
      const metadata = await metadataGenerator(data, {
        onProgress: (done, total) => scanProgress.update(done, total),
      });
      scanProgress.stop();
      const metadataPath = `${root}/metadata.csv`;
      await writeMetadata(metadataPath, metadata);
      process.stdout.write(`${formatMetadataSummary(summariseMetadata(metadata.rows))}\n\n`);
      process.stdout.write(
        `synthetic data:  ${data} (${synth.cells} cells, ${synth.labeled} labelled, ${synth.broken.length} broken files)\n` +
          `metadata:        ${metadataPath}\n` +
          `unreadable:      ${metadata.errors.map((e) => `${e.file} (${e.reason})`).join("; ") || "none"}\n` +
          `planted truth:   ${synth.changedClasses.join(", ")} change between -SEA and +SEA\n`,
      );
      if (options.scanOnly) return;
      process.stdout.write("\nanalysing (scifai analyze) …\n");
      const summary = await runAnalyzeWithProgress(
        {
          data,
          output: `${root}/results`,
          channelNames: synth.channelNames,
          readout: {
            path: join(data, SYNTH_READOUT_FILE),
            column: SYNTH_READOUT_COLUMN,
            features: ["mean_intensity_P-CD3zeta"],
            classes: ["Synapses_with_signaling"],
          },
          ablation: options.ablation,
          // One seed per channel combination keeps `npm start` well under three minutes.
          ablationSeeds: 1,
          workers: options.workers,
          seed: options.seed,
        },
        options.quiet,
      );
      process.stdout.write(`\n${formatAnalyzeSummary(summary)}\n`);
      process.stdout.write(
        `\nOpen ${summary.report} in a browser: it explains the synthetic experiment, its planted truth and how it was recovered.\n`,
      );
    });
}
