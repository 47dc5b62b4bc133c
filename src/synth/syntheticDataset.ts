import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { csvText } from "../io/csvFormat.js";
import { type DatasetDefinition, encodeHdf5 } from "../io/hdf5/writer.js";
import { createRandom, type SeededRandom } from "../util/random.js";
import { type RenderedCell, renderCell } from "./cellRenderer.js";
import { panelFor } from "./panels.js";
import {
  changedClasses,
  DEFAULT_CONDITIONS,
  DEFAULT_DONORS,
  SYNTH_CLASSES,
  type SynthClass,
  type SynthCondition,
} from "./scenario.js";

/** Options of `writeSyntheticDataset`. */
export interface SynthOptions {
  /** Number of cells in total, spread evenly over donors × conditions. */
  cells: number;
  /** 5 (BF, F-Actin, MHCII, CD3, P-CD3zeta) or 8 (the study's full panel). */
  channels: 5 | 8;
  /** Seed; the same seed gives byte-identical files. */
  seed: number;
  /** Fraction of cells whose file carries a label (default 0.4). */
  labeledFraction?: number;
  /** Fraction of stored labels replaced by another class, as human annotators err (default 0.03). */
  labelNoise?: number;
  /** Number of broken files to add (not HDF5, truncated, no image, mask shape mismatch…). */
  broken?: number;
  /** Store pixels gzip-compressed in chunks (smaller files, slower reading). */
  gzip?: boolean;
  /** Called after each cell with the number written so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** What was written, including the planted truth that analyses should recover. */
export interface SynthSummary {
  root: string;
  cells: number;
  labeled: number;
  broken: string[];
  /** Cells per true class. */
  classCounts: Record<SynthClass, number>;
  /** Classes whose frequency differs between the control and the stimulated condition. */
  changedClasses: SynthClass[];
  /** Marker of each channel, in order (BF first). */
  channelNames: string[];
}

/** Per-sample readout file at the dataset root (experiment, donor, condition, value); hidden, so never scanned. */
export const SYNTH_READOUT_FILE = ".scifai-readouts.csv";
/** Its value column: IL-2 (pg/ml) = 20 + 15 × % true Synapses_with_signaling + N(0, 3²). */
export const SYNTH_READOUT_COLUMN = "IL2_pg_per_ml";

/** Name of the (hidden, so never scanned) file holding the design and planted truth. */
export const SYNTH_TRUTH_FILE = ".scifai-synth.json";
/** Name of the hidden per-cell truth table (file, true class, whether labelled). */
export const SYNTH_CELL_TRUTH_FILE = ".scifai-synth-cells.csv";

const BROKEN_KINDS = ["not_hdf5", "truncated", "no_image_key", "shape_mismatch", "empty_file"] as const;

/**
 * Writes a synthetic IFC dataset in the scifAI layout `OUT/<experiment>/<donor>/<condition>/*.h5`
 * with known truth: six donors in two experiments, a control and a stimulated condition whose
 * class frequencies differ only for T_cell, T_cell_with_signaling and Synapses_with_signaling.
 * Existing content of `root` is replaced. Output bytes depend only on the options.
 */
export function writeSyntheticDataset(root: string, options: SynthOptions): SynthSummary {
  const panel = panelFor(options.channels);
  const labeledFraction = options.labeledFraction ?? 0.4;
  const labelNoise = options.labelNoise ?? 0.03;
  if (!Number.isInteger(options.cells) || options.cells < 1)
    throw new RangeError("cells must be a whole number ≥ 1");
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });

  const design = createRandom(options.seed);
  const folders = DEFAULT_DONORS.flatMap((d) => DEFAULT_CONDITIONS.map((condition) => ({ ...d, condition })));
  // Donor effects: each donor has its own brightness and its own class propensities, shared by
  // both conditions, so that comparisons are paired by donor as in the study.
  const donorEffects = DEFAULT_DONORS.map(() => ({
    brightness: Math.exp(0.12 * design.normal()),
    propensity: SYNTH_CLASSES.map(() => Math.exp(0.12 * design.normal())),
  }));

  const classCounts = Object.fromEntries(SYNTH_CLASSES.map((c) => [c, 0])) as Record<SynthClass, number>;
  const truthLines = ["file,true_class,label"];
  let written = 0;
  let labeled = 0;
  const broken: string[] = [];
  const synapsesWithSignaling = folders.map(() => ({ cells: 0, signaling: 0 }));
  folders.forEach((folder, f) => {
    const folderCells =
      Math.floor(options.cells / folders.length) + (f < options.cells % folders.length ? 1 : 0);
    const donorIndex = Math.floor(f / DEFAULT_CONDITIONS.length);
    const effect = donorEffects[donorIndex];
    const weights = SYNTH_CLASSES.map((c, i) => folder.condition.frequencies[c] * effect.propensity[i]);
    const relative = `${folder.experiment}/${folder.donor}/${folder.condition.name}`;
    const directory = join(root, folder.experiment, folder.donor, folder.condition.name);
    mkdirSync(directory, { recursive: true });
    const firstObject = 1 + design.integer(50);
    for (let i = 0; i < folderCells; i++) {
      const cellClass = SYNTH_CLASSES[drawCategory(weights, design)];
      const cellSeed = design.nextUint32() * 2097152 + (design.nextUint32() >>> 11);
      const isLabeled = design.uniform() < labeledFraction;
      const noisy = design.uniform() < labelNoise;
      const storedLabel = noisy
        ? SYNTH_CLASSES[
            (SYNTH_CLASSES.indexOf(cellClass) + 1 + design.integer(SYNTH_CLASSES.length - 1)) %
              SYNTH_CLASSES.length
          ]
        : cellClass;
      const cell = renderCell(
        cellClass,
        panel,
        {
          signalStrength: folder.condition.signalStrength,
          antibodyBound: folder.condition.stimulated,
          donorBrightness: effect.brightness,
        },
        createRandom(cellSeed),
      );
      const name = `${folder.experiment}_${folder.donor}_${firstObject + i}.h5`;
      writeFileSync(
        join(directory, name),
        encodeCell(cell, isLabeled ? storedLabel : null, options.gzip ?? false),
      );
      truthLines.push(
        [`${relative}/${name}`, cellClass, isLabeled ? storedLabel : ""].map(csvText).join(","),
      );
      classCounts[cellClass]++;
      synapsesWithSignaling[f].cells++;
      if (cellClass === "Synapses_with_signaling") synapsesWithSignaling[f].signaling++;
      if (isLabeled) labeled++;
      written++;
      options.onProgress?.(written, options.cells);
    }
  });

  for (let k = 0; k < (options.broken ?? 0); k++) {
    const folder = folders[k % folders.length];
    const kind = BROKEN_KINDS[k % BROKEN_KINDS.length];
    const name = `broken_${kind}_${90000 + k}.h5`;
    const relative = `${folder.experiment}/${folder.donor}/${folder.condition.name}/${name}`;
    writeFileSync(join(root, relative), brokenFileBytes(kind, panel.length, design));
    broken.push(relative);
  }

  // A per-sample readout (an IL-2 concentration) driven by the true share of signalling synapses,
  // for the readout regression. Its own generator: the cells do not change with it.
  const readoutRandom = createRandom(options.seed + 7919);
  const readoutLines = [`experiment,donor,condition,${SYNTH_READOUT_COLUMN}`];
  folders.forEach((folder, f) => {
    const { cells, signaling } = synapsesWithSignaling[f];
    const percent = cells > 0 ? (100 * signaling) / cells : 0;
    const value = 20 + 15 * percent + 3 * readoutRandom.normal();
    readoutLines.push(
      [folder.experiment, folder.donor, folder.condition.name, value.toFixed(3)].map(csvText).join(","),
    );
  });
  writeFileSync(join(root, SYNTH_READOUT_FILE), `${readoutLines.join("\n")}\n`);

  const summary: SynthSummary = {
    root,
    cells: written,
    labeled,
    broken,
    classCounts,
    changedClasses: changedClasses(DEFAULT_CONDITIONS[0], DEFAULT_CONDITIONS[1]),
    channelNames: [...panel],
  };
  writeFileSync(join(root, SYNTH_CELL_TRUTH_FILE), `${truthLines.join("\n")}\n`);
  writeFileSync(
    join(root, SYNTH_TRUTH_FILE),
    `${JSON.stringify(
      {
        generator: "scifai synth",
        seed: options.seed,
        channels: panel,
        cells: written,
        labeledFraction,
        labelNoise,
        classes: SYNTH_CLASSES,
        conditions: DEFAULT_CONDITIONS.map((c: SynthCondition) => ({
          name: c.name,
          stimulated: c.stimulated,
          frequencies: c.frequencies,
          signalStrength: c.signalStrength,
        })),
        donors: DEFAULT_DONORS,
        changedClasses: summary.changedClasses,
        plantedReadout: `${SYNTH_READOUT_FILE}: ${SYNTH_READOUT_COLUMN} = 20 + 15 × % true Synapses_with_signaling of the sample + N(0, 3²)`,
        plantedMorphology:
          "P-CD3zeta signal of signalling T cells is 1.5x brighter under the stimulated condition; F-Actin is enriched at the synapse of signalling cells",
        broken,
      },
      null,
      2,
    )}\n`,
  );
  return summary;
}

