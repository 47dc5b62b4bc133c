import { basename, dirname, join } from "node:path";
import type { TableFormat } from "../io/tableFormat.js";
import type { SinkState } from "../io/tableSink.js";

/** One part of a dataset split over several machines: shard `index` of `count` (0-based). */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Parses `--shard`: "i/N" (0 ≤ i < N), or "auto" to read the task index of the scheduler running
 * us: SLURM array jobs (index SLURM_ARRAY_TASK_ID, arrays numbered 0…N−1) or Kubernetes Indexed
 * Jobs (index JOB_COMPLETION_INDEX). The count N is SCIFAI_SHARD_COUNT when set, else SLURM's
 * SLURM_ARRAY_TASK_COUNT; set SCIFAI_SHARD_COUNT when resubmitting single tasks (sbatch --array=7
 * sees a count of 1) and for Kubernetes (to the Job's completions). Throws saying what is missing.
 */
export function parseShard(text: string, env: NodeJS.ProcessEnv = process.env): Shard {
  if (text === "auto") {
    const explicitCount =
      env.SCIFAI_SHARD_COUNT === undefined
        ? undefined
        : wholeNumber(env.SCIFAI_SHARD_COUNT, "SCIFAI_SHARD_COUNT");
    if (env.SLURM_ARRAY_TASK_ID !== undefined) {
      const count =
        explicitCount ??
        (env.SLURM_ARRAY_TASK_COUNT === undefined
          ? undefined
          : wholeNumber(env.SLURM_ARRAY_TASK_COUNT, "SLURM_ARRAY_TASK_COUNT"));
      if (count === undefined)
        throw new Error("--shard auto: neither SCIFAI_SHARD_COUNT nor SLURM_ARRAY_TASK_COUNT is set");
      return checkedShard(wholeNumber(env.SLURM_ARRAY_TASK_ID, "SLURM_ARRAY_TASK_ID"), count);
    }
    if (env.JOB_COMPLETION_INDEX !== undefined) {
      if (explicitCount === undefined) {
        throw new Error(
          "--shard auto: JOB_COMPLETION_INDEX is set but SCIFAI_SHARD_COUNT is not (set it to the Job's completions)",
        );
      }
      return checkedShard(wholeNumber(env.JOB_COMPLETION_INDEX, "JOB_COMPLETION_INDEX"), explicitCount);
    }
    throw new Error(
      "--shard auto: neither SLURM_ARRAY_TASK_ID (SLURM array job) nor JOB_COMPLETION_INDEX (Kubernetes Indexed Job) is set",
    );
  }
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) throw new Error(`--shard must be i/N (for example 0/4) or auto, got '${text}'`);
  return checkedShard(Number(match[1]), Number(match[2]));
}

function wholeNumber(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got '${text}'`);
  return value;
}

function checkedShard(index: number, count: number): Shard {
  if (count < 1) throw new Error(`shard count must be ≥ 1, got ${count}`);
  if (index >= count) {
    throw new Error(
      `shard index ${index} is not below the shard count ${count} (number SLURM arrays 0…N−1; set SCIFAI_SHARD_COUNT when resubmitting one task)`,
    );
  }
  return { index, count };
}

/**
 * The chunks [first, end) of shard `index` of `count` when a run has `chunks` chunks: contiguous
 * and balanced (sizes differ by at most one chunk), so shards hold consecutive metadata rows and
 * their outputs concatenate in shard order to the single-machine output.
 */
export function shardChunks(chunks: number, shard: Shard): { first: number; end: number } {
  return {
    first: Math.floor((shard.index * chunks) / shard.count),
    end: Math.floor(((shard.index + 1) * chunks) / shard.count),
  };
}

/**
 * The output path of a shard: `{shard}` in `output` is replaced by the zero-padded index; otherwise
 * `.shard-0003-of-0008` goes before the extension (`features.parquet` → `features.shard-0003-of-0008.parquet`).
 */
export function shardOutputPath(output: string, shard: Shard): string {
  const width = Math.max(4, String(shard.count - 1).length);
  const index = String(shard.index).padStart(width, "0");
  if (output.includes("{shard}")) return output.replaceAll("{shard}", index);
  const name = basename(output);
  const match = /^(.*?)(\.csv\.gz|\.[^.]+)?$/.exec(name)!;
  return join(
    dirname(output),
    `${match[1]}.shard-${index}-of-${String(shard.count).padStart(width, "0")}${match[2] ?? ""}`,
  );
}

/** Where a finished shard describes itself for `scifai merge`. */
export function shardManifestPath(shardOutput: string): string {
  return `${shardOutput}.shard.json`;
}

/** What a finished shard records next to its output, for `scifai merge` to check and join shards. */
export interface ShardManifest {
  version: 1;
  shard: Shard;
  /** Digest of the whole run's metadata rows (all shards must agree). */
  datasetDigest: string;
  /** Digest of the feature specification, channel count and column names. */
  featureDigest: string;
  format: TableFormat;
  featureColumns: string[];
  channelNames: string[] | null;
  chunkSize: number;
  /** Chunks of the whole run. */
  chunks: number;
  /** This shard's chunks [firstChunk, endChunk). */
  firstChunk: number;
  endChunk: number;
  /** Rows of the whole metadata table. */
  metadataRows: number;
  /** Rows in this shard's output. */
  rows: number;
  rowsPerChunk: number[];
  errors: number;
  /** The sink's state before the first chunk (for CSV: the header's byte length). */
  initialSink: SinkState;
}
