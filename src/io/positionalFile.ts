import { readSync, writeSync } from "node:fs";

/**
 * Writes all of `bytes` to `fd` at byte `position`: writeSync may write fewer bytes than asked
 * (signals, quotas), so it loops until every byte is out. Positional, so the file offset is unused.
 */
export function writeFullyAt(fd: number, bytes: Uint8Array, position: number): void {
  let written = 0;
  while (written < bytes.length)
    written += writeSync(fd, bytes, written, bytes.length - written, position + written);
}

/** Fills `into` from `fd` at byte `position`; throws naming `file` if the file ends first. */
export function readFullyAt(fd: number, into: Uint8Array, position: number, file: string): void {
  let read = 0;
  while (read < into.length) {
    const count = readSync(fd, into, read, into.length - read, position + read);
    if (count === 0)
      throw new Error(`${file}: ends at byte ${position + read}, expected ${position + into.length}`);
    read += count;
  }
}
