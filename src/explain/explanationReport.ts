import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { csvFloat, csvText } from "../io/csvFormat.js";
import {
  type ParquetColumn,
  type ParquetColumnData,
  ParquetStreamWriter,
} from "../io/parquet/parquetWriter.js";
import type { ClassifierKind } from "../ml/classifier.js";
import { type Matrix, takeRows } from "../ml/matrix.js";
import { confusionMatrix } from "../ml/metrics/confusionMatrix.js";
import type { TrainedModel } from "../ml/modelFile.js";
import type { GbdtClassifier } from "../ml/models/gbdtClassifier.js";
import { barChart } from "../report/svg/barChart.js";
import { groupedPointChart } from "../report/svg/groupedPointChart.js";
import { heatmap } from "../report/svg/heatmap.js";
import { formatNumber } from "../report/svg/numberFormat.js";
import { shapSummaryPlot } from "../report/svg/shapSummaryPlot.js";
import { waterfallPlot } from "../report/svg/waterfallPlot.js";
import { createRandom } from "../util/random.js";
import { type CellExplanation, classTypicalValues, explainCell } from "./cellExplanation.js";
import { ablationPoints, type ChannelAblationResult } from "./channelAblation.js";
import { type ChannelShares, importanceByChannel, shapByChannel } from "./channelImportance.js";
import { featureChannelsOf } from "./featureChannels.js";
import { type MeanAbsoluteShap, MeanAbsoluteShapAccumulator } from "./globalImportance.js";
import {
  type PermutationImportanceOptions,
  type PermutationImportanceResult,
  permutationImportance,
  trainedModelPredictor,
} from "./permutationImportance.js";
import type { ResampleRanking } from "./resampledImportanceRanks.js";
import {
  additivityError,
  preparedColumnMeans,
  ShapExplainer,
  type ShapMethod,
  type ShapOutputSpace,
  type ShapResult,
} from "./shapValues.js";
import { normalizeImportances, TREE_IMPORTANCE_TYPES, treeImportanceTable } from "./treeImportance.js";

/** The cells to explain. */
export interface ExplanationData {
  /** Raw feature rows in the model's feature order (see `TrainedModel.featureIndices`). */
  X: Matrix;
  /** Text columns carried into the SHAP tables (e.g. file, experiment, donor, condition). */
  metadata?: ReadonlyMap<string, readonly string[]>;
  /** True class per row; null, "" or a name outside the model's classes = unlabelled. */
  labels?: readonly (string | null)[];
}

/** Options of {@link writeExplanationReport}. */
export interface ExplanationReportOptions {
  /** Folder to write into (created when missing; files of the same names are replaced). */
  outputDir: string;
  /** One marker name per channel: enables the per-channel table and chart. */
  channelNames?: readonly string[];
  /** Explain at most this many rows (a seeded sample, kept in row order); default all. */
  maxRows?: number;
  /** Also write shap_values_all_classes.parquet (one row per cell and class). */
  allClasses?: boolean;
  /**
   * Permutation importance on the labelled rows (default: macro F1, 5 repeats, at most 5,000
   * rows); false skips it. Needs labels of at least two classes.
   */
  permutation?: PermutationImportanceOptions | false;
  /** A channel ablation already run ({@link channelAblation}), drawn as channel_ablation.svg. */
  ablation?: ChannelAblationResult;
  /** A resampled ranking already run, written as importance_resampled_ranks.csv. */
  resampleRanking?: ResampleRanking;
  /** Linear models: background rows (raw) for the SHAP reference point; default the explained rows. */
  background?: Matrix;
  /** Features in the summary and bar charts (default 20). */
  topFeatures?: number;
  /** Features listed in each waterfall (default 10). */
  waterfallFeatures?: number;
  /** Cells drawn in the beeswarm summaries (default 1,000). */
  maxPlotRows?: number;
  /** Seed of the samples (default 0). */
  seed?: number;
  /** Rows explained per block; bounds memory (default 2,048). */
  blockRows?: number;
  /** Progress messages. */
  onStep?: (message: string) => void;
}

/** One written file, with what an HTML page needs to show it. */
export interface ReportFile {
  /** File name inside the output folder. */
  file: string;
  kind: "table" | "figure";
  title: string;
  caption: string;
}

