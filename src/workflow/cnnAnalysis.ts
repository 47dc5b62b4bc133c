import { join } from "node:path";
import { type CellTable, categoryValue, readCellTable } from "../analysis/cellTable.js";
import { type CropScaling, cropBatch, planarSource } from "../dl/crops.js";
import { readCropsFileInfo } from "../dl/cropsFile.js";
import {
  type ChannelOcclusion,
  type ChannelOcclusionRow,
  channelOcclusionOfDataset,
  channelOcclusionTable,
  occlusionMap,
} from "../dl/occlusion.js";
import { occlusionMapSvg } from "../dl/occlusionSvg.js";
import { CnnModel } from "../dl/onnxInference.js";
import { predictCells } from "../dl/predictCells.js";
import { readMetadataCell } from "../io/cellSource.js";
import type { Metadata } from "../io/metadata.js";

/** The CNN given to `scifai analyze --cnn`, with how its crops are made. */
export interface CnnAnalysisOptions {
  /** The network (.onnx), input [batch, C, S, S] float32, outputs logits (and optionally an embedding). */
  model: string;
  /** Crops file the network was trained on: channels, size, scaling and classes are taken from it. */
  configFrom?: string;
  /** 0-based source channels fed to the network (default: the crops file's, else 0…C−1). */
  channels?: readonly number[];
  /** Crop side (default: the crops file's, else the network's). */
  size?: number;
  /** Pixel scaling (default: the crops file's, else divide by 4095 as scifAI). */
  scaling?: CropScaling;
  /** Names of the network's outputs in order (default: the crops file's, else the classifier's classes when the counts agree). */
  classes?: readonly string[];
  /** Cells sampled for channel occlusion (default 500). */
  occlusionCells?: number;
}

/** What the CNN part of an analysis produced. */
export interface CnnAnalysis {
  predictionsPath: string;
  errorsPath: string;
  rows: number;
  errors: number;
  seconds: number;
  classes: string[];
  /** Source channels fed to the network, in order, and their names. */
  channels: number[];
  channelNames: string[];
  size: number;
  /** The CNN's predictions, aligned with the rows of `cells` (empty string where it has none). */
  predictedClass: string[];
  occlusion: ChannelOcclusion;
  occlusionRows: ChannelOcclusionRow[];
  /** Occlusion map of one cell (SVG) and which cell. */
  map: { svg: string; file: string; className: string } | null;
}

/**
 * Runs a CNN over every cell of an analysis: predictions with the columns of `scifai predict`
 * (cnn_predictions.parquet), channel occlusion over a seeded sample of cells, and an occlusion map
 * of the most confident cell predicted as `mapClass` (else the most confident cell). `cells` gives
 * the row order the predictions are aligned to (by file). Throws naming the model when it does not
 * fit the crops or its class count differs from the names.
 */
