import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Debian's Python, which has the test-only client packages (h5py, anndata, pandas, xgboost). */
export const DEBIAN_PYTHON = "/usr/bin/python3";

/** True when Debian's Python can import every module in `modules` (CI installs them). */
export function pythonHas(...modules: string[]): boolean {
  if (!existsSync(DEBIAN_PYTHON)) return false;
  const result = spawnSync(DEBIAN_PYTHON, ["-c", modules.map((m) => `import ${m}`).join("; ")], {
    encoding: "utf8",
  });
  if (result.status !== 0)
    console.log(`Python client check skipped: ${modules.join(", ")} not importable by ${DEBIAN_PYTHON}`);
  return result.status === 0;
}

/** Runs a Python script with Debian's Python and returns its stdout; throws with stderr on failure. */
export function runPython(script: string, args: string[] = []): string {
  const result = spawnSync(DEBIAN_PYTHON, ["-c", script, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`python failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}
