import type { Command } from "commander";
import { parseChannelList } from "../dl/cropSettings.js";
import type { ClassifierKind } from "../ml/classifier.js";
import { CLASSIFIER_KINDS, isClassifierKind } from "../ml/models/classifierRegistry.js";
import { type AnalyzeOptions, type AnalyzeSummary, analyzeDataset } from "../workflow/analyze.js";
import { createProgress } from "./progress.js";
import { parseInteger, UsageError } from "./usageError.js";

interface AnalyzeCommandOptions {
  output: string;
  labelColumn: string;
  channelNames?: string;
  control?: string;
  treatment?: string;
  model: string;
  modelOptions?: string;
  select?: string;
  classes?: string;
  differencesClass?: string;
  ablation: boolean;
  embeddingCells: number;
  workers?: number;
  seed: number;
  quiet?: boolean;
  compare: string;
  bootstrap: number;
  entropyThreshold: number;
  entropyCheck: boolean;
  focusPercentiles: string;
  focusCheck: boolean;
  deadChannel: string;
  outlierFeatures?: string;
  readout?: string;
  readoutColumn?: string;
  readoutFeatures?: string;
  readoutClasses?: string;
  readoutModel: string;
  cnn?: string;
  cnnConfig?: string;
  cnnChannels?: string;
  cnnSize?: number;
  cnnClasses?: string;
  cnnScale?: number;
}

