import { realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import { HttpError } from "./httpErrors.js";

/** True when `path` is `root` or inside it (both already resolved, no symlinks). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/**
 * Resolves a URL path (still percent-encoded, e.g. `figures/a%20b.svg`) to a regular file inside
 * `root` (a realpath). Refuses with 400 what is malformed (bad encoding, NUL, backslash, `..` or `.`
 * segments, absolute paths, empty segments) and with 404 what does not exist, is not a regular
 * file, or lies outside `root` once symlinks are followed; the message never names the real path.
 */
export function resolveInside(root: string, encodedPath: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encodedPath);
  } catch {
    throw new HttpError(400, "malformed path encoding");
  }
  if (decoded.length === 0 || decoded.length > 1024) throw new HttpError(400, "bad path");
  if (/[\0\\]/.test(decoded) || decoded.startsWith("/") || /^[a-zA-Z]:/.test(decoded))
    throw new HttpError(400, "bad path");
  const segments = decoded.split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) throw new HttpError(400, "bad path");
  let real: string;
  try {
    real = realpathSync(join(root, ...segments));
  } catch {
    throw new HttpError(404, "not found");
  }
  if (!isInside(root, real)) throw new HttpError(404, "not found");
  let isFile = false;
  try {
    isFile = statSync(real).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw new HttpError(404, "not found");
  return real;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  txt: "text/plain; charset=utf-8",
};

/** Content type of a served results file by extension (octet-stream for anything else). */
export function contentTypeOf(path: string): string {
  const extension = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return CONTENT_TYPES[extension] ?? "application/octet-stream";
}