export async function runCnnAnalysis(
  metadata: Metadata,
  cells: CellTable,
  out: string,
  options: CnnAnalysisOptions,
  context: {
    channelNames?: readonly string[];
    fallbackClasses: readonly string[];
    mapClass?: string;
    workers?: number;
    seed?: number;
    step: (message: string) => void;
  },
): Promise<CnnAnalysis> {
  const saved = options.configFrom ? await readCropsFileInfo(options.configFrom) : null;
  const model = await CnnModel.load(options.model);
  try {
    const channels = [
      ...(options.channels ?? saved?.channels ?? Array.from({ length: model.channels ?? 0 }, (_, c) => c)),
    ];
    if (channels.length === 0)
      throw new Error(`${options.model}: the channel count is not fixed; give the CNN's channels`);
    const size = options.size ?? saved?.size ?? model.size;
    if (!size) throw new Error(`${options.model}: the input size is not fixed; give the CNN's crop size`);
    const scaling: CropScaling = options.scaling ?? saved?.scaling ?? { kind: "divide", factor: 4095 };
    model.checkInput(channels.length, size);
    const crop = { channels, size, scaling };
    const names = channels.map((c) => context.channelNames?.[c] ?? saved?.channelNames?.[c] ?? `Ch${c + 1}`);

    // The class count is only known after one inference; probe with the first readable cell.
    let classes = options.classes ? [...options.classes] : saved?.classes.length ? [...saved.classes] : null;
    if (!classes) {
      const outputs = await probeClassCount(model, metadata, crop);
      classes =
        outputs === context.fallbackClasses.length
          ? [...context.fallbackClasses]
          : Array.from({ length: outputs }, (_, k) => `class_${k}`);
    }

    context.step(`CNN: predicting ${metadata.rows.length} cells with ${options.model}`);
    const predictionsPath = join(out, "cnn_predictions.parquet");
    const summary = await predictCells({
      metadata,
      model,
      output: predictionsPath,
      crop,
      classes,
      workers: context.workers,
      overwrite: true,
    });
    const table = await readCellTable(predictionsPath, {
      text: ["file", "object_number", "predicted_class"],
      numeric: ["max_probability"],
    });
    const byFile = new Map<string, number>();
    const fileColumn = table.text.get("file")!;
    for (let r = 0; r < table.rows; r++) byFile.set(categoryValue(fileColumn, r), r);
    const cellFiles = cells.text.get("file")!;
    const cnnClass = table.text.get("predicted_class")!;
    const predictedClass = Array.from({ length: cells.rows }, (_, r) => {
      const at = byFile.get(categoryValue(cellFiles, r));
      return at === undefined ? "" : categoryValue(cnnClass, at);
    });

    context.step("CNN: channel occlusion");
    const occlusion = await channelOcclusionOfDataset(model, metadata, crop, {
      sampleSize: options.occlusionCells ?? 500,
      seed: context.seed ?? 0,
      workers: context.workers,
      channelNames: names,
      classNames: classes,
    });

    // Occlusion map of the CNN's most confident cell of the chosen class.
    let map: CnnAnalysis["map"] = null;
    const confidence = table.numeric.get("max_probability")!;
    let best = -1;
    for (const wanted of [context.mapClass, undefined]) {
      for (let r = 0; r < table.rows; r++) {
        if (wanted !== undefined && categoryValue(cnnClass, r) !== wanted) continue;
        if (best < 0 || confidence[r] > confidence[best]) best = r;
      }
      if (best >= 0) break;
    }
    if (best >= 0) {
      const file = categoryValue(fileColumn, best);
      const cell = readMetadataCell(
        metadata.root,
        file,
        categoryValue(table.text.get("object_number")!, best),
      );
      const image = cropBatch([planarSource(cell)], crop);
      const result = await occlusionMap(model, image, channels.length, size);
      const shown = Math.max(0, names.length - 1);
      map = {
        file,
        className: classes[result.classIndex] ?? `class_${result.classIndex}`,
        svg: occlusionMapSvg(image, channels.length, result, {
          channel: shown,
          channelName: names[shown],
          className: classes[result.classIndex],
          title: `CNN occlusion map: ${file}`,
        }),
      };
    }
    return {
      predictionsPath,
      errorsPath: summary.errorsPath,
      rows: summary.rows,
      errors: summary.errors,
      seconds: summary.seconds,
      classes,
      channels,
      channelNames: names,
      size,
      predictedClass,
      occlusion,
      occlusionRows: channelOcclusionTable(occlusion),
      map,
    };
  } finally {
    await model.close();
  }
}

/** Number of outputs of the network, from one inference on the first readable cell. */
async function probeClassCount(
  model: CnnModel,
  metadata: Metadata,
  crop: { channels: number[]; size: number; scaling: CropScaling },
): Promise<number> {
  for (const row of metadata.rows) {
    try {
      const cell = readMetadataCell(metadata.root, row.file, row.object_number);
      const image = cropBatch([planarSource(cell)], crop);
      const outputs = await model.run(image, 1, crop.channels.length, crop.size);
      return outputs.logits.length;
    } catch {
      // An unreadable cell: try the next one.
    }
  }
  throw new Error("no readable cell to run the CNN on");
}
