import type { Command } from "commander";
import { tableFormatOf } from "../io/tableFormat.js";
import { cleanTableFile } from "../table/cleanTableFile.js";
import { UsageError } from "./usageError.js";

/** `scifai clean IN -o OUT`: fillna(0) and drop constant columns, as scifAI's README recommends. */
export function registerCleanCommand(program: Command): void {
  program
    .command("clean")
    .description(
      "fill missing values with 0 and drop columns that do not vary (constant, ±inf), as pandas' df.std() > 0",
    )
    .argument("<input>", "feature table: .parquet, .csv, .csv.gz or .h5ad")
    .requiredOption("-o, --output <file>", "cleaned table: .parquet, .csv, .csv.gz or .h5ad")
    .option("--overwrite", "replace an existing output")
    .action(async (input: string, options: { output: string; overwrite?: boolean }) => {
      try {
        tableFormatOf(input, ["csv", "csv.gz", "parquet", "h5ad"]);
        tableFormatOf(options.output, ["csv", "csv.gz", "parquet", "h5ad"]);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const summary = await cleanTableFile(input, options.output, { overwrite: options.overwrite });
      const reasons = new Map<string, number>();
      for (const d of summary.dropped) reasons.set(d.reason, (reasons.get(d.reason) ?? 0) + 1);
      const why = [...reasons].map(([reason, count]) => `${count} ${reason}`).join(", ");
      process.stderr.write(
        `${summary.rows} rows: kept ${summary.kept.length} feature columns, dropped ${summary.dropped.length}${why ? ` (${why})` : ""}; ` +
          `dropped columns listed in ${summary.droppedPath}\n`,
      );
    });
}
