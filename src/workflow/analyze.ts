import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  type CellTable,
  categoryColumn,
  categoryValue,
  readCellTable,
  tableColumnNames,
} from "../analysis/cellTable.js";
import {
  type ClassComparison,
  type ClassFrequencyTable,
  classFrequencies,
  compareConditions,
  comparePairedConditions,
  frequencyBoxPlotData,
} from "../analysis/classFrequencies.js";
import { type EmbeddingResult, embeddingScatterData, embeddings } from "../analysis/embeddings.js";
import {
  type FeatureDifferences,
  featureDifferences,
  featureVolcanoData,
} from "../analysis/featureDifferences.js";
import { checkPlantedTruth, type PlantedTruthReport, readPlantedTruth } from "../analysis/plantedTruth.js";
import {
  type QualityControlOptions,
  type QualityControlResult,
  qualityControl,
  qualityControlColumns,
} from "../analysis/qualityControl.js";
import {
  aggregateSamples,
  type ReadoutRegressionResult,
  readoutRegression,
  readReadouts,
} from "../analysis/readout.js";
import { intersectMasks, maskWhereText } from "../analysis/rowMask.js";
import { channelAblation } from "../explain/channelAblation.js";
import { type ExplanationManifest, writeExplanationReport } from "../explain/explanationReport.js";
import { extractToFile } from "../extract/extractToFile.js";
import type { CellImage } from "../image/cellImage.js";
import { readMetadataCell } from "../io/cellSource.js";
import { csvFloat, csvText } from "../io/csvFormat.js";
import { metadataGenerator } from "../io/metadata.js";
import { writeMetadata } from "../io/metadataFile.js";
import { formatMetadataSummary, summariseMetadata } from "../io/metadataSummary.js";
import type { ClassifierKind } from "../ml/classifier.js";
import { loadLabeledDataset } from "../ml/labeledDataset.js";
import type { ClassificationReport } from "../ml/metrics/classificationReport.js";
import { COMPARISON_METRICS } from "../ml/metrics/modelComparison.js";
import type { TrainedModel } from "../ml/modelFile.js";
import { predictTable } from "../ml/predictTable.js";
import { trainClassifier } from "../ml/training.js";
import { writeExplanationPage } from "../report/explainPage.js";
import { type ReportBlock, type ReportSection, renderHtmlReport } from "../report/html/htmlDocument.js";
import {
  FALLBACK_COLORS,
  MARKER_COLORS,
  pooledChannelRange,
  renderComposite,
} from "../report/image/cellComposite.js";
import { encodePng, pngDataUri } from "../report/image/png.js";
import { boxPlot } from "../report/svg/boxPlot.js";
import { heatmap } from "../report/svg/heatmap.js";
import { scatterPlot } from "../report/svg/scatterPlot.js";
import { volcanoPlot } from "../report/svg/volcanoPlot.js";
import { SYNTH_TRUTH_FILE } from "../synth/syntheticDataset.js";
import { cleanTableFile } from "../table/cleanTableFile.js";
import { type CnnAnalysis, type CnnAnalysisOptions, runCnnAnalysis } from "./cnnAnalysis.js";
import { compareModelsOnTestCells, type ModelComparisonResult } from "./modelComparisonStep.js";

/** Options of `analyzeDataset` (the CLI's `scifai analyze`). */
export interface AnalyzeOptions {
  /** Dataset folder (DATA/<experiment>/<donor>/<condition>/*.h5 or *.cif). */
  data: string;
  /** Results folder (created; existing result files are replaced). */
  output: string;
  labelColumn?: string;
  /** Marker names of the channels, in order (renames feature columns; enables channel importance). */
  channelNames?: readonly string[];
  /** Control and treatment conditions of the comparisons (default: -SEA and +SEA when present, else the first two conditions). */
  control?: string;
  treatment?: string;
  model?: ClassifierKind;
  modelOptions?: Record<string, unknown>;
  /** AutoFeatureSelection top_k (default none). */
  select?: number | "auto";
  /** Classes counted in frequencies (default: every predicted class but the study's two left-out classes). */
  frequencyClasses?: readonly string[];
  /** Class whose features are compared between conditions (default Synapses_with_signaling when predicted). */
  differencesClass?: string;
  /** Channel-combination ablation in the explanation (default true; costs one fit per combination). */
  ablation?: boolean;
  ablationSeeds?: number;
  ablationTrees?: number;
  /** Cells embedded by PCA and UMAP (default 3,000). */
  embeddingCells?: number;
  workers?: number;
  seed?: number;
  onStep?: (message: string) => void;
  /**
   * A per-sample readout (e.g. a cytokine) to regress on per-sample class frequencies and feature
   * percentiles under leave-one-donor-out cross-validation.
   */
  readout?: {
    /** Table with experiment, donor, condition and the readout (.csv, .csv.gz, .parquet). */
    path: string;
    /** Value column (default: the only numeric column). */
    column?: string;
    /** Features whose 5th/50th/95th percentiles per sample join the class frequencies as predictors. */
    features?: readonly string[];
    /** Cells the percentiles are computed on (default: all quality-passing cells). */
    classes?: readonly string[];
    model?: "lasso" | "ridge";
  };
  /** Quality-control settings (defaults: the study's; the outlier step runs once features are given). */
  qualityControl?: Omit<QualityControlOptions, "experimentColumn">;
  /** Models trained on the same split for the comparison table (default lr and rf). */
  comparisonModels?: readonly ClassifierKind[];
  /** Bootstrap resamples of the comparison's confidence intervals (default 1000). */
  bootstrapReplicates?: number;
  /** A CNN (ONNX) run beside the feature-based model: predictions, occlusion, comparison. */
  cnn?: CnnAnalysisOptions;
  /** Progress of the feature extraction (cells done of total). */
  onExtractProgress?: (done: number, total: number) => void;
}

/** What `analyzeDataset` produced. */
export interface AnalyzeSummary {
  output: string;
  report: string;
  cells: number;
  featureRows: number;
  failedCells: number;
  model: { kind: ClassifierKind; test: ClassificationReport | null };
  qc: QualityControlResult["report"];
  comparison: ClassComparison | null;
  pairedComparison: ClassComparison | null;
  plantedTruth: PlantedTruthReport | null;
  differences: {
    className: string;
    testCount: number;
    significantUp: number;
    significantDown: number;
  } | null;
  /** The comparison table: per model, the five metrics with bootstrap intervals (estimate, lower, upper). */
  modelComparison: { model: string; cells: number; macroF1: [number, number, number] }[];
  cnn: { model: string; rows: number; errors: number; seconds: number } | null;
  readout: { samples: number; spearman: number; r2: number } | null;
  seconds: number;
}

