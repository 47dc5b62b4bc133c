import type h5wasmModule from "h5wasm/node";

type H5wasm = typeof h5wasmModule;
type H5Module = Awaited<H5wasm["ready"]>;
let loaded: H5Module | null = null;
let library: H5wasm | null = null;

/**
 * Loads the HDF5 library (WebAssembly) once per thread. HDF5's error stack is turned into thrown
 * JavaScript errors instead of being printed to stderr, so broken files stay quiet.
 */
export async function loadHdf5(): Promise<H5wasm> {
  if (!library) {
    // Imported on demand: compiling the WebAssembly library costs start-up time that commands
    // which never read a cell (help, usage errors) should not pay.
    const imported = (await import("h5wasm/node")).default;
    loaded = await imported.ready;
    loaded.activate_throwing_error_handler();
    library = imported;
  }
  return library;
}

/** True once `loadHdf5` has resolved in this thread, so synchronous readers may be used. */
export function hdf5IsLoaded(): boolean {
  return loaded !== null;
}

/** The loaded library; throws if `loadHdf5` has not resolved yet in this thread. */
export function hdf5(): H5wasm {
  if (!library) throw new Error("HDF5 library not loaded: await loadHdf5() first");
  return library;
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
