/** Why a cell file could not be read; stable identifiers that error tables and tests can match. */
export type CellReadErrorKind =
  | "not-found"
  | "not-hdf5"
  | "truncated"
  | "no-image"
  | "wrong-rank"
  | "unsupported-type"
  | "empty-image"
  | "mask-shape"
  | "unreadable"
  /** The built-in reader hands the file to the HDF5 library, which this thread has not loaded. */
  | "needs-library";

/**
 * True for the error a synchronous reader throws when a file needs the HDF5 library (h5wasm) and the
 * thread has not loaded it: the caller should `await loadHdf5()` and read again. Loading costs about
 * 40 MB and 0.2 s of CPU per thread, so threads load it only for the rare files that need it.
 */
export function needsHdf5Library(error: unknown): boolean {
  return error instanceof CellReadError && error.kind === "needs-library";
}

/** A cell file that cannot be read. The message always starts with the file path. */
export class CellReadError extends Error {
  override readonly name = "CellReadError";
  constructor(
    /** Path of the file as given by the caller. */
    readonly file: string,
    /** Machine-readable category of the problem. */
    readonly kind: CellReadErrorKind,
    /** Human-readable description without the path. */
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}
