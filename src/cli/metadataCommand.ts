import type { Command } from "commander";
import { metadataGenerator } from "../io/metadata.js";
import { writeMetadata } from "../io/metadataFile.js";
import { tableFormatOf } from "../io/tableFormat.js";
import { writeTextTable } from "../io/textTable.js";
import { createProgress } from "./progress.js";
import { parseInteger, UsageError } from "./usageError.js";

/** `scifai metadata DATA -o FILE`: scans a dataset into a metadata table. */
export function registerMetadataCommand(program: Command): void {
  program
    .command("metadata")
    .description(
      "scan DATA/<experiment>/<donor>/<condition>/*.h5 into a metadata table (like scifAI's metadata_generator)",
    )
    .argument("<data>", "dataset root folder")
    .requiredOption("-o, --output <file>", "output table: .csv, .csv.gz or .parquet")
    .option(
      "--sample-size <n>",
      "keep at most n cells per experiment/donor/condition folder",
      parseInteger("--sample-size", 1),
    )
    .option("--seed <n>", "seed of the sampling", parseInteger("--seed"), 0)
    .option("--workers <n>", "threads reading labels (default: all cores)", parseInteger("--workers", 1))
    .option("-q, --quiet", "no progress output")
    .action(async (data: string, options: MetadataCommandOptions) => {
      try {
        tableFormatOf(options.output);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const progress = createProgress("scanning", { quiet: options.quiet });
      const metadata = await metadataGenerator(data, {
        sampleSize: options.sampleSize,
        seed: options.seed,
        workers: options.workers,
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.stop();
      await writeMetadata(options.output, metadata);
      if (metadata.misplaced.length > 0) {
        const shown = metadata.misplaced.slice(0, 10).join(", ");
        const more = metadata.misplaced.length > 10 ? ` and ${metadata.misplaced.length - 10} more` : "";
        process.stderr.write(
          `warning: skipped ${plural(metadata.misplaced.length, "entry", "entries")} outside the DATA/<experiment>/<donor>/<condition>/*.h5 layout: ${shown}${more}\n`,
        );
      }
      if (metadata.errors.length > 0) {
        const errorsPath = `${options.output}.errors.csv`;
        await writeTextTable(errorsPath, {
          columns: ["file", "stage", "reason"],
          rows: metadata.errors.map((e) => [e.file, "metadata", e.reason]),
        });
        process.stderr.write(
          `warning: ${plural(metadata.errors.length, "unreadable file", "unreadable files")} (set 'unreadable'), listed in ${errorsPath}\n`,
        );
      }
      const labeled = metadata.rows.filter((r) => r.set === "labeled").length;
      process.stderr.write(
        `${metadata.rows.length} cells (${labeled} labelled) written to ${options.output}\n`,
      );
    });
}

interface MetadataCommandOptions {
  output: string;
  sampleSize?: number;
  seed: number;
  workers?: number;
  quiet?: boolean;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
