import type { IncomingMessage, ServerResponse } from "node:http";

/** A request the server refuses, with the HTTP status (4xx) and a message safe to show the client. */
export class HttpError extends Error {
  override readonly name = "HttpError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Largest JSON body accepted (bytes); bigger bodies get 413 before they are read whole. */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Reads a request body as JSON: 415 unless the content type is application/json, 413 past
 * `limit` bytes (the connection stops being read), 400 for malformed JSON or a non-object value.
 */
export async function readJsonBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const type = (request.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") throw new HttpError(415, "the body must be application/json");
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit)
    throw new HttpError(413, `body larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "the body is not valid JSON");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw new HttpError(400, "the body must be a JSON object");
  return parsed;
}

/** Sends a JSON value with no-store caching. */
export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value, (_key, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v));
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(body),
  });
  response.end(body);
}

/** A whole number query/body value in [min, max]; 400 naming `name` otherwise. */
export function integerParameter(value: unknown, name: string, min: number, max: number): number {
  const parsed = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof parsed !== "number" || !Number.isInteger(parsed) || parsed < min || parsed > max)
    throw new HttpError(400, `${name} must be a whole number in [${min}, ${max}]`);
  return parsed;
}

/** A finite number query/body value; 400 naming `name` otherwise. */
export function numberParameter(value: unknown, name: string): number {
  const parsed = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof parsed !== "number" || !Number.isFinite(parsed))
    throw new HttpError(400, `${name} must be a finite number`);
  return parsed;
}
