import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { evaluatePredictions } from "../ml/evaluatePredictions.js";
import { formatClassificationReport } from "../ml/metrics/formatClassificationReport.js";

/** `scifai evaluate PREDICTIONS --label-column label`. */
export function registerEvaluateCommand(program: Command): void {
  program
    .command("evaluate")
    .description("the full classification report of predictions against true labels")
    .argument("<predictions>", "predictions table made by 'scifai predict'")
    .option("--label-column <name>", "text column with the true class", "label")
    .option("--json <file>", "also write the report as JSON")
    .action(async (predictions: string, options: { labelColumn: string; json?: string }) => {
      const { report, skipped } = await evaluatePredictions(predictions, options.labelColumn);
      process.stdout.write(`${formatClassificationReport(report)}\n`);
      process.stderr.write(
        `${report.sampleCount} labelled cells evaluated; ${skipped} cells without a usable label left out\n`,
      );
      if (options.json) writeFileSync(options.json, `${JSON.stringify(report, null, 1)}\n`);
    });
}
