import { appendFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { csvText } from "../io/csvFormat.js";
import { labelKey, readLabelSidecar } from "../ml/labeledDataset.js";

/** File name of the viewer's labels inside RESULTS_DIR. */
export const LABEL_SIDECAR = "labels.sidecar.csv";

const HEADER = "file,object_number,label,user,time\n";

/** A label a user gave one cell. */
export interface AssignedLabel {
  file: string;
  objectNumber: string;
  label: string;
}

/**
 * The append-only label file of a results folder: RESULTS_DIR/labels.sidecar.csv with one line per
 * assignment (file, object_number, label, user, ISO time). Source tables are never touched; the
 * latest line of a cell is its label (what `scifai train --labels` reads).
 */
export class LabelSidecar {
  readonly path: string;
  private readonly current: Map<string, string>;

  constructor(resultsRoot: string) {
    this.path = join(resultsRoot, LABEL_SIDECAR);
    this.current = existsSync(this.path) ? readLabelSidecar(this.path) : new Map();
  }

  /** Appends one line per label with `user` and the current time; returns the number written. */
  append(labels: readonly AssignedLabel[], user: string, now = new Date()): number {
    if (labels.length === 0) return 0;
    const time = now.toISOString();
    const lines = labels
      .map((l) => [l.file, l.objectNumber, l.label, user, time].map(csvText).join(","))
      .join("\n");
    appendFileSync(this.path, `${existsSync(this.path) ? "" : HEADER}${lines}\n`);
    for (const l of labels) this.current.set(labelKey(l.file, l.objectNumber), l.label);
    return labels.length;
  }

  /** The latest label a user gave a cell, or undefined. */
  labelOf(file: string, objectNumber: string): string | undefined {
    return this.current.get(labelKey(file, objectNumber));
  }

  /** Number of cells with a user label. */
  get size(): number {
    return this.current.size;
  }
}