/** What {@link writeExplanationReport} wrote (also saved as explanation_manifest.json). */
export interface ExplanationManifest {
  outputDir: string;
  files: ReportFile[];
  model: ClassifierKind;
  classes: string[];
  featureCount: number;
  rows: { total: number; explained: number; labelled: number };
  /** null when the model has no SHAP values (random forests). */
  shapMethod: ShapMethod | null;
  outputSpace: ShapOutputSpace | null;
  /** Largest |bias + Σ SHAP − margin| over the explained rows and classes. */
  additivityMaxError: number | null;
  /** Caveats worth showing next to the results. */
  notes: string[];
  seconds: number;
}

const MANIFEST_FILE = "explanation_manifest.json";

/**
 * Writes the explanation of a trained model on a feature matrix into `outputDir`:
 * shap_values.parquet (per explained cell: metadata, predicted class and probability, label, the
 * predicted class's SHAP bias and one `shap_<feature>` column per feature), optionally
 * shap_values_all_classes.parquet (one row per cell and class), importance_mean_abs_shap.csv,
 * importance_gain_cover.csv (gbdt), importance_permutation.csv (labelled rows),
 * importance_channels.csv (with channel names), importance_resampled_ranks.csv (when given),
 * and the SVG charts: shap_summary_<class>.svg, shap_bar.svg, waterfall_<row>.svg (the most
 * confident explained cell of each predicted class), confusion_matrix.svg (labels),
 * importance_permutation.svg, channel_importance.svg, channel_ablation.svg (when given).
 * SHAP values are computed block by block, so memory stays bounded by `blockRows`. Returns the
 * manifest; throws on shape mismatches before writing anything.
 */