/**
 * The whole flow, one command: scan → extract → clean → split / select / train / evaluate →
 * explain → predict every cell → quality control → class frequencies with statistics → feature
 * differences → embeddings → one self-contained HTML report, with every table as CSV and every
 * figure as SVG beside it. On synthetic data the planted truth is checked and shown.
 */
export async function analyzeDataset(options: AnalyzeOptions): Promise<AnalyzeSummary> {
  const started = performance.now();
  const step = options.onStep ?? (() => {});
  const out = resolve(options.output);
  const tables = join(out, "tables");
  const figures = join(out, "figures");
  for (const dir of [out, tables, figures]) mkdirSync(dir, { recursive: true });
  const seed = options.seed ?? 0;
  const labelColumn = options.labelColumn ?? "label";
  const channelNames = options.channelNames ? [...options.channelNames] : undefined;

  step("scanning the dataset");
  const metadata = await metadataGenerator(options.data, { workers: options.workers });
  await writeMetadata(join(out, "metadata.csv"), metadata);
  writeFileSync(
    join(tables, "cells_per_sample.txt"),
    `${formatMetadataSummary(summariseMetadata(metadata.rows))}\n`,
  );

  step(`extracting features of ${metadata.rows.length} cells`);
  const featuresPath = join(out, "features.parquet");
  const extraction = await extractToFile({
    data: options.data,
    metadata,
    output: featuresPath,
    spec: { features: "readme", channelNames },
    workers: options.workers,
    overwrite: true,
    onProgress: (p) => options.onExtractProgress?.(p.cellsDone, p.cellsTotal),
  });

  step("cleaning the feature table (fillna 0, constant columns)");
  const cleanPath = join(out, "features.clean.parquet");
  const cleaning = await cleanTableFile(featuresPath, cleanPath, { overwrite: true });

  step("training the classifier");
  const dataset = await loadLabeledDataset(cleanPath, { labelColumn });
  const kind = options.model ?? "gbdt";
  const training = trainClassifier(dataset, {
    model: kind,
    modelOptions: options.modelOptions,
    select: options.select,
    seed,
    labelColumn,
    source: cleanPath,
    onStep: step,
  });
  const model = training.model;
  model.save(join(out, "model.json"));
  writeFileSync(
    join(tables, "training_report.json"),
    `${JSON.stringify({ validation: training.validation, test: training.test }, null, 1)}\n`,
  );

  step("predicting every cell");
  const predictionsPath = join(out, "predictions.parquet");
  await predictTable(model, cleanPath, predictionsPath, { overwrite: true });

  step("explaining the model");
  const explanation = await explain(
    model,
    cleanPath,
    join(out, "explain"),
    channelNames,
    options,
    dataset,
    step,
  );

  step("quality control");
  const qcSettings = options.qualityControl ?? {};
  const qcOptions: QualityControlOptions = {
    entropy: qcSettings.entropy,
    focus: qcSettings.focus,
    deadCells: qcSettings.deadCells === false ? false : { channelNames, ...(qcSettings.deadCells ?? {}) },
    outliers: qcSettings.outliers,
  };
  const available = (await tableColumnNames(featuresPath)).numeric;
  const qcColumns = qualityControlColumns(available, qcOptions);
  const predictions = await readCellTable(predictionsPath, {
    text: ["file", "experiment", "donor", "condition", "object_number", labelColumn, "predicted_class"],
    numeric: ["prediction_entropy", "max_probability"],
  });
  const qcTable = await readCellTable(featuresPath, { numeric: qcColumns });
  const cells: CellTable = {
    rows: predictions.rows,
    text: predictions.text,
    numeric: new Map([...predictions.numeric, ...qcTable.numeric]),
  };
  const qc = qualityControl(cells, qcOptions);
  writeCsv(
    join(tables, "quality_control.csv"),
    ["step", "status", "description", "flagged", "newly_excluded"],
    qc.report.steps.map((s) => [s.step, s.status, s.description, s.flagged, s.newlyExcluded]),
  );
  writeCellFlags(join(tables, "cell_flags.csv"), cells, qc);

  step("class frequencies and statistics");
  const conditions = [...new Set(metadata.rows.map((r) => r.condition))].sort();
  const [control, treatment] = chooseConditions(conditions, options.control, options.treatment);
  const frequencies = classFrequencies(cells, { keep: qc.keep, classes: options.frequencyClasses });
  writeFrequencyTable(join(tables, "class_frequencies.csv"), frequencies);
  let comparison: ClassComparison | null = null;
  let paired: ClassComparison | null = null;
  let planted: PlantedTruthReport | null = null;
  if (control && treatment) {
    comparison = compareConditions(frequencies, { control, treatment });
    writeComparison(join(tables, "frequency_comparison_mann_whitney.csv"), comparison);
    try {
      paired = comparePairedConditions(frequencies, { control, treatment });
      writeComparison(join(tables, "frequency_comparison_paired_wilcoxon.csv"), paired);
    } catch (error) {
      step(`paired comparison skipped: ${(error as Error).message}`);
    }
    if (existsSync(join(metadata.root, SYNTH_TRUTH_FILE))) {
      planted = checkPlantedTruth(readPlantedTruth(metadata.root), comparison);
      writeFileSync(join(tables, "planted_truth.json"), `${JSON.stringify(planted, null, 1)}\n`);
    }
  }
  const frequencySvg = boxPlot(frequencyBoxPlotData(frequencies, { comparison: comparison ?? undefined }), {
    title: "Class frequencies per sample",
    subtitle: comparison
      ? `Mann–Whitney U, ${control} vs ${treatment}; Benjamini–Hochberg across classes`
      : undefined,
    yLabel: "% of cells",
  });
  writeFileSync(join(figures, "class_frequencies.svg"), frequencySvg);

  let readout: ReadoutRegressionResult | null = null;
  let readoutSvg: string | null = null;
  if (options.readout) {
    step("readout regression (leave one donor out)");
    const values = await readReadouts(options.readout.path, options.readout.column);
    const readoutFeatures = [...(options.readout.features ?? [])];
    const featureTable =
      readoutFeatures.length > 0 ? await readCellTable(featuresPath, { numeric: readoutFeatures }) : null;
    const aggregateInput: CellTable = featureTable
      ? { ...cells, numeric: new Map([...cells.numeric, ...featureTable.numeric]) }
      : cells;
    const aggregates = aggregateSamples(aggregateInput, {
      features: readoutFeatures,
      classes: options.readout.classes,
      keep: qc.keep,
      frequencies,
    });
    writeCsv(
      join(tables, "readout_aggregates.csv"),
      ["experiment", "donor", "condition", "cells", ...aggregates.columns],
      aggregates.samples.map((row) => [row.experiment, row.donor, row.condition, row.cells, ...row.values]),
    );
    readout = readoutRegression(aggregates, values, { model: options.readout.model });
    writeCsv(
      join(tables, "readout_predictions.csv"),
      ["experiment", "donor", "condition", "held_out_group", "observed", "predicted"],
      readout.samples.map((r) => [r.experiment, r.donor, r.condition, r.group, r.observed, r.predicted]),
    );
    writeFileSync(join(tables, "readout_regression.json"), `${JSON.stringify(readout, null, 1)}\n`);
    readoutSvg = scatterPlot(
      {
        x: readout.samples.map((r) => r.observed),
        y: readout.samples.map((r) => r.predicted),
        category: readout.samples.map((r) => r.condition),
        labels: readout.samples.map((r) => `${r.experiment} ${r.donor} ${r.condition}`),
      },
      {
        title: "Readout: observed vs predicted (leave one donor out)",
        subtitle: `${readout.model}, Spearman ρ ${readout.spearman.toFixed(2)}, R² ${readout.r2.toFixed(2)}`,
        xLabel: `observed ${options.readout.column ?? "readout"}`,
        yLabel: "predicted for the held-out donor",
        colorTitle: "condition",
      },
    );
    writeFileSync(join(figures, "readout_observed_vs_predicted.svg"), readoutSvg);
  }

  let differences: FeatureDifferences | null = null;
  let volcanoSvg: string | null = null;
  const differencesClass =
    options.differencesClass ??
    (model.file.classes.includes("Synapses_with_signaling") ? "Synapses_with_signaling" : undefined);
  if (control && treatment && differencesClass) {
    step(`feature differences of ${differencesClass}`);
    const featureNames = model.file.featureNames;
    const classRows = intersectMasks(
      cells.rows,
      qc.keep,
      maskWhereText(cells, "predicted_class", [differencesClass]),
    );
    const featureTable = await readCellTable(cleanPath, {
      text: ["experiment", "donor", "condition"],
      numeric: featureNames,
      rows: classRows,
    });
    const classTable: CellTable = {
      ...featureTable,
      text: new Map([
        ...featureTable.text,
        ["predicted_class", constantColumn(featureTable.rows, differencesClass)],
      ]),
    };
    differences = featureDifferences(classTable as CellTable, {
      features: featureNames,
      control,
      treatment,
      className: differencesClass,
    });
    writeCsv(
      join(tables, "feature_differences.csv"),
      [
        "donor",
        "feature",
        "control_cells",
        "treatment_cells",
        "control_median",
        "treatment_median",
        "direction",
        "U",
        "p",
        "adjusted_p",
        "significant",
        "cliffs_delta",
        "rank_biserial",
      ],
      differences.tests.map((t) => [
        t.donor,
        t.feature,
        t.controlCells,
        t.treatmentCells,
        t.controlMedian,
        t.treatmentMedian,
        t.direction,
        t.statistic,
        t.pValue,
        t.adjustedPValue,
        t.significant ? "true" : "false",
        t.cliffsDelta,
        t.rankBiserial,
      ]),
    );
    writeCsv(
      join(tables, "feature_differences_summary.csv"),
      [
        "feature",
        "donors_tested",
        "significant_up",
        "significant_down",
        "consistent",
        "median_cliffs_delta",
        "min_adjusted_p",
      ],
      differences.summary.map((s) => [
        s.feature,
        s.donorsTested,
        s.significantUp,
        s.significantDown,
        s.consistent ?? "",
        s.medianCliffsDelta,
        s.minAdjustedPValue,
      ]),
    );
    volcanoSvg = volcanoPlot(featureVolcanoData(differences), {
      title: `Feature differences of ${differencesClass}: ${treatment} vs ${control}`,
      subtitle: "Mann–Whitney per donor and feature; Benjamini–Hochberg over all tests",
    });
    writeFileSync(join(figures, "feature_differences_volcano.svg"), volcanoSvg);
  }

  step("embeddings (PCA, UMAP)");
  const embeddingFeatures = model.file.featureNames.slice(0, 200);
  const embeddingTable = await readCellTable(cleanPath, {
    text: ["experiment", "donor", "condition"],
    numeric: embeddingFeatures,
  });
  const embeddingCells: CellTable = {
    ...embeddingTable,
    text: new Map([...embeddingTable.text, ["predicted_class", cells.text.get("predicted_class")!]]),
  };
  const embedding = embeddings(embeddingCells, {
    features: embeddingFeatures,
    keep: qc.keep,
    maxCells: options.embeddingCells ?? 3000,
    seed,
  });
  const embeddingSvgs = writeEmbeddingFigures(figures, embedding);
  writeCsv(
    join(tables, "embedding.csv"),
    // `row` is the 0-based row of the cell in features.parquet and predictions.parquet.
    ["row", "file", "object_number", "pca_1", "pca_2", "umap_1", "umap_2", ...Object.keys(embedding.colors)],
    embedding.rows.map((row, i) => [
      String(row),
      categoryValue(cells.text.get("file")!, row),
      categoryValue(cells.text.get("object_number")!, row),
      embedding.pca.x[i],
      embedding.pca.y[i],
      embedding.umap?.x[i] ?? Number.NaN,
      embedding.umap?.y[i] ?? Number.NaN,
      ...Object.values(embedding.colors).map((c) => c[i]),
    ]),
  );

  let cnn: CnnAnalysis | null = null;
  let cnnComparison: ClassComparison | null = null;
  let cnnByFile: Map<string, string> | undefined;
  if (options.cnn) {
    step("CNN predictions and explanations");
    cnn = await runCnnAnalysis(metadata, cells, out, options.cnn, {
      channelNames,
      fallbackClasses: model.file.classes,
      mapClass: differencesClass,
      workers: options.workers,
      seed,
      step,
    });
    writeCsv(
      join(tables, "cnn_channel_occlusion.csv"),
      ["channel", "class", "mean_probability_drop", "cells"],
      cnn.occlusionRows.map((r) => [r.channel, r.class, r.meanProbabilityDrop, r.cells]),
    );
    if (cnn.map) writeFileSync(join(figures, "cnn_occlusion_map.svg"), cnn.map.svg);
    const files = cells.text.get("file")!;
    cnnByFile = new Map();
    const cnnKeep = new Uint8Array(cells.rows);
    for (let r = 0; r < cells.rows; r++) {
      if (cnn.predictedClass[r] === "") continue;
      cnnByFile.set(categoryValue(files, r), cnn.predictedClass[r]);
      cnnKeep[r] = qc.keep[r];
    }
    if (control && treatment) {
      // The same QC as the main model's cells (its focus and entropy flags), on the CNN's classes.
      const cnnCells: CellTable = {
        ...cells,
        text: new Map([...cells.text, ["predicted_class", categoryColumn(cnn.predictedClass)]]),
      };
      const cnnFrequencies = classFrequencies(cnnCells, { keep: cnnKeep, classes: options.frequencyClasses });
      writeFrequencyTable(join(tables, "cnn_class_frequencies.csv"), cnnFrequencies);
      cnnComparison = compareConditions(cnnFrequencies, { control, treatment });
      writeComparison(join(tables, "cnn_frequency_comparison_mann_whitney.csv"), cnnComparison);
    }
  }

  step("model comparison on the test cells");
  const modelComparison = compareModelsOnTestCells(
    dataset,
    { kind, result: training },
    options.comparisonModels ?? ["lr", "rf"],
    {
      seed,
      select: options.select,
      labelColumn,
      replicates: options.bootstrapReplicates,
      cnnByFile,
      step,
    },
  );
  writeModelComparison(join(tables, "model_comparison.csv"), modelComparison);

  step("example cells and the report");
  const gallery = exampleCells(metadata.root, cells, qc.keep, channelNames);
  const confusionSvg = training.test ? confusionFigure(training.test) : null;
  if (confusionSvg) writeFileSync(join(figures, "confusion_matrix_test.svg"), confusionSvg);
  const summary: AnalyzeSummary = {
    output: out,
    report: join(out, "report.html"),
    cells: metadata.rows.length,
    featureRows: extraction.rows,
    failedCells: extraction.errors,
    model: { kind, test: training.test },
    qc: qc.report,
    comparison,
    pairedComparison: paired,
    plantedTruth: planted,
    differences: differences
      ? {
          className: differences.className ?? "",
          testCount: differences.testCount,
          significantUp: differences.significantUp,
          significantDown: differences.significantDown,
        }
      : null,
    modelComparison: modelComparison.rows.map((r) => ({
      model: r.model,
      cells: r.cells,
      macroF1: [r.metrics.macro_f1.estimate, r.metrics.macro_f1.lower, r.metrics.macro_f1.upper],
    })),
    cnn: cnn ? { model: options.cnn!.model, rows: cnn.rows, errors: cnn.errors, seconds: cnn.seconds } : null,
    readout: readout ? { samples: readout.samples.length, spearman: readout.spearman, r2: readout.r2 } : null,
    seconds: 0,
  };
  const sections = reportSections({
    metadataSummary: formatMetadataSummary(summariseMetadata(metadata.rows)),
    extraction,
    cleaning,
    training,
    kind,
    explanation,
    qc,
    frequencies,
    comparison,
    paired,
    planted,
    frequencySvg,
    differences,
    volcanoSvg,
    embedding,
    embeddingSvgs,
    gallery,
    confusionSvg,
    control,
    treatment,
    modelComparison,
    cnn,
    cnnComparison,
    readout,
    readoutSvg,
    readoutColumn: options.readout?.column ?? "readout",
    channelImportance: readChannelImportance(join(out, "explain", "importance_channels.csv")),
  });
  summary.seconds = (performance.now() - started) / 1000;
  writeFileSync(
    summary.report,
    renderHtmlReport(
      "scifai analysis",
      `${metadata.rows.length} cells · ${kind} model · ${control ?? "?"} vs ${treatment ?? "?"} · ${new Date().toISOString().slice(0, 10)}`,
      sections,
    ),
  );
  writeFileSync(
    join(out, "summary.json"),
    `${JSON.stringify({ ...summary, data: metadata.root, channelNames: channelNames ?? null }, null, 1)}\n`,
  );
  return summary;
}

