// A real SLURM array job over a synthetic dataset: the documented script, sbatch --array, scancel,
// resubmission, merge, and comparison with a single-machine run. CI starts a one-node cluster
// (test/slurm/localCluster.sh start) and sets SCIFAI_REQUIRE_SLURM=1, so the test cannot skip there;
// elsewhere it runs when `sinfo` answers and prints why it skips otherwise.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractToFile, runPaths } from "../../src/extract/extractToFile.js";
import { shardOutputPath } from "../../src/extract/shard.js";
import { writeSyntheticDataset } from "../../src/synth/syntheticDataset.js";

const CLI = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));
const SCRIPT = fileURLToPath(new URL("../../docs/cluster/scifai-extract.sbatch", import.meta.url));
const slurmUp = spawnSync("sinfo", ["-h"], { encoding: "utf8" }).status === 0;
const required = process.env.SCIFAI_REQUIRE_SLURM === "1";
if (!slurmUp)
  console.log(
    `SLURM test ${required ? "FAILS" : "skipped"}: 'sinfo' does not answer (start test/slurm/localCluster.sh)`,
  );

// Under /tmp so that slurmd (running as root) can read and write it.
const scratch = mkdtempSync(join(tmpdir(), "scifai-slurm-test-"));
const data = join(scratch, "data");
const logs = join(scratch, "logs");
const CHUNK = "--chunk-size 16";
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function submit(array: string, out: string, shardCount?: number): string {
  const count = shardCount === undefined ? "" : `,SCIFAI_SHARD_COUNT=${shardCount}`;
  const result = execFileSync(
    "sbatch",
    [
      "--parsable",
      `--array=${array}`,
      "--cpus-per-task=1",
      `--output=${logs}/%A_%a.out`,
      `--export=ALL,DATA=${data},OUT=${out},SCIFAI=${process.execPath} ${CLI},SCIFAI_EXTRACT_OPTIONS=${CHUNK}${count}`,
      SCRIPT,
    ],
    { encoding: "utf8", cwd: scratch },
  );
  return result.trim().split(";")[0];
}

async function waitForJob(jobId: string, timeoutMs = 300_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const queued = execFileSync("squeue", ["-h", "-j", jobId], { encoding: "utf8" }).trim();
    if (queued === "") return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`SLURM job ${jobId} still queued after ${timeoutMs} ms`);
}

function slurmLogs(): string {
  return existsSync(logs)
    ? readdirSync(logs)
        .map((name) => `--- ${name}\n${readFileSync(join(logs, name), "utf8")}`)
        .join("\n")
    : "(no logs)";
}

function shardPaths(out: string): string[] {
  return [0, 1, 2, 3].map((index) => shardOutputPath(out, { index, count: 4 }));
}

describe.runIf(slurmUp || required)("SLURM array job", () => {
  const single = join(scratch, "single.parquet");
  beforeAll(async () => {
    mkdirSync(logs, { recursive: true });
    writeSyntheticDataset(data, { cells: 1200, channels: 5, seed: 9, broken: 3 });
    await extractToFile({ data, output: single, spec: { features: "readme" }, workers: 2, chunkSize: 16 });
  });

  it("runs sbatch --array=0-3 and merges to the single-machine output, value for value", async () => {
    const out = join(scratch, "array.parquet");
    const job = submit("0-3", out);
    await waitForJob(job);
    for (const shard of shardPaths(out)) expect(existsSync(shard), `${shard}\n${slurmLogs()}`).toBe(true);
    const merged = join(scratch, "merged.parquet");
    execFileSync(process.execPath, [CLI, "merge", ...shardPaths(out), "-o", merged]);
    expect(readFileSync(merged).equals(readFileSync(single))).toBe(true);
    expect(readFileSync(runPaths(merged).errors, "utf8")).toBe(readFileSync(runPaths(single).errors, "utf8"));
  });

  it("survives scancel of one task: resubmitting it resumes, and the merge is still exact", async () => {
    const out = join(scratch, "cancelled.parquet");
    const job = submit("0-3", out);
    const victim = shardPaths(out)[2];
    const state = runPaths(victim).state;
    const started = Date.now();
    while (!existsSync(state) || JSON.parse(readFileSync(state, "utf8")).chunksDone < 1) {
      if (Date.now() - started > 120_000) throw new Error(`task 2 never started\n${slurmLogs()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    execFileSync("scancel", [`${job}_2`]);
    await waitForJob(job);
    expect(existsSync(victim)).toBe(false); // cancelled part-way: no output yet, only its progress
    const done = JSON.parse(readFileSync(state, "utf8")).chunksDone;
    expect(done).toBeGreaterThanOrEqual(1);
    // As docs/cluster.md says: a single resubmitted task needs the shard count.
    const again = submit("2", out, 4);
    await waitForJob(again);
    const log = readFileSync(join(logs, `${again}_2.out`), "utf8");
    expect(log).toMatch(/resumed at chunk \d+\/\d+/);
    // The script logs progress (--progress-every) instead of silencing it: at least the first and last.
    expect(log).toMatch(/^extract shard 2\/4: \d+\/\d+ \(\d+\/s, ETA \d+s\)/m);
    const merged = join(scratch, "merged-after-cancel.parquet");
    execFileSync(process.execPath, [CLI, "merge", ...shardPaths(out), "-o", merged]);
    expect(readFileSync(merged).equals(readFileSync(single))).toBe(true);
    console.log(`scancel after ${done} chunk(s) of task 2; resubmitted task resumed and the merge is exact`);
  });
});
