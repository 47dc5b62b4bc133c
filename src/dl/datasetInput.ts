import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { type Metadata, metadataGenerator } from "../io/metadata.js";
import { readMetadata } from "../io/metadataFile.js";

/**
 * The cells of a command's DATA|METADATA argument: a dataset folder is scanned (as `scifai
 * metadata` does); a metadata table (.csv, .csv.gz, .parquet made by `scifai metadata`) is read
 * with its `file` paths relative to `dataRoot` (default: the table's folder). Throws naming the
 * input when it does not exist, or when the table's first file is not found under the root.
 */
export async function readDatasetInput(
  input: string,
  options: { dataRoot?: string; onProgress?: (done: number, total: number) => void } = {},
): Promise<Metadata> {
  const stats = statSync(input, { throwIfNoEntry: false });
  if (!stats) throw new Error(`${input}: no such dataset folder or metadata file`);
  if (stats.isDirectory()) {
    if (options.dataRoot !== undefined)
      throw new Error("--data-root goes with a metadata file, not a dataset folder");
    return metadataGenerator(input, { onProgress: options.onProgress });
  }
  const root = options.dataRoot ?? dirname(input);
  const metadata = await readMetadata(input, root);
  const first = metadata.rows[0];
  if (first && !existsSync(join(metadata.root, first.file)))
    throw new Error(
      `${input}: its first file ${first.file} is not under ${metadata.root}; give the dataset folder with --data-root`,
    );
  return metadata;
}
