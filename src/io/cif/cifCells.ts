import { statSync } from "node:fs";
import type { Cell } from "../cellFile.js";
import { CellReadError } from "../cellReadError.js";
import type { CifMetadata } from "./cifMetadata.js";
import {
  type CifObject,
  type CifObjectError,
  type CifObjectLocation,
  CifReader,
  cifErrorAsCellReadError,
} from "./cifObjects.js";

/** The objects of a .cif file found from its directories alone (no pixel read). */
export interface CifObjectListing {
  readonly file: string;
  readonly metadata: CifMetadata;
  /** Object numbers in file order. */
  readonly objectNumbers: readonly number[];
  /** Where each object is, in file order (parallel to objectNumbers). */
  readonly locations: readonly CifObjectLocation[];
  /** Why the listing stopped early (truncation, corrupt directory chain), or `null`. */
  readonly damage: CifObjectError | null;
}

/** One requested object: its cell, or the error that replaced it. */
export type CifCellResult =
  | { readonly objectNumber: number; readonly cell: Cell; readonly error?: undefined }
  | { readonly objectNumber: number | null; readonly cell?: undefined; readonly error: CellReadError };

/** Listings walk directories only, so a small window avoids reading the pixels in between. */
const LISTING_WINDOW = 4096;
const CACHE_LIMIT = 8;
const listingCache = new Map<string, { size: number; modified: number; listing: CifObjectListing }>();

/**
 * Lists the objects of a .cif/.rif file from its directories (about a microsecond per object; no
 * pixel is decoded). The result is cached per path until the file's size or time changes. A
 * damaged directory chain ends the list at the damage, which `damage` reports. Throws
 * CellReadError when the file cannot be opened as a .cif.
 */
export function listCifObjects(path: string): CifObjectListing {
  const stats = statSync(path, { throwIfNoEntry: false });
  const cached = listingCache.get(path);
  if (stats && cached && cached.size === stats.size && cached.modified === stats.mtimeMs)
    return cached.listing;
  const reader = CifReader.open(path, { windowSize: LISTING_WINDOW });
  try {
    const locations: CifObjectLocation[] = [];
    let damage: CifObjectError | null = null;
    for (const location of reader.locations()) {
      if ("kind" in location) damage = location;
      else locations.push(location);
    }
    const listing: CifObjectListing = {
      file: path,
      metadata: reader.metadata,
      objectNumbers: locations.map((l) => l.objectNumber),
      locations,
      damage,
    };
    if (stats) {
      if (listingCache.size >= CACHE_LIMIT) listingCache.delete(listingCache.keys().next().value as string);
      listingCache.set(path, { size: stats.size, modified: stats.mtimeMs, listing });
    }
    return listing;
  } finally {
    reader.close();
  }
}

/** The object numbers of a .cif/.rif file in file order (see listCifObjects; damage ends the list). */
export function listCifObjectNumbers(path: string): number[] {
  return [...listCifObjects(path).objectNumbers];
}

/**
 * Reads objects of a .cif/.rif file as scifAI cells (label `null`): all objects in file order
 * when `objectNumbers` is omitted, otherwise the requested ones in the requested order (repeats
 * allowed). An object that cannot be read, or is not in the file, yields an error result whose
 * CellReadError names the file and the object; the others are unaffected. Throws CellReadError
 * (at the first `next()`) when the file cannot be opened as a .cif at all.
 */
export function* readCifCells(path: string, objectNumbers?: readonly number[]): Generator<CifCellResult> {
  if (objectNumbers === undefined) {
    const reader = CifReader.open(path);
    try {
      for (const record of reader.records()) {
        yield record.kind === "object"
          ? { objectNumber: record.objectNumber, cell: cellOf(record) }
          : { objectNumber: record.objectNumber, error: cifErrorAsCellReadError(record) };
      }
    } finally {
      reader.close();
    }
    return;
  }
  const listing = listCifObjects(path);
  const byNumber = locationsByNumber(listing);
  const reader = CifReader.open(path);
  try {
    for (const objectNumber of objectNumbers) {
      const location = byNumber.get(objectNumber);
      if (!location) {
        yield { objectNumber, error: missingObject(listing, objectNumber) };
        continue;
      }
      const record = reader.readAt(location);
      yield record.kind === "object"
        ? { objectNumber, cell: cellOf(record) }
        : { objectNumber, error: cifErrorAsCellReadError(record) };
    }
  } finally {
    reader.close();
  }
}

const locationIndexes = new WeakMap<CifObjectListing, Map<number, CifObjectLocation>>();

/**
 * Each object number's first location, built once per listing: extraction reads a large .cif in
 * many small batches, and rebuilding the index per batch would cost O(objects) each time.
 */
function locationsByNumber(listing: CifObjectListing): Map<number, CifObjectLocation> {
  const known = locationIndexes.get(listing);
  if (known) return known;
  const byNumber = new Map<number, CifObjectLocation>();
  for (const location of listing.locations) {
    if (!byNumber.has(location.objectNumber)) byNumber.set(location.objectNumber, location);
  }
  locationIndexes.set(listing, byNumber);
  return byNumber;
}

/** The Cell view of a decoded object (the planes are shared, not copied). */
export function cellOf(object: CifObject): Cell {
  return {
    height: object.height,
    width: object.width,
    channels: object.channels,
    image: object.image,
    mask: object.mask,
    label: null,
  };
}

function missingObject(listing: CifObjectListing, objectNumber: number): CellReadError {
  if (listing.damage) {
    return new CellReadError(
      listing.file,
      listing.damage.errorKind,
      `object ${objectNumber}: not found before the damage (${listing.damage.reason})`,
    );
  }
  return new CellReadError(listing.file, "unreadable", `object ${objectNumber}: not in the file`);
}
