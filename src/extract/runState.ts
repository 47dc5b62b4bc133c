import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import type { SinkState } from "../io/tableSink.js";

/** What a run records after each complete chunk, to resume after a kill. */
export interface RunState {
  version: 1;
  /** Identifies the run: dataset files, feature spec, columns, format and chunk size. */
  digest: string;
  chunkSize: number;
  chunksDone: number;
  rowsWritten: number;
  /** Rows written per completed chunk, in order (failed cells make chunks shorter). */
  rowsPerChunk: number[];
  errors: { bytes: number; count: number };
  sink: SinkState;
  /** The sink's state before any chunk (for CSV: the header's length), which `merge` needs. */
  initialSink: SinkState;
}

/** Reads the state file of an interrupted run, or null when there is none. */
export function readRunState(path: string): RunState | null {
  if (!existsSync(path)) return null;
  const state = JSON.parse(readFileSync(path, "utf8")) as RunState;
  if (state.version !== 1) throw new Error(`${path}: unknown run-state version ${String(state.version)}`);
  return state;
}

/** Writes the state file atomically (temporary file, then rename), so a kill never leaves half a state. */
export function writeRunState(path: string, state: RunState): void {
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state)}\n`);
  renameSync(temporary, path);
}

/** Removes the state file once the run is complete. */
export function clearRunState(path: string): void {
  rmSync(path, { force: true });
  rmSync(`${path}.tmp`, { force: true });
}
