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
  | "unreadable";

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