async function explain(
  model: TrainedModel,
  features: string,
  dir: string,
  channelNames: string[] | undefined,
  options: AnalyzeOptions,
  dataset: Awaited<ReturnType<typeof loadLabeledDataset>>,
  step: (message: string) => void,
): Promise<ExplanationManifest> {
  const table = await readCellTable(features, {
    text: ["file", "experiment", "donor", "condition", options.labelColumn ?? "label"],
    numeric: model.file.featureNames,
  });
  const width = model.file.featureNames.length;
  const X = { data: new Float64Array(table.rows * width), rows: table.rows, cols: width };
  model.file.featureNames.forEach((name, c) => {
    const column = table.numeric.get(name)!;
    for (let r = 0; r < table.rows; r++) X.data[r * width + c] = column[r];
  });
  const labelColumn = table.text.get(options.labelColumn ?? "label")!;
  const labels = Array.from({ length: table.rows }, (_, r) => categoryValue(labelColumn, r));
  const metadata = new Map(
    [...table.text].map(([name, column]) => [
      name,
      Array.from({ length: table.rows }, (_, r) => categoryValue(column, r)),
    ]),
  );
  const ablation =
    (options.ablation ?? true) && channelNames
      ? channelAblation(dataset, {
          channelNames,
          model: model.file.model.kind,
          nEstimators: options.ablationTrees ?? 30,
          seeds: Array.from({ length: options.ablationSeeds ?? 2 }, (_, i) => (options.seed ?? 0) + i),
        })
      : undefined;
  const manifest = writeExplanationReport(
    model,
    { X, metadata, labels },
    { outputDir: dir, channelNames, maxRows: 5000, ablation, seed: options.seed ?? 0, onStep: step },
  );
  writeExplanationPage(manifest, "model.json");
  return manifest;
}

