import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { IFC_REFERENCE, IFC_SMALL } from "../helpers/fixtures.js";

const CLI = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "scifai-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function scifai(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("scifai CLI", () => {
  it("prints help for the program and every command", () => {
    const help = scifai("--help");
    expect(help.code).toBe(0);
    for (const command of [
      "metadata",
      "synth",
      "demo",
      "extract",
      "clean",
      "merge",
      "train",
      "predict",
      "evaluate",
      "import-cif",
    ]) {
      expect(help.stdout).toContain(command);
      const sub = scifai(command, "--help");
      expect(sub.code).toBe(0);
      expect(sub.stdout).toContain(`Usage: scifai ${command}`);
    }
  });

  it("exits 2 on usage errors", () => {
    expect(scifai("metadata", IFC_SMALL).code).toBe(2); // no -o
    expect(scifai("metadata", IFC_SMALL, "-o", join(scratch, "x.txt")).code).toBe(2);
    expect(scifai("synth", join(scratch, "s"), "--channels", "6").code).toBe(2);
    expect(scifai("synth", join(scratch, "s"), "--cells", "lots").code).toBe(2);
    expect(scifai("no-such-command").code).toBe(2);
    const interval = scifai("extract", IFC_SMALL, "-o", join(scratch, "p.parquet"), "--progress-every", "0");
    expect(interval.code).toBe(2);
    expect(interval.stderr).toContain("--progress-every must be a number in [0.1, 86400], got '0'");
  });

  it("extract writes progress lines at the --progress-every interval when stderr is not a terminal", () => {
    // 400 cells take about a second on one worker: 8 lines at 0.1 s here, 2 (first and last) at 5 s.
    const data = join(scratch, "progress-data");
    expect(scifai("synth", data, "--cells", "400", "--seed", "2", "-q").code).toBe(0);
    const output = join(scratch, "progress.parquet");
    const run = scifai("extract", data, "-o", output, "--workers", "1", "--progress-every", "0.1");
    expect(run.code).toBe(0);
    const lines = run.stderr.split("\n").filter((line) => line.startsWith("extract: "));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines) expect(line).toMatch(/^extract: \d+\/\d+ \(\d+\/s, ETA \d+s\)/);
    const total = /\/(\d+) /.exec(lines[0])?.[1];
    expect(lines.at(-1)).toMatch(new RegExp(`^extract: ${total}/${total} `));
    // The scan's count comes first, ending with the number of cells found.
    const scanLines = run.stderr.split("\n").filter((line) => line.startsWith(`scanning ${data}: `));
    expect(total).toBe("400");
    expect(scanLines.at(-1)).toBe(`scanning ${data}: ${total} cells found`);
    expect(run.stderr.indexOf(scanLines[0])).toBeLessThan(run.stderr.indexOf(lines[0]));
  });

  it("exits 1 with one line naming the folder when the data is missing", () => {
    const missing = join(scratch, "missing");
    const result = scifai("metadata", missing, "-o", join(scratch, "m.csv"), "-q");
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain(missing);
  });

  for (const extension of ["csv", "csv.gz", "parquet"]) {
    it(`scans the fixtures into .${extension} with warnings and an error file`, () => {
      const out = join(scratch, `metadata.${extension}`);
      const result = scifai("metadata", IFC_SMALL, "-o", out, "-q");
      expect(result.code).toBe(0);
      expect(result.stderr).toContain("notes.txt");
      expect(result.stderr).toContain("2 unreadable files");
      const errors = readFileSync(`${out}.errors.csv`, "utf8");
      expect(errors).toContain(`broken_truncated_1202.h5,metadata,"truncated HDF5 file`);
    });
  }

  it("writes the same CSV rows as the reference", () => {
    const out = join(scratch, "same.csv");
    expect(scifai("metadata", IFC_SMALL, "-o", out, "-q", "--workers", "2").code).toBe(0);
    const ours = readFileSync(out, "utf8").trim().split("\n");
    const reference = readFileSync(`${IFC_REFERENCE}/metadata.csv`, "utf8").trim().split("\n");
    expect(ours[0]).toBe(reference[0]);
    expect([...ours.slice(1)].sort()).toEqual([...reference.slice(1)].sort());
  });

  it("synth writes a dataset and demo summarises one", () => {
    const data = join(scratch, "synth");
    const synth = scifai("synth", data, "--cells", "60", "--seed", "2", "--broken", "2", "-q");
    expect(synth.code).toBe(0);
    expect(synth.stderr).toContain("60 cells");
    const demo = scifai("demo", "-o", join(scratch, "demo"), "--cells", "60", "--scan-only", "-q");
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/Experiment_1\s+Donor_1\s+\+SEA\s+\d+/);
    expect(demo.stdout).toContain("planted truth");
  });
});
