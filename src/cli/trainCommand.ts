import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { loadLabeledDataset, readLabelSidecar } from "../ml/labeledDataset.js";
import { formatClassificationReport } from "../ml/metrics/formatClassificationReport.js";
import { CLASSIFIER_KINDS, isClassifierKind } from "../ml/models/classifierRegistry.js";
import type { ScalerKind } from "../ml/preprocessing/scaler.js";
import { trainClassifier } from "../ml/training.js";
import { parseFraction, parseInteger, UsageError } from "./usageError.js";

/** `scifai train FEATURES -o model.json`: the paper's honest training and evaluation. */
export function registerTrainCommand(program: Command): void {
  program
    .command("train")
    .description(
      "train a classifier on the labelled cells of a feature table and report validation and test metrics",
    )
    .argument("<features>", "feature table (.parquet, .csv, .csv.gz, .h5ad) with metadata columns")
    .requiredOption("-o, --output <file>", "model file (.json)")
    .option("--label-column <name>", "text column with the class", "label")
    .option(
      "--labels <file>",
      "label sidecar CSV (file, object_number, label, …; e.g. RESULTS/labels.sidecar.csv from scifai serve) whose labels replace or add to the label column",
    )
    .option("--classes <list>", "classes to use, separated by commas (default: every label present)")
    .option("--model <kind>", `classifier: ${Object.keys(CLASSIFIER_KINDS).join(", ")}`, "gbdt")
    .option(
      "--model-options <json>",
      'hyper-parameters as JSON, e.g. \'{"nEstimators": 100, "maxDepth": 6}\'',
    )
    .option("--scaler <kind>", "standard, minmax, robust or none", "standard")
    .option("--select <k|auto>", "AutoFeatureSelection: keep k features, or choose k on the validation set")
    .option(
      "--test-size <f>",
      "test fraction of all labelled rows",
      parseFraction("--test-size", 0, 0.95),
      0.3,
    )
    .option(
      "--validation-size <f>",
      "validation fraction of the rest",
      parseFraction("--validation-size", 0, 0.95),
      0.2,
    )
    .option(
      "--stratify <columns>",
      "text columns forming the stratification key (default label,experiment,donor)",
    )
    .option("--seed <n>", "seed of the split, the model and the selection", parseInteger("--seed"), 0)
    .option("--report <file>", "also write the validation and test reports as JSON")
    .option("-q, --quiet", "no progress output")
    .action(async (features: string, options: TrainCommandOptions) => {
      if (!isClassifierKind(options.model))
        throw new UsageError(
          `--model must be one of ${Object.keys(CLASSIFIER_KINDS).join(", ")}, got '${options.model}'`,
        );
      if (!["standard", "minmax", "robust", "none"].includes(options.scaler))
        throw new UsageError(`--scaler must be standard, minmax, robust or none`);
      let modelOptions: Record<string, unknown> | undefined;
      try {
        modelOptions = options.modelOptions
          ? (JSON.parse(options.modelOptions) as Record<string, unknown>)
          : undefined;
      } catch {
        throw new UsageError(`--model-options is not valid JSON: ${options.modelOptions}`);
      }
      const select =
        options.select === undefined
          ? undefined
          : options.select === "auto"
            ? "auto"
            : Number(options.select);
      if (typeof select === "number" && !(Number.isInteger(select) && select >= 1))
        throw new UsageError(`--select must be a whole number ≥ 1 or auto`);
      const log = (message: string) => {
        if (!options.quiet) process.stderr.write(`train: ${message}\n`);
      };
      const labelOverrides = options.labels ? readLabelSidecar(options.labels) : undefined;
      if (labelOverrides) log(`${labelOverrides.size} labels from ${options.labels}`);
      const dataset = await loadLabeledDataset(features, {
        labelColumn: options.labelColumn,
        labelOverrides,
        classes: options.classes?.split(",").map((c) => c.trim()),
      });
      log(
        `${dataset.X.rows} labelled cells, ${dataset.featureNames.length} features, ${dataset.classes.length} classes`,
      );
      const result = trainClassifier(dataset, {
        model: options.model,
        modelOptions,
        scaler: options.scaler as ScalerKind | "none",
        select,
        testSize: options.testSize,
        validationSize: options.validationSize,
        stratifyBy: options.stratify?.split(",").map((c) => c.trim()),
        seed: options.seed,
        labelColumn: options.labelColumn,
        source: features,
        onStep: log,
      });
      result.model.save(options.output);
      const sections: string[] = [];
      if (result.validation)
        sections.push(
          `Validation (model fitted on train):\n${formatClassificationReport(result.validation)}`,
        );
      if (result.test)
        sections.push(
          `Test (final model fitted on train + validation):\n${formatClassificationReport(result.test)}`,
        );
      process.stdout.write(`${sections.join("\n\n")}\n`);
      if (options.report)
        writeFileSync(
          options.report,
          `${JSON.stringify({ validation: result.validation, test: result.test }, null, 1)}\n`,
        );
      log(
        `model written to ${options.output} (${result.model.file.featureNames.length} features, ${result.model.file.training.seconds.toFixed(1)} s)`,
      );
    });
}

interface TrainCommandOptions {
  output: string;
  labelColumn: string;
  labels?: string;
  classes?: string;
  model: string;
  modelOptions?: string;
  scaler: string;
  select?: string;
  testSize: number;
  validationSize: number;
  stratify?: string;
  seed: number;
  report?: string;
  quiet?: boolean;
}