function chooseConditions(
  conditions: string[],
  control?: string,
  treatment?: string,
): [string | undefined, string | undefined] {
  for (const given of [control, treatment]) {
    if (given !== undefined && !conditions.includes(given))
      throw new Error(`condition '${given}' is not in the data (have ${conditions.join(", ")})`);
  }
  if (control && treatment) return [control, treatment];
  if (conditions.includes("-SEA") && conditions.includes("+SEA"))
    return [control ?? "-SEA", treatment ?? "+SEA"];
  const rest = conditions.filter((c) => c !== control && c !== treatment);
  return [control ?? rest[0], treatment ?? rest.find((c) => c !== (control ?? rest[0]))];
}

function constantColumn(rows: number, value: string) {
  return { levels: [value], codes: new Int32Array(rows) };
}

function writeCsv(path: string, columns: string[], rows: (string | number)[][]): void {
  const lines = [columns.map(csvText).join(",")];
  for (const row of rows)
    lines.push(row.map((v) => (typeof v === "number" ? csvFloat(v) : csvText(v))).join(","));
  writeFileSync(path, `${lines.join("\n")}\n`);
}

function writeCellFlags(path: string, cells: CellTable, qc: QualityControlResult): void {
  const steps = Object.keys(qc.flags) as (keyof QualityControlResult["flags"])[];
  const file = cells.text.get("file")!;
  const objects = cells.text.get("object_number")!;
  writeCsv(
    path,
    ["file", "object_number", ...steps.map((s) => `flag_${s}`), "kept"],
    Array.from({ length: cells.rows }, (_, r) => [
      categoryValue(file, r),
      categoryValue(objects, r),
      ...steps.map((s) => (qc.flags[s]![r] ? "true" : "false")),
      qc.keep[r] ? "true" : "false",
    ]),
  );
}

