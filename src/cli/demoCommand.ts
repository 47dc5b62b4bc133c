import { resolve } from "node:path";
import type { Command } from "commander";
import { metadataGenerator } from "../io/metadata.js";
import { writeMetadata } from "../io/metadataFile.js";
import { formatMetadataSummary, summariseMetadata } from "../io/metadataSummary.js";
import { writeSyntheticDataset } from "../synth/syntheticDataset.js";
import { createProgress } from "./progress.js";
import { parseInteger } from "./usageError.js";

/** `scifai demo`: the end-to-end job `npm start` runs on generated data. */
export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description("generate a synthetic dataset, scan it and summarise it (what `npm start` runs)")
    .option("-o, --output <dir>", "folder for the demo's data and results", "demo-output")
    .option("--cells <n>", "number of synthetic cells", parseInteger("--cells", 1), 1200)
    .option("--seed <n>", "random seed", parseInteger("--seed"), 0)
    .option("-q, --quiet", "no progress output")
    .action(async (options: { output: string; cells: number; seed: number; quiet?: boolean }) => {
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
    });
}