function drawCategory(weights: number[], random: SeededRandom): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let u = random.uniform() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}

function encodeCell(cell: RenderedCell, label: string | null, gzip: boolean): Uint8Array {
  const shape = [cell.height, cell.width, cell.channels];
  const chunks = gzip ? [Math.ceil(cell.height / 2), Math.ceil(cell.width / 2), cell.channels] : undefined;
  const datasets: DatasetDefinition[] = [
    {
      name: "image",
      data: cell.image,
      shape,
      chunks,
      gzipLevel: gzip ? 4 : undefined,
      shuffle: gzip || undefined,
    },
    { name: "mask", data: cell.mask, shape, chunks, gzipLevel: gzip ? 4 : undefined },
  ];
  if (label !== null) datasets.push({ name: "label", text: label });
  return encodeHdf5(datasets);
}

function brokenFileBytes(
  kind: (typeof BROKEN_KINDS)[number],
  channels: number,
  random: SeededRandom,
): Uint8Array {
  const height = 40;
  const width = 50;
  const pixels = new Uint16Array(height * width * channels).map(() => random.integer(4096));
  const mask = new Uint8Array(height * width * channels);
  switch (kind) {
    case "not_hdf5":
      return new TextEncoder().encode("this is not an HDF5 file\n");
    case "empty_file":
      return new Uint8Array(0);
    case "truncated": {
      const whole = encodeHdf5([{ name: "image", data: pixels, shape: [height, width, channels] }]);
      return whole.slice(0, Math.floor(whole.length / 3));
    }
    case "no_image_key":
      return encodeHdf5([{ name: "picture", data: pixels, shape: [height, width, channels] }]);
    case "shape_mismatch":
      return encodeHdf5([
        { name: "image", data: pixels, shape: [height, width, channels] },
        {
          name: "mask",
          data: mask.subarray(0, (height - 1) * width * channels),
          shape: [height - 1, width, channels],
        },
        { name: "label", text: "B_cell" },
      ]);
  }
}