function writeFrequencyTable(path: string, frequencies: ClassFrequencyTable): void {
  writeCsv(
    path,
    [
      "experiment",
      "donor",
      "condition",
      "cells",
      "excluded_by_qc",
      ...frequencies.classes.map((c) => `percent_${c}`),
    ],
    frequencies.samples.map((s) => [
      s.experiment,
      s.donor,
      s.condition,
      s.cells,
      s.excludedByQc,
      ...s.percentages,
    ]),
  );
}

function writeComparison(path: string, comparison: ClassComparison): void {
  writeCsv(
    path,
    [
      "class",
      "control_median",
      "treatment_median",
      "control_mean",
      "control_sd",
      "treatment_mean",
      "treatment_sd",
      "log2_fold_change",
      "direction",
      "statistic",
      "p",
      "adjusted_p",
      "significant",
      "method",
    ],
    comparison.rows.map((r) => [
      r.className,
      r.controlMedian,
      r.treatmentMedian,
      r.controlMean,
      r.controlSd,
      r.treatmentMean,
      r.treatmentSd,
      r.log2FoldChange,
      r.direction,
      r.statistic,
      r.pValue,
      r.adjustedPValue,
      r.significant ? "true" : "false",
      r.method,
    ]),
  );
}

function writeEmbeddingFigures(
  dir: string,
  embedding: EmbeddingResult,
): { title: string; svg: string; file: string }[] {
  const out: { title: string; svg: string; file: string }[] = [];
  for (const kind of ["umap", "pca"] as const) {
    if (kind === "umap" && embedding.umap === null) continue;
    for (const colorBy of Object.keys(embedding.colors)) {
      const data = embeddingScatterData(embedding, kind, colorBy);
      const svg = scatterPlot(data, {
        title: `${kind.toUpperCase()} coloured by ${colorBy}`,
        xLabel: `${kind.toUpperCase()} 1`,
        yLabel: `${kind.toUpperCase()} 2`,
        colorTitle: colorBy,
        width: 520,
        height: 420,
      });
      const file = `embedding_${kind}_${colorBy}.svg`;
      writeFileSync(join(dir, file), svg);
      out.push({ title: `${kind.toUpperCase()} by ${colorBy}`, svg, file });
    }
  }
  return out;
}

function confusionFigure(report: ClassificationReport): string {
  const k = report.classNames.length;
  return heatmap(
    { rowLabels: report.classNames, columnLabels: report.classNames, values: report.confusionMatrix.flat() },
    {
      title: "Confusion matrix (test cells)",
      rowTitle: "True class",
      columnTitle: "Predicted class",
      normalize: "row",
      cellSize: Math.max(28, Math.min(60, 480 / k)),
    },
  );
}

/** Up to six confident, quality-passing cells per predicted class as channel composites (PNG data URIs). */
function exampleCells(
  root: string,
  cells: CellTable,
  keep: Uint8Array,
  channelNames: string[] | undefined,
): { className: string; legend: string; items: { label: string; src: string; title: string }[] }[] {
  const predicted = cells.text.get("predicted_class")!;
  const confidence = cells.numeric.get("max_probability")!;
  const file = cells.text.get("file")!;
  const objects = cells.text.get("object_number")!;
  const byClass = new Map<string, number[]>();
  for (let r = 0; r < cells.rows; r++) {
    if (!keep[r]) continue;
    const name = categoryValue(predicted, r);
    const list = byClass.get(name) ?? [];
    list.push(r);
    byClass.set(name, list);
  }
  // Read the example cells first: one contrast range per channel over all of them, so a dim
  // channel stays dim (per-cell stretching turns background noise into bright colour).
  const examples: { className: string; cells: { row: number; cell: CellImage }[] }[] = [];
  for (const [className, rows] of [...byClass].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const chosen = rows.sort((a, b) => confidence[b] - confidence[a] || a - b).slice(0, 6);
    const read: { row: number; cell: CellImage }[] = [];
    for (const row of chosen) {
      try {
        read.push({
          row,
          cell: readMetadataCell(root, categoryValue(file, row), categoryValue(objects, row)),
        });
      } catch {
        // A cell that cannot be read again is simply not shown.
      }
    }
    examples.push({ className, cells: read });
  }
  const first = examples.find((e) => e.cells.length > 0)?.cells[0]?.cell;
  if (!first) return [];
  const names = channelNames ?? Array.from({ length: first.channels }, (_, c) => `Ch${c + 1}`);
  const shown = names
    .map((name, channel) => ({ name, channel }))
    .filter(({ name, channel }) => name !== "BF" && channel < first.channels)
    .slice(0, 4);
  const channels = shown.map(({ name, channel }, i) => {
    const pooled = examples.flatMap((e) =>
      e.cells.filter((c) => c.cell.channels > channel).map((c) => c.cell.image[channel]),
    );
    return {
      channel,
      color: MARKER_COLORS[name] ?? FALLBACK_COLORS[i % FALLBACK_COLORS.length],
      // From the background (the median pixel) up: a channel without signal stays dark.
      range: pooledChannelRange(pooled, 50, 99.8),
    };
  });
  const legend = channels.map((c) => `${names[c.channel]} ${colorName(c.color)}`).join(", ");
  const result: {
    className: string;
    legend: string;
    items: { label: string; src: string; title: string }[];
  }[] = [];
  for (const { className, cells: read } of examples) {
    const items = [];
    for (const { row, cell } of read) {
      const usable = channels.filter((c) => c.channel < cell.channels);
      const { rgb, width, height } = renderComposite(
        cell,
        usable.length > 0 ? usable : [{ channel: 0, color: [200, 200, 200] }],
        { scale: 2 },
      );
      items.push({
        label: `${(confidence[row] * 100).toFixed(0)}%`,
        src: pngDataUri(encodePng(rgb, width, height)),
        title: `${categoryValue(file, row)} (object ${categoryValue(objects, row)})`,
      });
    }
    result.push({ className, legend, items });
  }
  return result;
}