/** Splits a comma-separated option into trimmed, non-empty items. */
function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Turns the command's options into `analyzeDataset` options; throws UsageError on bad values. */
export function analyzeOptionsFromCli(data: string, options: AnalyzeCommandOptions): AnalyzeOptions {
  if (!isClassifierKind(options.model))
    throw new UsageError(
      `--model must be one of ${Object.keys(CLASSIFIER_KINDS).join(", ")}, got '${options.model}'`,
    );
  let modelOptions: Record<string, unknown> | undefined;
  try {
    modelOptions = options.modelOptions
      ? (JSON.parse(options.modelOptions) as Record<string, unknown>)
      : undefined;
  } catch {
    throw new UsageError(`--model-options is not valid JSON: ${options.modelOptions}`);
  }
  const select =
    options.select === undefined ? undefined : options.select === "auto" ? "auto" : Number(options.select);
  if (typeof select === "number" && !(Number.isInteger(select) && select >= 1))
    throw new UsageError("--select must be a whole number ≥ 1 or auto");
  const comparisonModels = options.compare === "none" ? [] : (list(options.compare) ?? []);
  for (const kind of comparisonModels)
    if (!isClassifierKind(kind))
      throw new UsageError(`--compare: '${kind}' is not one of ${Object.keys(CLASSIFIER_KINDS).join(", ")}`);
  const cnnOnly = [
    options.cnnConfig,
    options.cnnChannels,
    options.cnnSize,
    options.cnnClasses,
    options.cnnScale,
  ];
  if (!options.cnn && cnnOnly.some((v) => v !== undefined))
    throw new UsageError(
      "--cnn-config, --cnn-channels, --cnn-size, --cnn-classes and --cnn-scale need --cnn",
    );
  let cnn: AnalyzeOptions["cnn"];
  if (options.cnn) {
    let channels: number[] | undefined;
    try {
      channels = options.cnnChannels ? parseChannelList(options.cnnChannels, "--cnn-channels") : undefined;
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    cnn = {
      model: options.cnn,
      configFrom: options.cnnConfig,
      channels,
      size: options.cnnSize,
      classes: list(options.cnnClasses),
      scaling: options.cnnScale !== undefined ? { kind: "divide", factor: options.cnnScale } : undefined,
    };
  }
  const focus = (list(options.focusPercentiles) ?? []).map(Number);
  if (focus.length !== 2 || !(focus[0] >= 0 && focus[0] < focus[1] && focus[1] <= 100))
    throw new UsageError(
      `--focus-percentiles must be two percentiles low,high with 0 ≤ low < high ≤ 100, got '${options.focusPercentiles}'`,
    );
  if (!(options.entropyThreshold > 0))
    throw new UsageError(
      `--entropy-threshold must be a positive number of nats, got ${options.entropyThreshold}`,
    );
  const outlierFeatures = list(options.outlierFeatures);
  const qualityControl: AnalyzeOptions["qualityControl"] = {
    entropy: options.entropyCheck ? { threshold: options.entropyThreshold } : false,
    focus: options.focusCheck ? { lowerPercentile: focus[0], upperPercentile: focus[1] } : false,
    deadCells: { channel: options.deadChannel },
    outliers: outlierFeatures && outlierFeatures.length > 0 ? { features: outlierFeatures } : undefined,
  };
  if (!options.readout && (options.readoutColumn || options.readoutFeatures || options.readoutClasses))
    throw new UsageError("--readout-column, --readout-features and --readout-classes need --readout");
  if (options.readoutModel !== "lasso" && options.readoutModel !== "ridge")
    throw new UsageError(`--readout-model must be lasso or ridge, got '${options.readoutModel}'`);
  const readout: AnalyzeOptions["readout"] = options.readout
    ? {
        path: options.readout,
        column: options.readoutColumn,
        features: list(options.readoutFeatures),
        classes: list(options.readoutClasses),
        model: options.readoutModel,
      }
    : undefined;
  if ((options.control === undefined) !== (options.treatment === undefined))
    throw new UsageError("--control and --treatment go together");
  return {
    data,
    output: options.output,
    labelColumn: options.labelColumn,
    channelNames: list(options.channelNames),
    control: options.control,
    treatment: options.treatment,
    model: options.model,
    modelOptions,
    select,
    frequencyClasses: list(options.classes),
    differencesClass: options.differencesClass,
    ablation: options.ablation,
    embeddingCells: options.embeddingCells,
    workers: options.workers,
    seed: options.seed,
    comparisonModels: comparisonModels as ClassifierKind[],
    bootstrapReplicates: options.bootstrap,
    qualityControl,
    readout,
    cnn,
  };
}

/** One paragraph a user reads at the end of a run: where the report is and what it found. */
export function formatAnalyzeSummary(summary: AnalyzeSummary): string {
  const lines = [
    `report:   ${summary.report}`,
    `results:  ${summary.output} (tables/*.csv, figures/*.svg, explain/index.html, predictions.parquet)`,
    `cells:    ${summary.cells} scanned, ${summary.featureRows} with features, ${summary.failedCells} failed`,
  ];
  const test = summary.model.test;
  if (test)
    lines.push(
      `model:    ${summary.model.kind}, test macro F1 ${test.macro.f1.toFixed(3)}, accuracy ${test.accuracy.toFixed(3)}`,
    );
  for (const row of summary.modelComparison)
    lines.push(
      `compare:  ${row.model.padEnd(5)} macro F1 ${row.macroF1[0].toFixed(3)} (95% CI ${row.macroF1[1].toFixed(3)}–${row.macroF1[2].toFixed(3)}) on ${row.cells} test cells`,
    );
  if (summary.cnn)
    lines.push(
      `CNN:      ${summary.cnn.rows} cells predicted (${summary.cnn.errors} unreadable) in ${summary.cnn.seconds.toFixed(1)} s → cnn_predictions.parquet`,
    );
  lines.push(
    `QC:       ${summary.qc.kept} of ${summary.qc.cells} cells kept after ${summary.qc.steps.filter((s) => s.status === "applied").length} steps`,
  );
  if (summary.comparison) {
    const significant = summary.comparison.rows.filter((r) => r.significant).map((r) => r.className);
    lines.push(
      `classes:  ${summary.comparison.control} vs ${summary.comparison.treatment}: ${significant.length > 0 ? `${significant.join(", ")} change (BH q < ${summary.comparison.alpha})` : "no class changes significantly"}`,
    );
  }
  if (summary.plantedTruth)
    lines.push(
      `truth:    planted changes ${summary.plantedTruth.recovered ? "recovered" : "NOT recovered"} (${summary.plantedTruth.truePositives} changed classes found, ${summary.plantedTruth.falseNegatives} missed, ${summary.plantedTruth.falsePositives} false positives, ${summary.plantedTruth.wrongDirection} in the wrong direction)`,
    );
  if (summary.differences)
    lines.push(
      `features: ${summary.differences.className}: ${summary.differences.significantUp} up, ${summary.differences.significantDown} down of ${summary.differences.testCount} donor × feature tests`,
    );
  if (summary.readout)
    lines.push(
      `readout:  ${summary.readout.samples} samples, held-out Spearman ρ ${summary.readout.spearman.toFixed(2)}, R² ${summary.readout.r2.toFixed(2)}`,
    );
  lines.push(`time:     ${summary.seconds.toFixed(1)} s`);
  return lines.join("\n");
}

/** `scifai analyze DATA -o RESULTS`: the whole flow from cell files to one report. */
export function registerAnalyzeCommand(program: Command): void {
  program
    .command("analyze")
    .description(
      "the whole flow in one command: scan, extract, clean, train, explain, predict, QC, class frequencies with statistics, feature differences, embeddings and one HTML report",
    )
    .argument("<data>", "dataset folder DATA/<experiment>/<donor>/<condition>/*.h5 (or .cif files)")
    .requiredOption("-o, --output <dir>", "results folder (created; earlier results are replaced)")
    .option("--label-column <name>", "text column with the class of labelled cells", "label")
    .option(
      "--channel-names <list>",
      "marker of each channel in order, e.g. BF,F-Actin,MHCII,CD3,P-CD3zeta (names features and enables channel importance)",
    )
    .option("--control <condition>", "control condition of the comparisons (default -SEA, else the first)")
    .option("--treatment <condition>", "treatment condition (default +SEA, else the second)")
    .option("--model <kind>", `classifier: ${Object.keys(CLASSIFIER_KINDS).join(", ")}`, "gbdt")
    .option("--model-options <json>", "hyper-parameters as JSON, e.g. '{\"nEstimators\": 100}'")
    .option("--select <k|auto>", "AutoFeatureSelection: keep k features, or choose k on the validation set")
    .option(
      "--classes <list>",
      "classes counted in frequencies (default: every predicted class but Multiplets and No_cell_cell_interaction)",
    )
    .option(
      "--differences-class <name>",
      "class whose features are compared between conditions (default Synapses_with_signaling)",
    )
    .option(
      "--compare <list>",
      "comparison models trained on the same split for the comparison table, or 'none'",
      "lr,rf",
    )
    .option(
      "--bootstrap <n>",
      "bootstrap resamples of the comparison's confidence intervals",
      parseInteger("--bootstrap", 10),
      1000,
    )
    .option("--cnn <model.onnx>", "also run a CNN (ONNX) on every cell: predictions, occlusion, comparison")
    .option(
      "--cnn-config <crops.h5>",
      "take the CNN's channels, size, scaling and classes from its crops file",
    )
    .option("--cnn-channels <list>", "0-based channels fed to the CNN (default: 0…C−1)")
    .option("--cnn-size <n>", "CNN crop side in pixels (default: the model's)", parseInteger("--cnn-size", 1))
    .option("--cnn-classes <list>", "names of the CNN's outputs in order (default: the classifier's classes)")
    .option(
      "--cnn-scale <factor>",
      "divide pixels by this factor for the CNN (default 4095, as scifAI)",
      parseInteger("--cnn-scale", 1),
    )
    .option(
      "--entropy-threshold <nats>",
      "QC: flag cells whose prediction entropy is at least this",
      parseFloat,
      1.2,
    )
    .option("--no-entropy-check", "QC: skip the prediction-entropy step")
    .option(
      "--focus-percentiles <low,high>",
      "QC: flag bright-field gradient RMS outside these percentiles, per experiment (the study's)",
      "2,90",
    )
    .option("--no-focus-check", "QC: skip the out-of-focus step")
    .option(
      "--dead-channel <name>",
      "QC: marker of the live/dead stain (step runs when present)",
      "Live-Dead",
    )
    .option(
      "--outlier-features <list>",
      "QC: features of the robust outlier detector, run within each predicted class (off by default)",
    )
    .option(
      "--readout <file>",
      "per-sample readout (experiment, donor, condition, value) to regress on class frequencies, leaving one donor out",
    )
    .option("--readout-column <name>", "value column of the readout table (default: its only numeric column)")
    .option(
      "--readout-features <list>",
      "features whose 5th/50th/95th percentiles per sample are also predictors",
    )
    .option(
      "--readout-classes <list>",
      "cells the percentiles are computed on (default: all quality-passing cells)",
    )
    .option("--readout-model <kind>", "lasso or ridge", "lasso")
    .option("--no-ablation", "skip the channel-combination ablation (one model fit per combination)")
    .option(
      "--embedding-cells <n>",
      "cells sampled for PCA and UMAP",
      parseInteger("--embedding-cells", 10),
      3000,
    )
    .option("--workers <n>", "worker threads (default: one per core)", parseInteger("--workers", 1))
    .option("--seed <n>", "seed of the split, model, sampling and UMAP", parseInteger("--seed"), 0)
    .option("-q, --quiet", "no progress output")
    .action(async (data: string, options: AnalyzeCommandOptions) => {
      const analyzeOptions = analyzeOptionsFromCli(data, options);
      const summary = await runAnalyzeWithProgress(analyzeOptions, options.quiet);
      process.stdout.write(`${formatAnalyzeSummary(summary)}\n`);
    });
}

/** Runs `analyzeDataset` with step lines and an extraction progress bar on stderr. */
export async function runAnalyzeWithProgress(
  options: AnalyzeOptions,
  quiet?: boolean,
): Promise<AnalyzeSummary> {
  const started = performance.now();
  const progress = createProgress("extract", { quiet });
  let extracting = false;
  return analyzeDataset({
    ...options,
    onStep: (message) => {
      if (extracting) {
        progress.stop();
        extracting = false;
      }
      if (!quiet)
        process.stderr.write(
          `analyze [${((performance.now() - started) / 1000).toFixed(1)} s]: ${message}\n`,
        );
    },
    onExtractProgress: (done, total) => {
      extracting = true;
      progress.update(done, total);
    },
  });
}
