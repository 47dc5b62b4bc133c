import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** One cell file found in the scifAI layout `DATA/<experiment>/<donor>/<condition>/<name>.h5`. */
export interface LayoutFile {
  /** Path relative to the dataset root, with `/` separators. */
  file: string;
  experiment: string;
  donor: string;
  condition: string;
  /** File name without folders. */
  name: string;
}

/** The cell files of a dataset, in scan order, and what did not fit the layout. */
export interface DatasetLayout {
  /** Files in experiment, donor, condition, then file-name order (code-point order at each level). */
  files: LayoutFile[];
  /** Relative paths of files and folders that do not fit the layout (hidden entries excluded). */
  misplaced: string[];
}

/** Compares strings by Unicode code points, as Python's `sorted` does (not locale order). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    if (x[i] !== y[i]) return (x[i].codePointAt(0) ?? 0) - (y[i].codePointAt(0) ?? 0);
  }
  return x.length - y.length;
}

interface Entry {
  name: string;
  directory: boolean;
}

function listSorted(path: string): Entry[] {
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith("."))
    .map((entry) => ({ name: entry.name, directory: entry.isDirectory() }))
    .sort((a, b) => compareCodePoints(a.name, b.name));
}

/** A condition folder of the layout: `root/<experiment>/<donor>/<condition>`. */
export interface ConditionFolder {
  experiment: string;
  donor: string;
  condition: string;
  /** `experiment/donor/condition`, with `/` separators. */
  relative: string;
}

/**
 * Walks `root/<experiment>/<donor>/<condition>/*.h5` (and Amnis `*.cif` / `*.rif` files, which hold
 * many cells each). Names are kept exactly as on disk (spaces
 * and non-ASCII included); entries starting with "." are ignored; anything else that does not fit
 * (a file above the condition level, a folder or a non-.h5 file inside a condition) is reported
 * in `misplaced` rather than scanned. Throws if `root` is not a readable folder.
 */
export function scanDatasetLayout(root: string): DatasetLayout {
  const files: LayoutFile[] = [];
  const misplaced: string[] = [];
  for (const folder of conditionFolders(root, misplaced)) {
    for (const file of folderCellFiles(root, folder, misplaced)) files.push(file);
  }
  return { files, misplaced };
}

/**
 * The condition folders of the layout in scan order (code-point order at each level), one at a
 * time so that a scan of millions of files holds one folder's listing at once. Entries above the
 * condition level that do not fit go to `misplaced`. Throws if `root` is not a readable folder.
 */
export function* conditionFolders(root: string, misplaced: string[]): Generator<ConditionFolder> {
  if (!existsSync(root)) throw new Error(`${root}: dataset folder not found`);
  if (!statSync(root).isDirectory())
    throw new Error(`${root}: not a folder (expected DATA/<experiment>/<donor>/<condition>/*.h5)`);
  for (const experiment of listSorted(root)) {
    if (!experiment.directory) {
      misplaced.push(experiment.name);
      continue;
    }
    for (const donor of listSorted(join(root, experiment.name))) {
      const donorPath = `${experiment.name}/${donor.name}`;
      if (!donor.directory) {
        misplaced.push(donorPath);
        continue;
      }
      for (const condition of listSorted(join(root, experiment.name, donor.name))) {
        const relative = `${donorPath}/${condition.name}`;
        if (!condition.directory) {
          misplaced.push(relative);
          continue;
        }
        yield { experiment: experiment.name, donor: donor.name, condition: condition.name, relative };
      }
    }
  }
}

/** The cell files of one condition folder in file-name order; other entries go to `misplaced`. */
export function folderCellFiles(root: string, folder: ConditionFolder, misplaced: string[]): LayoutFile[] {
  const files: LayoutFile[] = [];
  for (const entry of listSorted(join(root, folder.relative))) {
    const file = `${folder.relative}/${entry.name}`;
    if (entry.directory || !isCellFileName(entry.name)) {
      misplaced.push(entry.directory ? `${file}/` : file);
      continue;
    }
    files.push({
      file,
      experiment: folder.experiment,
      donor: folder.donor,
      condition: folder.condition,
      name: entry.name,
    });
  }
  return files;
}

/** How many cell files of each kind one condition folder holds (no sorting; for progress totals). */
export function countFolderCellFiles(root: string, folder: ConditionFolder): { h5: number; cif: number } {
  let h5 = 0;
  let cif = 0;
  for (const entry of readdirSync(join(root, folder.relative), { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.isDirectory()) continue;
    if (entry.name.endsWith(".h5")) h5++;
    else if (isCifFileName(entry.name)) cif++;
  }
  return { h5, cif };
}

/** True for the files a condition folder holds cells in: .h5 (one cell) or Amnis .cif/.rif (many). */
export function isCellFileName(name: string): boolean {
  return name.endsWith(".h5") || isCifFileName(name);
}

/** True for Amnis image files (.cif compensated, .rif raw), which hold many cells each. */
export function isCifFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.endsWith(".cif") || lower.endsWith(".rif");
}

/** scifAI's object number: the last `_`-separated token of the file name without `.h5`. */
export function objectNumberOf(fileName: string): string {
  return fileName.replace(/\.h5$/, "").split("_").at(-1) ?? "";
}