interface ReportInput {
  metadataSummary: string;
  extraction: Awaited<ReturnType<typeof extractToFile>>;
  cleaning: Awaited<ReturnType<typeof cleanTableFile>>;
  training: ReturnType<typeof trainClassifier>;
  kind: ClassifierKind;
  explanation: ExplanationManifest;
  qc: QualityControlResult;
  frequencies: ClassFrequencyTable;
  comparison: ClassComparison | null;
  paired: ClassComparison | null;
  planted: PlantedTruthReport | null;
  frequencySvg: string;
  differences: FeatureDifferences | null;
  volcanoSvg: string | null;
  embedding: EmbeddingResult;
  embeddingSvgs: { title: string; svg: string; file: string }[];
  gallery: { className: string; legend: string; items: { label: string; src: string; title: string }[] }[];
  confusionSvg: string | null;
  control: string | undefined;
  treatment: string | undefined;
  modelComparison: ModelComparisonResult;
  cnn: CnnAnalysis | null;
  cnnComparison: ClassComparison | null;
  readout: ReadoutRegressionResult | null;
  readoutSvg: string | null;
  readoutColumn: string;
  /** The feature model's share of mean |SHAP| per channel (from explain/importance_channels.csv). */
  channelImportance: Map<string, number> | null;
}

function comparisonTable(title: string, comparison: ClassComparison, file: string): ReportBlock {
  return {
    kind: "table",
    title,
    columns: [
      "class",
      `${comparison.control} median %`,
      `${comparison.treatment} median %`,
      "log2 FC",
      "direction",
      "statistic",
      "p",
      "adjusted p",
      "significant",
    ],
    rows: comparison.rows.map((r) => [
      r.className,
      r.controlMedian,
      r.treatmentMedian,
      r.log2FoldChange,
      r.direction,
      r.statistic,
      r.pValue,
      r.adjustedPValue,
      r.significant ? "yes" : "no",
    ]),
    file,
  };
}

