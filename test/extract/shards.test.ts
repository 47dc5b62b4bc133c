import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractToFile, runPaths } from "../../src/extract/extractToFile.js";
import { mergeShards } from "../../src/extract/mergeShards.js";
import { parseShard, shardChunks, shardManifestPath, shardOutputPath } from "../../src/extract/shard.js";
import { openTable } from "../../src/io/tableReader.js";
import { writeSyntheticDataset } from "../../src/synth/syntheticDataset.js";

const CLI = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "scifai-shards-"));
const data = join(scratch, "data");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(() => {
  writeSyntheticDataset(data, { cells: 300, channels: 5, seed: 5, broken: 4 });
});

describe("shard arithmetic", () => {
  it("parses i/N and reads SLURM or Kubernetes task indices for auto", () => {
    expect(parseShard("2/8")).toEqual({ index: 2, count: 8 });
    // A resubmitted single task (sbatch --array=2) sees a count of 1: SCIFAI_SHARD_COUNT fixes it.
    expect(
      parseShard("auto", { SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_COUNT: "1", SCIFAI_SHARD_COUNT: "4" }),
    ).toEqual({
      index: 2,
      count: 4,
    });
    expect(() => parseShard("auto", { SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_COUNT: "1" })).toThrow(
      /SCIFAI_SHARD_COUNT/,
    );
    expect(parseShard("auto", { SLURM_ARRAY_TASK_ID: "3", SLURM_ARRAY_TASK_COUNT: "4" })).toEqual({
      index: 3,
      count: 4,
    });
    expect(parseShard("auto", { JOB_COMPLETION_INDEX: "0", SCIFAI_SHARD_COUNT: "2" })).toEqual({
      index: 0,
      count: 2,
    });
    expect(() => parseShard("auto", {})).toThrow(/SLURM_ARRAY_TASK_ID/);
    expect(() => parseShard("auto", { JOB_COMPLETION_INDEX: "1" })).toThrow(/SCIFAI_SHARD_COUNT/);
    expect(() => parseShard("4/4")).toThrow(/below/);
    expect(() => parseShard("one/4")).toThrow(/i\/N/);
  });

  it("splits chunks into contiguous, balanced, complete ranges", () => {
    for (const [chunks, count] of [
      [5, 3],
      [700, 32],
      [3, 8],
    ]) {
      const ranges = Array.from({ length: count }, (_, index) => shardChunks(chunks, { index, count }));
      expect(ranges[0].first).toBe(0);
      expect(ranges.at(-1)!.end).toBe(chunks);
      ranges.slice(1).forEach((r, i) => {
        expect(r.first).toBe(ranges[i].end);
      });
      const sizes = ranges.map((r) => r.end - r.first);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it("names shard outputs next to the output, or where {shard} says", () => {
    expect(shardOutputPath("/x/features.parquet", { index: 3, count: 8 })).toBe(
      "/x/features.shard-0003-of-0008.parquet",
    );
    expect(shardOutputPath("f.csv.gz", { index: 0, count: 2 })).toBe("f.shard-0000-of-0002.csv.gz");
    expect(shardOutputPath("out/part-{shard}.csv", { index: 12, count: 20000 })).toBe("out/part-00012.csv");
  });
});

async function shardAndMerge(
  extension: string,
  count: number,
): Promise<{ single: string; merged: string; shards: string[] }> {
  const single = join(scratch, `single.${extension}`);
  if (!existsSync(single))
    await extractToFile({ data, output: single, spec: { features: "readme" }, workers: 2, chunkSize: 16 });
  const shards: string[] = [];
  for (const index of [...Array(count).keys()].reverse()) {
    const summary = await extractToFile({
      data,
      output: join(scratch, `part.${extension}`),
      spec: { features: "readme" },
      workers: 1,
      chunkSize: 16,
      shard: { index, count },
    });
    shards.push(summary.output);
  }
  const merged = join(scratch, `merged-${count}.${extension}`);
  await mergeShards(shards, merged, { overwrite: true });
  return { single, merged, shards };
}

async function tableValues(path: string): Promise<unknown> {
  const reader = await openTable(path);
  const batches = [];
  for await (const batch of reader.batches())
    batches.push({ text: batch.text, numeric: batch.numeric.map((c) => Array.from(c)) });
  reader.close();
  return batches;
}

describe("merge of shards", () => {
  for (const extension of ["csv", "csv.gz", "parquet"]) {
    it(`gives the single-machine .${extension} output and error file byte for byte`, async () => {
      const { single, merged } = await shardAndMerge(extension, 3);
      expect(readFileSync(merged).equals(readFileSync(single))).toBe(true);
      expect(readFileSync(runPaths(merged).errors, "utf8")).toBe(
        readFileSync(runPaths(single).errors, "utf8"),
      );
      expect(readFileSync(runPaths(merged).errors, "utf8").trim().split("\n")).toHaveLength(5);
    });
  }

  it("gives the single-machine .h5ad values", async () => {
    const { single, merged } = await shardAndMerge("h5ad", 2);
    expect(await tableValues(merged)).toEqual(await tableValues(single));
  });

  it("refuses an incomplete set, naming the missing shards", async () => {
    const { shards } = await shardAndMerge("parquet", 4);
    await expect(mergeShards([shards[0], shards[2]], join(scratch, "incomplete.parquet"))).rejects.toThrow(
      /missing shards \d, \d of 4/,
    );
    await expect(
      mergeShards([shards[0], shards[0], shards[1], shards[2]], join(scratch, "twice.parquet")),
    ).rejects.toThrow(/given twice/);
  });

  it("refuses shards of different runs (features, channel names, metadata)", async () => {
    const base = { data, workers: 1, chunkSize: 16 } as const;
    const a = await extractToFile({
      ...base,
      output: join(scratch, "a.parquet"),
      spec: { features: "readme" },
      shard: { index: 0, count: 2 },
    });
    const b = await extractToFile({
      ...base,
      output: join(scratch, "b.parquet"),
      spec: { features: "GLCMFeatures" },
      shard: { index: 1, count: 2 },
    });
    await expect(mergeShards([a.output, b.output], join(scratch, "mixed.parquet"))).rejects.toThrow(
      /another feature set/,
    );
    const c = await extractToFile({
      ...base,
      output: join(scratch, "c.parquet"),
      spec: { features: "readme", channelNames: ["BF", "F-Actin", "MHCII", "CD3", "P-CD3zeta"] },
      shard: { index: 1, count: 2 },
    });
    await expect(mergeShards([a.output, c.output], join(scratch, "named.parquet"))).rejects.toThrow(
      /names the channels/,
    );
    const manifest = JSON.parse(readFileSync(shardManifestPath(c.output), "utf8"));
    writeFileSync(shardManifestPath(c.output), JSON.stringify({ ...manifest, datasetDigest: "other" }));
    await expect(mergeShards([a.output, c.output], join(scratch, "other.parquet"))).rejects.toThrow(
      /metadata/,
    );
    await expect(mergeShards([join(scratch, "nothing.parquet")], join(scratch, "n.parquet"))).rejects.toThrow(
      /not found/,
    );
  });

  it("a shard killed with SIGKILL resumes, and the merge is still exact", async () => {
    const { single } = await shardAndMerge("parquet", 2);
    const out = join(scratch, "killed.parquet");
    const args = (index: number) => [
      CLI,
      "extract",
      data,
      "-o",
      out,
      "--shard",
      `${index}/2`,
      "--chunk-size",
      "16",
      "--workers",
      "1",
      "-q",
    ];
    execFileSync(process.execPath, args(0));
    const shard1 = shardOutputPath(out, { index: 1, count: 2 });
    const child = spawn(process.execPath, args(1), { stdio: "ignore" });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    while (
      !existsSync(runPaths(shard1).state) ||
      JSON.parse(readFileSync(runPaths(shard1).state, "utf8")).chunksDone < 2
    ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill("SIGKILL");
    await exited;
    expect(existsSync(shard1)).toBe(false);
    await expect(
      mergeShards([shardOutputPath(out, { index: 0, count: 2 }), shard1], join(scratch, "early.parquet")),
    ).rejects.toThrow(/has not finished/);
    execFileSync(process.execPath, args(1));
    const merged = join(scratch, "killed-merged.parquet");
    execFileSync(process.execPath, [
      CLI,
      "merge",
      shardOutputPath(out, { index: 0, count: 2 }),
      shard1,
      "-o",
      merged,
    ]);
    expect(readFileSync(merged).equals(readFileSync(single))).toBe(true);
  });
});
