import type { Command } from "commander";
import { channelAblation } from "../explain/channelAblation.js";
import { writeExplanationReport } from "../explain/explanationReport.js";
import { openTable } from "../io/tableReader.js";
import { loadLabeledDataset } from "../ml/labeledDataset.js";
import { TrainedModel } from "../ml/modelFile.js";
import { writeExplanationPage } from "../report/explainPage.js";
import { parseInteger, UsageError } from "./usageError.js";

/** `scifai explain FEATURES --model model.json -o DIR`. */
export function registerExplainCommand(program: Command): void {
  program
    .command("explain")
    .description(
      "explain a model on a feature table: SHAP values, importances, channel importance, plots and an index.html",
    )
    .argument("<features>", "feature table (.parquet, .csv, .csv.gz, .h5ad)")
    .requiredOption("--model <file>", "model file made by 'scifai train'")
    .requiredOption("-o, --output <dir>", "output folder")
    .option(
      "--channel-names <names>",
      "marker names of the channels, in order, separated by commas (enables per-channel importance)",
    )
    .option(
      "--max-rows <n>",
      "explain at most n cells (a seeded sample)",
      parseInteger("--max-rows", 1),
      20000,
    )
    .option("--label-column <name>", "text column with true labels", "label")
    .option("--no-permutation", "skip permutation importance")
    .option("--ablation", "retrain on every channel combination (BF always included) and chart macro F1")
    .option(
      "--ablation-seeds <n>",
      "repetitions of the channel ablation",
      parseInteger("--ablation-seeds", 1),
      3,
    )
    .option(
      "--ablation-trees <n>",
      "trees per GBDT fit in the ablation",
      parseInteger("--ablation-trees", 1),
      50,
    )
    .option("--seed <n>", "seed of the samples", parseInteger("--seed"), 0)
    .option("-q, --quiet", "no progress output")
    .action(async (features: string, options: ExplainCommandOptions) => {
      const channelNames = options.channelNames?.split(",").map((s) => s.trim());
      if (options.ablation && !channelNames) throw new UsageError("--ablation needs --channel-names");
      const log = (message: string) => {
        if (!options.quiet) process.stderr.write(`explain: ${message}\n`);
      };
      const model = TrainedModel.load(options.model);
      const reader = await openTable(features);
      const featureAt = model.featureIndices(reader.columns.numeric, features);
      const labelAt = reader.columns.text.indexOf(options.labelColumn);
      const width = featureAt.length;
      const values: number[] = [];
      const metadata = new Map<string, string[]>(reader.columns.text.map((name) => [name, []]));
      const labels: string[] = [];
      for await (const batch of reader.batches()) {
        for (let r = 0; r < batch.rowCount; r++) {
          for (const at of featureAt) values.push(batch.numeric[at][r]);
          reader.columns.text.forEach((name, c) => {
            metadata.get(name)!.push(batch.text[c][r]);
          });
          labels.push(labelAt >= 0 ? batch.text[labelAt][r] : "");
        }
      }
      reader.close();
      const rows = labels.length;
      log(`${rows} cells, ${width} model features`);
      let ablation: ReturnType<typeof channelAblation> | undefined;
      if (options.ablation && channelNames) {
        log("channel ablation: retraining on every channel combination");
        const dataset = await loadLabeledDataset(features, {
          labelColumn: options.labelColumn,
          classes: model.file.classes,
          features: model.file.featureNames,
        });
        ablation = channelAblation(dataset, {
          channelNames,
          model: model.file.model.kind,
          nEstimators: options.ablationTrees,
          seeds: Array.from({ length: options.ablationSeeds }, (_, i) => options.seed + i),
        });
      }
      const manifest = writeExplanationReport(
        model,
        { X: { data: Float64Array.from(values), rows, cols: width }, metadata, labels },
        {
          outputDir: options.output,
          channelNames,
          maxRows: options.maxRows,
          permutation: options.permutation ? undefined : false,
          ablation,
          seed: options.seed,
          onStep: log,
        },
      );
      const page = writeExplanationPage(manifest, options.model);
      process.stderr.write(`${manifest.files.length} files written to ${options.output}; open ${page}\n`);
    });
}

interface ExplainCommandOptions {
  model: string;
  output: string;
  channelNames?: string;
  maxRows: number;
  labelColumn: string;
  permutation: boolean;
  ablation?: boolean;
  ablationSeeds: number;
  ablationTrees: number;
  seed: number;
  quiet?: boolean;
}