export function writeExplanationReport(
  model: TrainedModel,
  data: ExplanationData,
  options: ExplanationReportOptions,
): ExplanationManifest {
  const started = performance.now();
  const step = options.onStep ?? (() => {});
  const { X } = data;
  const { classes, featureNames } = model.file;
  const classCount = classes.length;
  const featureCount = featureNames.length;
  if (X.cols !== featureCount)
    throw new RangeError(`the model reads ${featureCount} features, X has ${X.cols}`);
  for (const [name, values] of data.metadata ?? [])
    if (values.length !== X.rows)
      throw new RangeError(`metadata column ${name} has ${values.length} rows, X ${X.rows}`);
  if (data.labels && data.labels.length !== X.rows)
    throw new RangeError(`${data.labels.length} labels for ${X.rows} rows`);
  const channelNames = options.channelNames ? [...options.channelNames] : null;
  const channelsOfFeature = channelNames ? featureChannelsOf(featureNames, channelNames) : null;
  const seed = options.seed ?? 0;
  const topFeatures = options.topFeatures ?? 20;
  const blockRows = Math.max(1, options.blockRows ?? 2048);
  const outputDir = options.outputDir;
  mkdirSync(outputDir, { recursive: true });

  const files: ReportFile[] = [];
  const notes: string[] = [];
  const fileNames = new UniqueFileNames();
  const writeText = (
    file: string,
    text: string,
    kind: ReportFile["kind"],
    title: string,
    caption: string,
  ) => {
    writeFileSync(join(outputDir, file), text);
    files.push({ file, kind, title, caption });
  };

  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const y = Int32Array.from(data.labels ?? [], (label) => (label ? (classIndex.get(label) ?? -1) : -1));
  const labelledRows: number[] = [];
  for (let r = 0; r < y.length; r++) if (y[r] >= 0) labelledRows.push(r);
  const rowId = (r: number) => data.metadata?.get("file")?.[r] ?? `row ${r}`;

  step(`predicting ${X.rows} rows`);
  const probabilities = predictInBlocks(model, X, blockRows);
  const predicted = new Int32Array(X.rows);
  for (let r = 0; r < X.rows; r++) {
    let best = 0;
    for (let k = 1; k < classCount; k++)
      if (probabilities[r * classCount + k] > probabilities[r * classCount + best]) best = k;
    predicted[r] = best;
  }

  const explained =
    options.maxRows !== undefined && options.maxRows < X.rows
      ? createRandom(seed).sampleIndices(X.rows, Math.max(0, options.maxRows)).sort()
      : Uint32Array.from({ length: X.rows }, (_, i) => i);

  // SHAP values, block by block.
  let explainer: ShapExplainer | null = null;
  try {
    const linear = ["lr", "svm", "lda"].includes(model.classifier.kind);
    explainer = new ShapExplainer(
      model,
      linear
        ? { backgroundMean: preparedColumnMeans(model, options.background ?? takeRows(X, explained)) }
        : {},
    );
  } catch (error) {
    notes.push(`No SHAP values: ${(error as Error).message}.`);
  }
  let means: MeanAbsoluteShap | null = null;
  let additivityMaxError: number | null = null;
  const examples = new Map<number, CellExplanation>();
  if (explainer && explained.length > 0) {
    const plotPositions = createRandom(seed + 1)
      .sampleIndices(explained.length, Math.min(explained.length, options.maxPlotRows ?? 1000))
      .sort();
    const exampleRows = exampleRowsOf(explained, predicted, probabilities, classCount);
    const result = explainRows(model, explainer, X, data, options, {
      explained,
      predicted,
      probabilities,
      y,
      plotPositions,
      exampleRows,
      blockRows,
      step,
    });
    means = result.means;
    additivityMaxError = result.additivityMaxError;
    files.push(...result.files);

    // Typical values: medians per class over the labelled rows, else over the rows predicted as the class.
    const reference = labelledRows.length > 0 ? y : predicted;
    const typical = classTypicalValues(X, reference, classCount);
    const typicalSource =
      labelledRows.length > 0 ? "labelled cells of the class" : "cells predicted as the class";
    const outputSpace = explainer.outputSpace;
    for (const [row, shap] of result.exampleShap) {
      const explanation = explainCell(
        shap,
        0,
        probabilities.subarray(row * classCount, (row + 1) * classCount),
        X.data.subarray(row * featureCount, (row + 1) * featureCount),
        typical,
        { topN: options.waterfallFeatures ?? 10 },
      );
      examples.set(row, explanation);
      const file = fileNames.take(`waterfall_${row}.svg`);
      const title = `Cell ${rowId(row)}: ${explanation.className}`;
      writeText(
        file,
        waterfallPlot(explanation.waterfall, {
          title,
          subtitle: `p = ${formatNumber(explanation.probability)}; ${outputSpace}`,
          maxFeatures: options.waterfallFeatures ?? 10,
          xLabel: `Model output (${outputSpace})`,
          // Labels carry "name = value (typical value)": room for them.
          width: 900,
          maxLabelWidth: 440,
        }),
        "figure",
        title,
        `Why the model called this cell ${explanation.className} (the most confident explained cell of that ` +
          `class): from the expected output E[f(x)] = ${formatNumber(explanation.bias)} each feature's SHAP value ` +
          `moves the output to f(x) = ${formatNumber(explanation.output)}. Values in brackets are the class's ` +
          `typical value (median over ${typicalSource}); a missing value (NaN) enters the model as ` +
          `${formatNumber(model.file.preprocessing.fillValue)}.`,
      );
    }

    const summaryCaption =
      `Each point is a cell (up to ${formatNumber(plotPositions.length)} drawn); its position is the feature's SHAP ` +
      `value for the class (${outputSpace}), its colour the feature's value. Features by mean |SHAP|.`;
    classes.forEach((name, k) => {
      const file = fileNames.take(`shap_summary_${safeFileName(name)}.svg`);
      const title = `SHAP summary: ${name}`;
      writeText(
        file,
        shapSummaryPlot(
          {
            featureNames,
            shapValues: { data: result.plotShap[k], rows: plotPositions.length, cols: featureCount },
            featureValues: { data: result.plotValues, rows: plotPositions.length, cols: featureCount },
          },
          { title, maxFeatures: topFeatures, seed, xLabel: `SHAP value (${outputSpace})` },
        ),
        "figure",
        title,
        summaryCaption,
      );
    });
    const barFile = fileNames.take("shap_bar.svg");
    writeText(
      barFile,
      barChart(
        {
          labels: featureNames,
          series: classes.map((name, k) => ({
            name,
            values: means!.perClass.subarray(k * featureCount, (k + 1) * featureCount),
          })),
        },
        {
          title: "Mean |SHAP| per feature and class",
          mode: "stacked",
          maxBars: topFeatures,
          xLabel: `mean |SHAP value| (${outputSpace})`,
          legendTitle: "Class",
        },
      ),
      "figure",
      "Mean |SHAP| per feature and class",
      `Bars stack each class's mean |SHAP| over ${formatNumber(means.rows)} explained cells; the top ${topFeatures} features by their sum.`,
    );
    writeText(
      fileNames.take("importance_mean_abs_shap.csv"),
      meanAbsShapCsv(means, channelsOfFeature, channelNames),
      "table",
      "Mean |SHAP| per feature",
      `Mean |SHAP value| (${outputSpace}) over ${formatNumber(means.rows)} explained cells, per class and averaged over classes, by decreasing average.`,
    );
  }

  // Gain and cover of the trees.
  let gainShares: ChannelShares | null = null;
  if (model.classifier.kind === "gbdt") {
    const table = treeImportanceTable((model.classifier as GbdtClassifier).fitted().ensemble);
    const header = ["rank", "feature", ...TREE_IMPORTANCE_TYPES, "gain_share"];
    const share = normalizeImportances(table.gain);
    const order = descendingOrder(table.gain);
    const lines = [header.join(",")];
    order.forEach((j, i) => {
      lines.push(
        [
          String(i + 1),
          csvText(featureNames[j]),
          ...TREE_IMPORTANCE_TYPES.map((t) => csvFloat(table[t][j])),
          csvFloat(share[j]),
        ].join(","),
      );
    });
    writeText(
      fileNames.take("importance_gain_cover.csv"),
      `${lines.join("\n")}\n`,
      "table",
      "Split importances of the trees",
      "XGBoost's get_score: weight = splits on the feature, gain / cover = mean loss reduction / hessian cover per " +
        "split, total_gain / total_cover = their sums; gain_share = gain / Σ gain (XGBClassifier.feature_importances_). " +
        "Features never split on have 0.",
    );
    if (channelNames) gainShares = importanceByChannel(table.total_gain, featureNames, channelNames);
  }

  // Confusion matrix and permutation importance need labels.
  let permutation: PermutationImportanceResult | null = null;
  if (labelledRows.length > 0) {
    const yTrue = Int32Array.from(labelledRows, (r) => y[r]);
    const yPred = Int32Array.from(labelledRows, (r) => predicted[r]);
    const matrix = confusionMatrix(yTrue, yPred, classCount);
    writeText(
      fileNames.take("confusion_matrix.svg"),
      heatmap(
        { rowLabels: classes, columnLabels: classes, values: matrix.counts },
        { title: "Confusion matrix" },
      ),
      "figure",
      "Confusion matrix",
      `True class (rows) against predicted class (columns) over the ${formatNumber(labelledRows.length)} labelled ` +
        "cells given; if these include training cells the matrix is optimistic.",
    );
    const presentClasses = new Set(yTrue).size;
    if (options.permutation !== false && presentClasses >= 2) {
      const settings: PermutationImportanceOptions = {
        metric: "macro_f1",
        nRepeats: 5,
        maxSamples: 5000,
        seed,
        ...(options.permutation || {}),
      };
      step(
        `permutation importance on ${Math.min(labelledRows.length, settings.maxSamples ?? Infinity)} labelled rows`,
      );
      permutation = permutationImportance(
        trainedModelPredictor(model),
        takeRows(X, labelledRows),
        yTrue,
        settings,
      );
      const order = descendingOrder(permutation.importancesMean);
      const repeats = permutation.nRepeats;
      const header = [
        "rank",
        "feature",
        "importance_mean",
        "importance_std",
        ...Array.from({ length: repeats }, (_, i) => `importance_repeat_${i + 1}`),
      ];
      const lines = [header.join(",")];
      order.forEach((j, i) => {
        const values = permutation!.importances.subarray(j * repeats, (j + 1) * repeats);
        lines.push(
          [
            String(i + 1),
            csvText(featureNames[j]),
            csvFloat(permutation!.importancesMean[j]),
            csvFloat(permutation!.importancesStd[j]),
            ...Array.from(values, csvFloat),
          ].join(","),
        );
      });
      const caption =
        `Drop of ${permutation.metric} (baseline ${formatNumber(permutation.baselineScore)} on ` +
        `${formatNumber(permutation.rows)} labelled cells) when one feature's values are shuffled across cells; ` +
        `mean and standard deviation over ${repeats} shuffles. Correlated features share their importance, so a ` +
        "feature can score near 0 while a near-copy carries the information.";
      writeText(
        fileNames.take("importance_permutation.csv"),
        `${lines.join("\n")}\n`,
        "table",
        "Permutation importance",
        caption,
      );
      writeText(
        fileNames.take("importance_permutation.svg"),
        barChart(
          {
            labels: featureNames,
            series: [
              {
                name: permutation.metric,
                values: permutation.importancesMean,
                errors: permutation.importancesStd,
              },
            ],
          },
          { title: "Permutation importance", maxBars: topFeatures, xLabel: `drop of ${permutation.metric}` },
        ),
        "figure",
        "Permutation importance",
        caption,
      );
    }
  } else {
    notes.push("No labelled rows: no confusion matrix and no permutation importance.");
  }

  // Per channel.
  if (channelNames) {
    const byShap = means ? shapByChannel(means, channelNames) : null;
    const byPermutation = permutation
      ? importanceByChannel(
          Float64Array.from(permutation.importancesMean, (v) => Math.max(0, v)),
          featureNames,
          channelNames,
        )
      : null;
    const counts = importanceByChannel(
      new Float64Array(featureCount),
      featureNames,
      channelNames,
    ).featureCounts;
    const header = [
      "channel",
      "features",
      ...(byShap ? ["mean_abs_shap", ...classes.map((c) => `mean_abs_shap_${c}`)] : []),
      ...(gainShares ? ["total_gain"] : []),
      ...(byPermutation ? ["permutation_importance"] : []),
    ];
    const lines = [header.map(csvText).join(",")];
    const rowOf = (c: number) => [
      csvText(channelNames[c]),
      String(counts[c]),
      ...(byShap
        ? [
            csvFloat(byShap.overall[c]),
            ...classes.map((_, k) => csvFloat(byShap.perClass[c * classCount + k])),
          ]
        : []),
      ...(gainShares ? [csvFloat(gainShares.shares[c])] : []),
      ...(byPermutation ? [csvFloat(byPermutation.shares[c])] : []),
    ];
    channelNames.forEach((_, c) => {
      lines.push(rowOf(c).join(","));
    });
    const unassigned = channelsOfFeature!.filter((c) => c.length === 0).length;
    if (unassigned > 0) {
      lines.push(
        [
          csvText("(no channel)"),
          String(unassigned),
          ...(byShap
            ? [
                csvFloat(byShap.unassignedOverall),
                ...classes.map((_, k) => csvFloat(byShap.unassignedPerClass[k])),
              ]
            : []),
          ...(gainShares ? [csvFloat(gainShares.unassigned)] : []),
          ...(byPermutation ? [csvFloat(byPermutation.unassigned)] : []),
        ].join(","),
      );
    }
    const rule =
      "A feature involving k channels (its image or mask tokens) gives each 1/k of its importance; a channel's value is the sum of its shares.";
    writeText(
      fileNames.take("importance_channels.csv"),
      `${lines.join("\n")}\n`,
      "table",
      "Importance per channel",
      `${rule} Columns: mean |SHAP| (overall and per class), total gain of the trees' splits, and positive permutation importance, where available.`,
    );
    if (byShap || byPermutation) {
      const series = byShap
        ? classes.map((name, k) => ({
            name,
            values: Float64Array.from(channelNames, (_, c) => byShap.perClass[c * classCount + k]),
          }))
        : [{ name: permutation!.metric, values: byPermutation!.shares }];
      writeText(
        fileNames.take("channel_importance.svg"),
        barChart(
          { labels: channelNames, series },
          {
            title: "Importance per channel",
            mode: "stacked",
            xLabel: byShap
              ? "mean |SHAP value|, shared among a feature's channels"
              : "permutation importance",
            legendTitle: byShap ? "Class" : undefined,
          },
        ),
        "figure",
        "Importance per channel",
        rule,
      );
    }
  }

  if (options.ablation) {
    const ablation = options.ablation;
    const title = "Channel ablation";
    const caption =
      `Macro F1 on held-out cells of a ${ablation.model} model trained only on the features of each channel subset ` +
      `(${ablation.seeds.length} fits each; points are fits, bars the standard deviation; ` +
      `${formatNumber(ablation.trainRows)} training and ${formatNumber(ablation.testRows)} test cells per fit).`;
    writeText(
      fileNames.take("channel_ablation.svg"),
      groupedPointChart(
        { points: ablationPoints(ablation) },
        { title, xLabel: "Macro F1 (test cells)", domain: [0, 1], errorBar: "sd" },
      ),
      "figure",
      title,
      caption,
    );
    const lines = ["channels,features,mean_macro_f1,std_macro_f1,fits,seconds"];
    for (const r of ablation.results)
      lines.push(
        [
          csvText(r.label),
          String(r.featureCount),
          csvFloat(r.mean),
          csvFloat(r.std),
          String(r.scores.length),
          csvFloat(r.seconds),
        ].join(","),
      );
    writeText(fileNames.take("channel_ablation.csv"), `${lines.join("\n")}\n`, "table", title, caption);
  }

  if (options.resampleRanking) {
    const ranking = options.resampleRanking;
    const lines = [
      "feature,median_rank,q1_rank,q3_rank,iqr_rank,used_fraction,selected_fraction,mean_importance_share",
    ];
    for (const f of ranking.features)
      lines.push(
        [
          csvText(f.feature),
          csvFloat(f.medianRank),
          csvFloat(f.q1),
          csvFloat(f.q3),
          csvFloat(f.iqr),
          csvFloat(f.usedFraction),
          csvFloat(f.selectedFraction),
          csvFloat(f.meanImportance),
        ].join(","),
      );
    writeText(
      fileNames.take("importance_resampled_ranks.csv"),
      `${lines.join("\n")}\n`,
      "table",
      "Feature ranks over resampled fits",
      `Rank of each feature's importance (1 = most important; unused features share the last ranks) over ` +
        `${ranking.resamples} fits on resamples of ${formatNumber(ranking.rowsPerFit)} cells: median, quartiles, ` +
        "and the fraction of fits that used the feature.",
    );
  }

  const manifest: ExplanationManifest = {
    outputDir,
    files,
    model: model.classifier.kind,
    classes: [...classes],
    featureCount,
    rows: { total: X.rows, explained: explainer ? explained.length : 0, labelled: labelledRows.length },
    shapMethod: explainer?.method ?? null,
    outputSpace: explainer?.outputSpace ?? null,
    additivityMaxError,
    notes,
    seconds: (performance.now() - started) / 1000,
  };
  writeFileSync(join(outputDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

interface ExplainRowsContext {
  explained: Uint32Array;
  predicted: Int32Array;
  probabilities: Float64Array;
  y: Int32Array;
  /** Positions in `explained` drawn in the summaries, ascending. */
  plotPositions: Uint32Array;
  exampleRows: Set<number>;
  blockRows: number;
  step: (message: string) => void;
}

interface ExplainRowsResult {
  means: MeanAbsoluteShap;
  additivityMaxError: number;
  /** Per class: SHAP of the plotted cells (plot rows × features). */
  plotShap: Float64Array[];
  /** Raw values of the plotted cells (plot rows × features). */
  plotValues: Float64Array;
  /** One-row SHAP results of the example cells, by input row. */
  exampleShap: Map<number, ShapResult>;
  files: ReportFile[];
}

// Streams the explained rows through the explainer in blocks: Parquet row groups, mean |SHAP|,
// additivity, and the few rows the charts need.
function explainRows(
  model: TrainedModel,
  explainer: ShapExplainer,
  X: Matrix,
  data: ExplanationData,
  options: ExplanationReportOptions,
  context: ExplainRowsContext,
): ExplainRowsResult {
  const { classes, featureNames } = model.file;
  const classCount = classes.length;
  const features = featureNames.length;
  const { explained, predicted, probabilities, y, plotPositions, exampleRows, blockRows } = context;
  const metadata = [...(data.metadata ?? new Map<string, readonly string[]>())];
  const hasLabels = data.labels !== undefined;
  // Our own columns win over metadata columns of the same name.
  const reserved = new Set([
    "row",
    "predicted_class",
    "probability",
    "class",
    "shap_bias",
    ...(hasLabels ? ["label"] : []),
  ]);
  const metadataColumns: ParquetColumn[] = metadata
    .filter(([name]) => !reserved.has(name))
    .map(([name]) => ({ name, type: "string" }));
  const shapColumns: ParquetColumn[] = featureNames.map((name) => ({ name: `shap_${name}`, type: "double" }));
  const predictedWriter = new ParquetStreamWriter(join(options.outputDir, "shap_values.parquet"), [
    { name: "row", type: "int64" },
    ...metadataColumns,
    { name: "predicted_class", type: "string" },
    { name: "probability", type: "double" },
    ...(hasLabels ? [{ name: "label", type: "string" } as ParquetColumn] : []),
    { name: "shap_bias", type: "double" },
    ...shapColumns,
  ]);
  const allWriter = options.allClasses
    ? new ParquetStreamWriter(join(options.outputDir, "shap_values_all_classes.parquet"), [
        { name: "row", type: "int64" },
        ...metadataColumns,
        { name: "class", type: "string" },
        { name: "probability", type: "double" },
        { name: "shap_bias", type: "double" },
        ...shapColumns,
      ])
    : null;
  const metadataValues = metadata.filter(([name]) => !reserved.has(name)).map(([, values]) => values);
  const accumulator = new MeanAbsoluteShapAccumulator(classCount, features);
  const plotShap = classes.map(() => new Float64Array(plotPositions.length * features));
  const plotValues = new Float64Array(plotPositions.length * features);
  const exampleShap = new Map<number, ShapResult>();
  let additivityMaxError = 0;
  let plotAt = 0;
  try {
    for (let start = 0; start < explained.length; start += blockRows) {
      const rows = explained.subarray(start, Math.min(explained.length, start + blockRows));
      context.step(`SHAP values of rows ${start + 1}–${start + rows.length} of ${explained.length}`);
      const prepared = model.prepare(takeRows(X, rows));
      const shap = explainer.explainPrepared(prepared);
      accumulator.add(shap);
      const margins = explainer.marginsPrepared(prepared);
      additivityMaxError = Math.max(additivityMaxError, additivityError(shap, margins));
      const n = rows.length;
      const rowColumn = BigInt64Array.from(rows, (r) => BigInt(r));
      const text = metadataValues.map((values) => Array.from(rows, (r) => values[r]));
      // The predicted class's values per row.
      const bias = new Float64Array(n);
      const columns = featureNames.map(() => new Float64Array(n));
      for (let i = 0; i < n; i++) {
        const k = predicted[rows[i]];
        const offset = (i * classCount + k) * features;
        bias[i] = shap.bias[i * classCount + k];
        for (let j = 0; j < features; j++) columns[j][i] = shap.values[offset + j];
      }
      predictedWriter.writeRowGroup(
        [
          rowColumn,
          ...text,
          Array.from(rows, (r) => classes[predicted[r]]),
          Float64Array.from(rows, (r) => probabilities[r * classCount + predicted[r]]),
          ...(hasLabels
            ? [Array.from(rows, (r) => (y[r] >= 0 ? classes[y[r]] : (data.labels![r] ?? "")))]
            : []),
          bias,
          ...columns,
        ] as ParquetColumnData[],
        n,
      );
      if (allWriter) {
        const m = n * classCount;
        const allColumns = featureNames.map(() => new Float64Array(m));
        for (let b = 0; b < m; b++)
          for (let j = 0; j < features; j++) allColumns[j][b] = shap.values[b * features + j];
        const repeat = <T>(values: readonly T[]) => values.flatMap((v) => classes.map(() => v));
        allWriter.writeRowGroup(
          [
            BigInt64Array.from(repeat(Array.from(rowColumn)), (v) => v),
            ...text.map(repeat),
            Array.from({ length: m }, (_, b) => classes[b % classCount]),
            Float64Array.from(
              { length: m },
              (_, b) => probabilities[rows[Math.floor(b / classCount)] * classCount + (b % classCount)],
            ),
            shap.bias,
            ...allColumns,
          ] as ParquetColumnData[],
          m,
        );
      }
      // Rows the charts need.
      for (let i = 0; i < n; i++) {
        const position = start + i;
        if (plotAt < plotPositions.length && plotPositions[plotAt] === position) {
          for (let k = 0; k < classCount; k++)
            plotShap[k].set(
              shap.values.subarray((i * classCount + k) * features, (i * classCount + k + 1) * features),
              plotAt * features,
            );
          plotValues.set(X.data.subarray(rows[i] * features, (rows[i] + 1) * features), plotAt * features);
          plotAt++;
        }
        if (exampleRows.has(rows[i])) {
          exampleShap.set(rows[i], {
            ...shap,
            rows: 1,
            values: shap.values.slice(i * classCount * features, (i + 1) * classCount * features),
            bias: shap.bias.slice(i * classCount, (i + 1) * classCount),
          });
        }
      }
    }
    predictedWriter.close();
    allWriter?.close();
  } catch (error) {
    predictedWriter.abandon();
    allWriter?.abandon();
    throw error;
  }
  const outputSpace = explainer.outputSpace;
  const files: ReportFile[] = [
    {
      file: "shap_values.parquet",
      kind: "table",
      title: "SHAP values of the predicted class",
      caption:
        `One row per explained cell: metadata, predicted class and its probability, ${hasLabels ? "label, " : ""}` +
        `the expected output shap_bias and one shap_<feature> column per feature for the predicted class ` +
        `(${outputSpace}); shap_bias + Σ shap_<feature> is the cell's output for that class.`,
    },
  ];
  if (allWriter)
    files.push({
      file: "shap_values_all_classes.parquet",
      kind: "table",
      title: "SHAP values of every class",
      caption: `One row per explained cell and class (column "class"), with the same columns as shap_values.parquet.`,
    });
  return {
    means: { ...accumulator.result(), featureNames, classes },
    additivityMaxError,
    plotShap,
    plotValues,
    exampleShap,
    files,
  };
}

// Per predicted class, the explained row with the highest probability (the first on ties).
function exampleRowsOf(
  explained: Uint32Array,
  predicted: Int32Array,
  probabilities: Float64Array,
  classCount: number,
): Set<number> {
  const best = new Int32Array(classCount).fill(-1);
  for (const r of explained) {
    const k = predicted[r];
    if (best[k] < 0 || probabilities[r * classCount + k] > probabilities[best[k] * classCount + k])
      best[k] = r;
  }
  return new Set(Array.from(best).filter((r) => r >= 0));
}

function predictInBlocks(model: TrainedModel, X: Matrix, blockRows: number): Float64Array {
  const classCount = model.file.classes.length;
  const out = new Float64Array(X.rows * classCount);
  for (let start = 0; start < X.rows; start += blockRows) {
    const count = Math.min(blockRows, X.rows - start);
    const block = {
      data: X.data.subarray(start * X.cols, (start + count) * X.cols),
      rows: count,
      cols: X.cols,
    };
    out.set(model.predictProba(block), start * classCount);
  }
  return out;
}

function meanAbsShapCsv(
  means: MeanAbsoluteShap,
  channelsOfFeature: number[][] | null,
  channelNames: string[] | null,
): string {
  const { featureNames, classes, perClass, overall } = means;
  const features = featureNames.length;
  const header = [
    "rank",
    "feature",
    ...(channelNames ? ["channels"] : []),
    "mean_abs_shap",
    ...classes.map((c) => `mean_abs_shap_${c}`),
  ];
  const lines = [header.map(csvText).join(",")];
  descendingOrder(overall).forEach((j, i) => {
    lines.push(
      [
        String(i + 1),
        csvText(featureNames[j]),
        ...(channelNames && channelsOfFeature
          ? [csvText(channelsOfFeature[j].map((c) => channelNames[c]).join(";"))]
          : []),
        csvFloat(overall[j]),
        ...classes.map((_, k) => csvFloat(perClass[k * features + j])),
      ].join(","),
    );
  });
  return `${lines.join("\n")}\n`;
}

// Indices by decreasing value, NaN last, ties by index.
function descendingOrder(values: ArrayLike<number>): number[] {
  const key = (i: number) => (Number.isNaN(values[i]) ? Number.NEGATIVE_INFINITY : values[i]);
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => key(b) - key(a) || a - b);
}

/** A class name as a file-name part: runs of characters outside [A-Za-z0-9._-] become "_". */
export function safeFileName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, "_");
  return safe === "" || safe === "." || safe === ".." ? "_" : safe;
}

// Keeps file names unique within one report (two classes may map to the same safe name).
class UniqueFileNames {
  private readonly used = new Set<string>();

  take(file: string): string {
    let candidate = file;
    const dot = file.lastIndexOf(".");
    for (let n = 2; this.used.has(candidate); n++) candidate = `${file.slice(0, dot)}_${n}${file.slice(dot)}`;
    this.used.add(candidate);
    return candidate;
  }
}