function reportSections(input: ReportInput): ReportSection[] {
  const { training, qc, comparison, paired, planted, differences } = input;
  const test = training.test;
  const explainFigure = (name: string) => {
    const entry = input.explanation.files.find((f) => f.file === name);
    if (!entry) return [];
    return [
      {
        kind: "figure" as const,
        title: entry.title,
        svg: readFileSync(join(input.explanation.outputDir, entry.file), "utf8"),
        caption: entry.caption,
        file: `explain/${entry.file}`,
      },
    ];
  };
  const sections: ReportSection[] = [
    {
      id: "dataset",
      title: "Dataset and quality control",
      blocks: [
        {
          kind: "text",
          facts: [
            [
              "Cells",
              `${input.extraction.rows + input.extraction.errors} scanned, ${input.extraction.rows} with features, ${input.extraction.errors} failed (tables/../features.parquet.errors.csv)`,
            ],
            [
              "Features",
              `${input.extraction.featureColumns.length} extracted, ${input.cleaning.kept.length} kept after cleaning (${input.cleaning.dropped.length} constant or infinite)`,
            ],
            [
              "Quality control",
              `${qc.report.kept} of ${qc.report.cells} cells kept, ${qc.report.excluded} excluded`,
            ],
          ],
        },
        { kind: "text", title: "Cells per sample and label", preformatted: input.metadataSummary },
        {
          kind: "table",
          title: "Quality-control steps (applied in this order; every step is reported, none is silent)",
          columns: ["step", "status", "rule", "flagged", "newly excluded"],
          rows: qc.report.steps.map((s) => [s.step, s.status, s.description, s.flagged, s.newlyExcluded]),
          file: "tables/quality_control.csv",
        },
      ],
    },
    {
      id: "model",
      title: "Classifier",
      intro: `${input.kind} trained on ${training.split.totals.train} cells, checked on ${training.split.totals.validation} validation cells, then refitted on train + validation and evaluated on ${training.split.totals.test} untouched test cells (split stratified on label, experiment and donor; seed recorded in model.json).`,
      blocks: [
        test
          ? {
              kind: "text",
              facts: [
                ["Macro F1 (test)", test.macro.f1.toFixed(3)],
                ["Accuracy", test.accuracy.toFixed(3)],
                ["Balanced accuracy", test.balancedAccuracy.toFixed(3)],
                ["Matthews correlation", test.matthewsCorrelation.toFixed(3)],
                ["Cohen's kappa", test.cohenKappa === null ? "n/a" : test.cohenKappa.toFixed(3)],
                [
                  "No-information rate",
                  `${test.noInformationRate.toFixed(3)} (p of accuracy > NIR: ${test.accuracyPValue.toExponential(1)})`,
                ],
              ],
            }
          : { kind: "text", paragraphs: ["No test set."] },
        ...(test
          ? [
              {
                kind: "table" as const,
                title: "Per-class results (test cells)",
                columns: ["class", "precision", "recall", "F1", "support"],
                rows: test.perClass.map((c) => [c.className, c.precision, c.recall, c.f1, c.support]),
                file: "tables/training_report.json",
              },
            ]
          : []),
        ...(input.confusionSvg
          ? [
              {
                kind: "figure" as const,
                title: "Confusion matrix (test cells)",
                svg: input.confusionSvg,
                file: "figures/confusion_matrix_test.svg",
              },
            ]
          : []),
        ...explainFigure("shap_bar.svg"),
        ...explainFigure("channel_importance.svg"),
        ...explainFigure("channel_ablation.svg"),
        {
          kind: "text",
          paragraphs: [
            "SHAP beeswarms per class, waterfalls of example cells, permutation and gain importance: explain/index.html.",
          ],
        },
      ],
    },
    {
      id: "frequencies",
      title: "Class frequencies",
      intro: `Percent of each counted class per sample (experiment / donor / condition) after quality control. Left out of the denominators: ${input.frequencies.leftOutClasses.join(", ") || "none"}.`,
      blocks: [
        {
          kind: "figure",
          title: "Class frequencies per sample",
          svg: input.frequencySvg,
          file: "figures/class_frequencies.svg",
          caption: "Points are samples; lines join a donor's samples across conditions.",
        },
        ...(comparison
          ? [
              comparisonTable(
                `${comparison.treatment} vs ${comparison.control}: Mann–Whitney U per class, Benjamini–Hochberg across classes`,
                comparison,
                "tables/frequency_comparison_mann_whitney.csv",
              ),
            ]
          : []),
        ...(paired
          ? [
              comparisonTable(
                `Paired per donor: log2 fold change, Wilcoxon signed-rank against 0, Benjamini–Hochberg`,
                paired,
                "tables/frequency_comparison_paired_wilcoxon.csv",
              ),
            ]
          : []),
        ...(planted
          ? [
              {
                kind: "table" as const,
                title: `Planted truth of the synthetic data: ${planted.recovered ? "recovered" : "NOT recovered"} (${planted.truePositives} true positives, ${planted.falsePositives} false positives, ${planted.falseNegatives} missed)`,
                columns: [
                  "class",
                  "planted",
                  "expected direction",
                  "observed direction",
                  "adjusted p",
                  "significant",
                ],
                rows: planted.rows.map((r) => [
                  r.className,
                  r.planted,
                  r.expectedDirection ?? "",
                  r.observedDirection,
                  r.adjustedPValue,
                  r.significant ? "yes" : "no",
                ]),
                file: "tables/planted_truth.json",
              },
            ]
          : []),
      ],
    },
  ];
  if (differences && input.volcanoSvg) {
    const top = [...differences.summary]
      .sort((a, b) => a.minAdjustedPValue - b.minAdjustedPValue)
      .slice(0, 25);
    sections.push({
      id: "differences",
      title: `Feature differences of ${differences.className}`,
      intro: `${differences.testCount} tests (donor × feature), ${differences.significantUp} significant up and ${differences.significantDown} down at FDR ${differences.alpha}. Consistently up in every donor: ${differences.consistentlyUp.slice(0, 12).join(", ") || "none"}; down: ${differences.consistentlyDown.slice(0, 12).join(", ") || "none"}.`,
      blocks: [
        {
          kind: "figure",
          title: "Volcano plot",
          svg: input.volcanoSvg,
          file: "figures/feature_differences_volcano.svg",
        },
        {
          kind: "table",
          title: "Most significant features",
          columns: [
            "feature",
            "donors tested",
            "up",
            "down",
            "consistent",
            "median Cliff's delta",
            "min adjusted p",
          ],
          rows: top.map((s) => [
            s.feature,
            s.donorsTested,
            s.significantUp,
            s.significantDown,
            s.consistent ?? "",
            s.medianCliffsDelta,
            s.minAdjustedPValue,
          ]),
          file: "tables/feature_differences_summary.csv",
        },
      ],
    });
  }
  if (input.readout && input.readoutSvg)
    sections.push(readoutSection(input.readout, input.readoutSvg, input.readoutColumn));
  sections.push(modelComparisonSection(input));
  if (input.cnn) sections.push(cnnSection(input.cnn, input));
  const batch = input.embedding.batchEffect;
  sections.push({
    id: "embeddings",
    title: "Embeddings",
    intro: `${input.embedding.cells} cells, ${input.embedding.features.length} standardised features. ${batch ? `Batch effect (silhouette of donors on ${batch.components} principal components): ${batch.score.toFixed(3)} — near 0 means donors are mixed.` : ""}`,
    blocks: input.embeddingSvgs.map((e) => ({
      kind: "figure" as const,
      title: e.title,
      svg: e.svg,
      file: `figures/${e.file}`,
    })),
  });
  sections.push({
    id: "cells",
    title: "Example cells",
    intro: `The most confident quality-passing cells of each predicted class, fluorescent channels as a colour composite (${input.gallery[0]?.legend ?? "no channels"}; one contrast range per channel for all cells, from the background median to the 99.8th percentile); hover for the file.`,
    blocks: input.gallery.map((g) => ({ kind: "gallery" as const, title: g.className, items: g.items })),
  });
  return sections;
}

/** A readable name for a composite colour (the legend of the example cells). */
function colorName(color: readonly [number, number, number]): string {
  const named: [string, readonly [number, number, number]][] = [
    ["grey", [160, 160, 160]],
    ["magenta", [255, 0, 255]],
    ["cyan", [0, 200, 255]],
    ["yellow", [255, 200, 0]],
    ["red", [255, 40, 40]],
    ["green", [120, 255, 120]],
    ["orange", [255, 128, 0]],
    ["white", [255, 255, 255]],
  ];
  let best = named[0];
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const entry of named) {
    const d = entry[1].reduce((sum, v, i) => sum + (v - color[i]) ** 2, 0);
    if (d < bestDistance) {
      bestDistance = d;
      best = entry;
    }
  }
  return best[0];
}

/** Writes the model comparison: one row per model and metric, with the bootstrap interval. */
function writeModelComparison(path: string, comparison: ModelComparisonResult): void {
  writeCsv(
    path,
    ["model", "metric", "estimate", "lower", "upper", "standard_error", "test_cells", "replicates"],
    comparison.rows.flatMap((row) =>
      COMPARISON_METRICS.map((metric) => {
        const ci = row.metrics[metric];
        return [
          row.model,
          metric,
          ci.estimate,
          ci.lower,
          ci.upper,
          ci.standardError,
          row.cells,
          ci.replicates,
        ];
      }),
    ),
  );
}

