import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { HttpError } from "./httpErrors.js";

/** Cookie holding the token once a page was opened with `?token=`, so images load without it in the URL. */
export const TOKEN_COOKIE = "scifai_token";

/** True for addresses reachable only from this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** A random URL-safe token (32 bytes, base64url). */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function cookieToken(request: IncomingMessage): string | null {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === TOKEN_COOKIE) return value.join("=");
  }
  return null;
}

/**
 * Admits or refuses a request (HttpError 401/403). With a token, the request must carry it as
 * `?token=`, an `X-Scifai-Token` or `Authorization: Bearer` header, or the cookie; returns true when
 * it came in the query (the caller then sets the cookie). Without a token (loopback only), the Host
 * header must name a loopback address, which defeats DNS-rebinding pages.
 */
export function checkAccess(request: IncomingMessage, url: URL, token: string | null): boolean {
  if (token === null) {
    const hostname = (request.headers.host ?? "").replace(/:\d+$/, "");
    if (!isLoopback(hostname)) throw new HttpError(403, "forbidden host");
    return false;
  }
  const fromQuery = url.searchParams.get("token");
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1] ?? null;
  const header = request.headers["x-scifai-token"];
  const candidates = [fromQuery, typeof header === "string" ? header : null, bearer, cookieToken(request)];
  for (const candidate of candidates)
    if (candidate !== null && sameText(candidate, token)) return candidate === fromQuery;
  throw new HttpError(401, "a valid token is required");
}
