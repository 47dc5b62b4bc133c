/**
 * The file uses an HDF5 feature this reader does not implement (a filter, a chunk index, a
 * datatype, ...). Callers fall back to the full HDF5 library; this is never a statement that the
 * file is broken.
 */
export class Hdf5UnsupportedError extends Error {
  override readonly name = "Hdf5UnsupportedError";
}

/** The bytes contradict the HDF5 file format: a signature, version, checksum or address is wrong. */
export class Hdf5FormatError extends Error {
  override readonly name = "Hdf5FormatError";
}

/** Throws an Hdf5FormatError with `message` unless `condition` holds. */
export function formatCheck(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Hdf5FormatError(message);
}

/** Throws an Hdf5UnsupportedError with `message` unless `condition` holds. */
export function supportCheck(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Hdf5UnsupportedError(message);
}