/** "0.948 [0.931, 0.962]" */
function withInterval(ci: { estimate: number; lower: number; upper: number }): string {
  return Number.isFinite(ci.estimate)
    ? `${ci.estimate.toFixed(3)} [${ci.lower.toFixed(3)}, ${ci.upper.toFixed(3)}]`
    : "n/a";
}

function modelComparisonSection(input: ReportInput): ReportSection {
  const c = input.modelComparison;
  return {
    id: "comparison",
    title: "Model comparison",
    intro: `Every model scored on the same ${c.testCells} test cells of the main model's split (the comparison models trained on the same train and validation cells, same seed); 95% percentile bootstrap intervals over ${c.replicates} paired resamples of the cells.${c.missingCnn > 0 ? ` ${c.missingCnn} test cells without a CNN prediction are left out.` : ""}`,
    blocks: [
      {
        kind: "table",
        title: "Accuracy, balanced accuracy, macro F1, Matthews correlation and Cohen's kappa",
        columns: ["model", "accuracy", "balanced accuracy", "macro F1", "MCC", "kappa"],
        rows: c.rows.map((r) => [
          r.model,
          ...COMPARISON_METRICS.map((metric) => withInterval(r.metrics[metric])),
        ]),
        file: "tables/model_comparison.csv",
      },
      ...(c.notes.length > 0 ? [{ kind: "text" as const, paragraphs: c.notes }] : []),
    ],
  };
}

function cnnSection(cnn: CnnAnalysis, input: ReportInput): ReportSection {
  const overall = new Map(cnn.occlusionRows.filter((r) => r.class === "all").map((r) => [r.channel, r]));
  const blocks: ReportBlock[] = [
    {
      kind: "text",
      facts: [
        [
          "Cells predicted",
          `${cnn.rows} (${cnn.errors} unreadable, listed in cnn_predictions.parquet.errors.csv)`,
        ],
        [
          "Speed",
          `${(cnn.rows / Math.max(cnn.seconds, 1e-9)).toFixed(0)} cells/s including reading and cropping`,
        ],
        ["Input", `${cnn.channelNames.join(", ")} at ${cnn.size} × ${cnn.size} px`],
        ["Outputs", cnn.classes.join(", ")],
      ],
    },
    {
      kind: "table",
      title: "Channel importance: the feature model's SHAP beside the CNN's occlusion",
      columns: ["channel", "feature model: share of mean |SHAP|", "CNN: mean probability drop when occluded"],
      rows: cnn.channelNames.map((name) => [
        name,
        input.channelImportance?.get(name) ?? null,
        overall.get(name)?.meanProbabilityDrop ?? null,
      ]),
      caption: `Occlusion replaces one channel by its mean over ${cnn.occlusion.cells} sampled cells and measures the drop of the predicted class's probability; per class in tables/cnn_channel_occlusion.csv.`,
      file: "tables/cnn_channel_occlusion.csv",
    },
  ];
  if (cnn.map)
    blocks.push({
      kind: "figure",
      title: `Occlusion map of ${cnn.map.file} (predicted ${cnn.map.className})`,
      svg: cnn.map.svg,
      file: "figures/cnn_occlusion_map.svg",
    });
  if (input.cnnComparison)
    blocks.push(
      comparisonTable(
        `Class frequencies from the CNN's predictions: ${input.cnnComparison.control} vs ${input.cnnComparison.treatment} (Mann–Whitney U, Benjamini–Hochberg)`,
        input.cnnComparison,
        "tables/cnn_frequency_comparison_mann_whitney.csv",
      ),
    );
  return {
    id: "cnn",
    title: "CNN",
    intro:
      "A convolutional network run on the same cells with ONNX Runtime; its predictions have the columns of the feature model's, so the same quality control and statistics apply.",
    blocks,
  };
}

/** Channel → share of the summed mean |SHAP| (null when the file is absent). */
function readChannelImportance(path: string): Map<string, number> | null {
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, "utf8").trim().split("\n");
  const header = lines[0].split(",");
  const at = header.indexOf("mean_abs_shap");
  if (at < 0) return null;
  const values = lines.slice(1).map((line) => {
    const cells = line.split(",");
    return [cells[0], Number(cells[at])] as const;
  });
  const total = values.reduce((sum, [, v]) => sum + (Number.isFinite(v) ? v : 0), 0);
  return new Map(values.map(([name, v]) => [name, total > 0 ? v / total : Number.NaN]));
}

function readoutSection(result: ReadoutRegressionResult, svg: string, column: string): ReportSection {
  const notes = [
    result.samplesWithoutReadout.length > 0
      ? `Samples without a readout: ${result.samplesWithoutReadout.join(", ")}.`
      : "",
    result.readoutsWithoutSample.length > 0
      ? `Readouts without a sample: ${result.readoutsWithoutSample.join(", ")}.`
      : "",
    result.constantColumns.length + result.incompleteColumns.length > 0
      ? `Predictors left out: ${[...result.constantColumns, ...result.incompleteColumns].join(", ")} (constant or incomplete).`
      : "",
  ].filter((n) => n.length > 0);
  return {
    id: "readout",
    title: `Readout regression: ${column}`,
    intro: `Per-sample class frequencies (and feature percentiles when chosen) predict ${column} with ${result.model} regression; every prediction is for a donor left out of the fit (α chosen in an inner leave-one-donor-out loop).`,
    blocks: [
      {
        kind: "text",
        facts: [
          ["Samples", String(result.samples.length)],
          ["Spearman ρ (held-out)", result.spearman.toFixed(3)],
          ["R² (held-out)", result.r2.toFixed(3)],
          ["Predictors", `${result.usedColumns.length}`],
        ],
        paragraphs: notes,
      },
      {
        kind: "figure",
        title: "Observed vs predicted",
        svg,
        file: "figures/readout_observed_vs_predicted.svg",
      },
      {
        kind: "table",
        title: "Predictors' correlation with the readout (strongest first)",
        columns: ["predictor", "Pearson r", "Spearman ρ"],
        rows: result.correlations.map((c) => [c.column, c.pearson, c.spearman]),
        maxRows: 15,
        file: "tables/readout_regression.json",
      },
    ],
  };
}
