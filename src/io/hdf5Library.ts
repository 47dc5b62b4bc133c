import h5wasm from "h5wasm/node";

type H5Module = Awaited<typeof h5wasm.ready>;
let loaded: H5Module | null = null;

/**
 * Loads the HDF5 library (WebAssembly) once per thread. HDF5's error stack is turned into thrown
 * JavaScript errors instead of being printed to stderr, so broken files stay quiet.
 */
export async function loadHdf5(): Promise<typeof h5wasm> {
  if (!loaded) {
    loaded = await h5wasm.ready;
    loaded.activate_throwing_error_handler();
  }
  return h5wasm;
}

/** True once `loadHdf5` has resolved in this thread, so synchronous readers may be used. */
export function hdf5IsLoaded(): boolean {
  return loaded !== null;
}

/** The loaded library; throws if `loadHdf5` has not resolved yet in this thread. */
export function hdf5(): typeof h5wasm {
  if (!loaded) throw new Error("HDF5 library not loaded: await loadHdf5() first");
  return h5wasm;
}

/** Reduces HDF5's multi-line error stack to its most specific line (the innermost cause). */
export function summariseHdf5Error(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split("\n").map((line) => line.trim());
  const located = lines.filter((line) => /^#\d+:/.test(line));
  const last = located.at(-1);
  if (!last) return text.trim() || "unknown HDF5 error";
  const inner = last.replace(/^#\d+:\s*\S+\s+line\s+\d+\s+in\s+/, "");
  return inner.replace(/^[A-Za-z0-9_]+\(\):\s*/, "");
}
