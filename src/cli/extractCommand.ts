import type { Command } from "commander";
import { type ExtractSummary, extractToFile } from "../extract/extractToFile.js";
import { parseShard, type Shard } from "../extract/shard.js";
import { type TableFormat, tableFormatOf } from "../io/tableFormat.js";
import { createCounter, createProgress, type Progress } from "./progress.js";
import { parseFraction, parseInteger, UsageError } from "./usageError.js";

const FORMATS: readonly TableFormat[] = ["parquet", "csv", "csv.gz", "h5ad"];

/** `scifai extract DATA -o OUT`: features of every cell, streamed to a table. */
export function registerExtractCommand(program: Command): void {
  program
    .command("extract")
    .description(
      "compute scifAI features of every cell in parallel, streaming rows to a resumable output table",
    )
    .argument("<data>", "dataset root folder (DATA/<experiment>/<donor>/<condition>/*.h5)")
    .requiredOption("-o, --output <file>", "output table: .parquet, .csv, .csv.gz or .h5ad")
    .option("--metadata <file>", "metadata table made by `scifai metadata` (default: scan DATA)")
    .option("--features <list>", "readme, all, or family names separated by commas", "readme")
    .option(
      "--channel-names <names>",
      "marker names replacing Ch1, Ch2, … in column names, separated by commas",
    )
    .option(
      "--workers <n>",
      "worker threads (default: all cores; 0 = main thread)",
      parseInteger("--workers", 0),
    )
    .option("--format <format>", `output format (${FORMATS.join(", ")}); default from the extension`)
    .option(
      "--chunk-size <n>",
      "cells per chunk, the unit of streaming and resuming (default: the power of two whose feature values fit in 32 MiB, at most 4096 for Parquet and 1024 otherwise, never depending on the number of cells)",
      parseInteger("--chunk-size", 1),
    )
    .option(
      "--shard <i/N|auto>",
      "compute only shard i of N (0-based), or read it from SLURM_ARRAY_TASK_ID / JOB_COMPLETION_INDEX; output OUT.shard-i-of-N.ext (or {shard} in OUT)",
    )
    .option("--overwrite", "replace an existing complete output")
    .option("-q, --quiet", "no progress output")
    .option(
      "--progress-every <seconds>",
      "seconds between progress lines when stderr is not a terminal, e.g. a SLURM log (default 5)",
      parseFraction("--progress-every", 0.1, 86_400),
    )
    .action(async (data: string, options: ExtractCommandOptions) => {
      let format: TableFormat;
      try {
        format = options.format ? checkedFormat(options.format) : tableFormatOf(options.output, FORMATS);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      let shard: Shard | undefined;
      try {
        shard = options.shard === undefined ? undefined : parseShard(options.shard);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const channelNames = options.channelNames?.split(",").map((s) => s.trim());
      const display = {
        quiet: options.quiet,
        intervalMs: options.progressEvery === undefined ? undefined : options.progressEvery * 1000,
      };
      // A scan of millions of files takes a while before the first cell: show the count as it grows.
      const scanning = options.metadata
        ? createCounter(`reading ${options.metadata}`, "rows", display)
        : createCounter(`scanning ${data}`, "cells found", display);
      // Made at the first batch, its rate and ETA counted from the end of the scan (its last count).
      let progress = null as Progress | null;
      let scanned = Date.now();
      const started = Date.now();
      let summary: ExtractSummary;
      try {
        summary = await extractToFile({
          data,
          // Read on a thread of its own into a spool file, so that a large table costs no memory per row.
          metadataFile: options.metadata,
          output: options.output,
          format,
          spec: { features: options.features, channelNames },
          workers: options.workers,
          chunkSize: options.chunkSize,
          overwrite: options.overwrite,
          shard,
          onScanProgress: (rows) => {
            scanned = Date.now();
            scanning.update(rows);
          },
          onProgress: (p) => {
            scanning.stop();
            progress ??= createProgress(shard ? `extract shard ${shard.index}/${shard.count}` : "extract", {
              ...display,
              startedAt: scanned,
            });
            progress.update(p.cellsDone, p.cellsTotal, `errors ${p.errors}`);
          },
        });
      } finally {
        // Also on failure, so that an error message starts on a line of its own.
        scanning.stop();
        progress?.stop();
      }
      const seconds = (Date.now() - started) / 1000;
      const resumed =
        summary.resumedFromChunk > 0
          ? ` (resumed at chunk ${summary.resumedFromChunk + 1}/${summary.chunks})`
          : "";
      process.stderr.write(
        `${summary.rows} cells × ${summary.featureColumns.length} features written to ${summary.output} in ${seconds.toFixed(1)} s${resumed}\n` +
          `${summary.errors} cells failed, listed in ${summary.errorsPath}; peak memory ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`,
      );
    });
}

function checkedFormat(value: string): TableFormat {
  if (!(FORMATS as readonly string[]).includes(value))
    throw new Error(`--format must be one of ${FORMATS.join(", ")}, got '${value}'`);
  return value as TableFormat;
}

interface ExtractCommandOptions {
  output: string;
  metadata?: string;
  features: string;
  channelNames?: string;
  workers?: number;
  format?: string;
  chunkSize?: number;
  overwrite?: boolean;
  shard?: string;
  quiet?: boolean;
  progressEvery?: number;
}
