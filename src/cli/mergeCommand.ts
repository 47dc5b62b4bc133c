import type { Command } from "commander";
import { mergeShards } from "../extract/mergeShards.js";

/** `scifai merge SHARD_OUTPUTS… -o OUT`: joins shard outputs into the single-machine result. */
export function registerMergeCommand(program: Command): void {
  program
    .command("merge")
    .description(
      "join the outputs of 'scifai extract --shard' into the table and error file of a single-machine run",
    )
    .argument("<shards...>", "shard outputs (any order), e.g. features.shard-*.parquet")
    .requiredOption("-o, --output <file>", "merged table (same format as the shards)")
    .option("--overwrite", "replace an existing output")
    .action(async (shards: string[], options: { output: string; overwrite?: boolean }) => {
      const summary = await mergeShards(shards, options.output, { overwrite: options.overwrite });
      process.stderr.write(
        `${summary.shards} shards merged: ${summary.rows} rows written to ${summary.output}; ${summary.errors} failed cells listed in ${summary.errorsPath}\n`,
      );
    });
}
