import { createReadStream } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { userInfo } from "node:os";
import { checkAccess, isLoopback, TOKEN_COOKIE } from "./accessControl.js";
import { CellImageSource, type ChannelInfo, parseImageRequest } from "./cellImages.js";
import { type CellFilter, numericColumn, parseCellFilter, parseCellSort } from "./cellQuery.js";
import { CellShapSource } from "./cellShap.js";
import { HttpError, integerParameter, readJsonBody, sendJson } from "./httpErrors.js";
import { LabelSidecar } from "./labelSidecar.js";
import { ResultsStore } from "./resultsStore.js";
import { contentTypeOf, resolveInside } from "./safePath.js";
import { viewerPage } from "./viewerPage.js";

/** Options of {@link startViewer}. */
export interface ViewerOptions {
  /** Results folder of `scifai analyze`. */
  results: string;
  /** Address to bind (default 127.0.0.1); a non-loopback address needs `token`. */
  host?: string;
  /** Port (default 8765; 0 picks a free one). */
  port?: number;
  /** Required on every request when set; must be set for a non-loopback host. */
  token?: string | null;
  /** Who labels cells when the page does not say (default: the OS user). */
  user?: string;
}

/** A running viewer. */
export interface RunningViewer {
  /** Address to open, with `?token=` when a token is required. */
  url: string;
  server: Server;
  store: ResultsStore;
  /** Stops accepting connections and closes DuckDB. */
  close(): Promise<void>;
}

const MAX_PAGE = 500;
const MAX_POINTS = 20_000;
const NAME = /^[A-Za-z0-9_+\-. ]{1,100}$/;
const USER = /^[A-Za-z0-9_.@\- ]{1,64}$/;

/**
 * Starts the cell viewer over a results folder: opens the tables lazily (seconds at a million
 * cells), then serves the page, the JSON API, rendered cell images and files under RESULTS_DIR.
 * Throws for a non-loopback host without a token, or when the folder is not a results folder.
 */
export async function startViewer(options: ViewerOptions): Promise<RunningViewer> {
  const host = options.host ?? "127.0.0.1";
  const token = options.token ?? null;
  if (!isLoopback(host) && !token) throw new Error(`binding to ${host} needs a token`);
  const store = await ResultsStore.open(options.results);
  const images = new CellImageSource(store.summary.data);
  const shap = new CellShapSource(store);
  const sidecar = new LabelSidecar(store.root);
  const defaultUser = options.user ?? safeUser();
  let channels: ChannelInfo[] | null = null;
  const page = viewerPage();

  const routes = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    const path = url.pathname;
    const method = request.method ?? "GET";
    const expect = (allowed: string) => {
      if (method !== allowed) throw new HttpError(405, `use ${allowed}`);
    };
    if (path === "/" || path === "/index.html") {
      expect("GET");
      response.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "content-security-policy":
          "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
      });
      response.end(page);
      return;
    }
    if (path === "/api/meta") {
      expect("GET");
      if (!channels) {
        const sample = await store.page(
          parseCellFilter(null, store.catalog),
          { column: "row", descending: false },
          0,
          12,
        );
        channels = images.channelInfo(
          sample.map((t) => ({ file: t.file, objectNumber: t.object_number })),
          store.summary.channelNames,
        );
      }
      const numeric = [...store.catalog.numeric];
      sendJson(response, 200, {
        cells: store.rows,
        channels,
        facets: await store.facets(),
        flags: store.catalog.flags,
        classes: store.classes,
        textColumns: store.catalog.text,
        columns: {
          predictions: numeric.filter(([, s]) => s === "p").map(([n]) => n),
          embedding: numeric.filter(([, s]) => s === "e").map(([n]) => n),
          features: store.featureColumns,
        },
        sidecar: { path: sidecar.path, labelled: sidecar.size },
        user: defaultUser,
        shapAvailable: shap.unavailable === null,
      });
      return;
    }
    if (path === "/api/cells") {
      expect("POST");
      const body = (await readJsonBody(request)) as Record<string, unknown>;
      const filter = parseCellFilter(body.filter, store.catalog);
      const sort = parseCellSort(body.sort, store.catalog);
      const offset = body.offset === undefined ? 0 : integerParameter(body.offset, "offset", 0, 2 ** 31 - 1);
      const limit = body.limit === undefined ? 60 : integerParameter(body.limit, "limit", 1, MAX_PAGE);
      const [total, tiles] = await Promise.all([
        store.count(filter),
        store.page(filter, sort, offset, limit),
      ]);
      sendJson(response, 200, {
        total,
        offset,
        cells: tiles.map((t) => ({ ...t, user_label: sidecar.labelOf(t.file, t.object_number) ?? null })),
      });
      return;
    }
    if (path === "/api/scatter") {
      expect("POST");
      const body = (await readJsonBody(request)) as Record<string, unknown>;
      const filter: CellFilter = parseCellFilter(body.filter, store.catalog);
      const x = numericColumn(store.catalog, body.x, "x");
      const y = numericColumn(store.catalog, body.y, "y");
      let color: string | null = null;
      if (body.color !== undefined && body.color !== null) {
        if (typeof body.color !== "string" || !store.catalog.text.includes(body.color))
          throw new HttpError(400, "color: unknown text column");
        color = body.color;
      }
      const limit = body.limit === undefined ? 5000 : integerParameter(body.limit, "limit", 1, MAX_POINTS);
      sendJson(response, 200, await store.scatter(filter, x, y, color, limit));
      return;
    }
    if (path === "/api/cell") {
      expect("GET");
      const row = rowParameter(url, store);
      const location = await store.location(row);
      const prediction = await store.predictionRow(row);
      if (!location || !prediction) throw new HttpError(404, "no such cell");
      const features = await store.featureRow(row);
      const extras = await store.extras(row, location);
      sendJson(response, 200, {
        row,
        prediction,
        probabilities: store.classes.map((c) => ({
          className: c,
          probability: Number(prediction[`probability_${c}`]),
        })),
        features: store.featureColumns.map((name, i) => [name, features[i]]),
        ...extras,
        user_label: sidecar.labelOf(location.file, location.objectNumber) ?? null,
      });
      return;
    }
    if (path === "/api/shap") {
      expect("GET");
      const row = rowParameter(url, store);
      const classText = url.searchParams.get("class");
      const classIndex =
        classText === null
          ? undefined
          : integerParameter(classText, "class", 0, Math.max(0, store.classes.length - 1));
      const explanation = await shap.explain(row, classIndex);
      if (!explanation) throw new HttpError(404, shap.unavailable ?? "no explanation");
      sendJson(response, 200, explanation);
      return;
    }
    if (path === "/api/values") {
      expect("GET");
      const row = rowParameter(url, store);
      const columns = (url.searchParams.get("columns") ?? "").split(",").filter((c) => c !== "");
      if (columns.length === 0 || columns.length > 20) throw new HttpError(400, "give 1 to 20 columns");
      for (const c of columns) numericColumn(store.catalog, c, "columns");
      sendJson(response, 200, { row, values: await store.values(row, columns) });
      return;
    }
    if (path === "/api/image") {
      expect("GET");
      const row = rowParameter(url, store);
      const requestSpec = parseImageRequest(url.searchParams, Math.max(1, channels?.length ?? 16));
      const location = await store.location(row);
      if (!location) throw new HttpError(404, "no such cell");
      const key = `${row}?${url.searchParams.getAll("c").join("&")}&${requestSpec.outline}&${requestSpec.scale}`;
      const png = images.png(key, location.file, location.objectNumber, requestSpec);
      response.writeHead(200, {
        "content-type": "image/png",
        "content-length": png.length,
        "cache-control": "private, max-age=3600",
      });
      response.end(png);
      return;
    }
    if (path === "/api/labels") {
      expect("POST");
      const body = (await readJsonBody(request)) as Record<string, unknown>;
      if (!Array.isArray(body.rows) || body.rows.length === 0 || body.rows.length > 10_000)
        throw new HttpError(400, "rows must be a list of 1 to 10000 rows");
      if (typeof body.label !== "string" || !NAME.test(body.label))
        throw new HttpError(400, "label must be 1 to 100 letters, digits, spaces or _+-.");
      let user = defaultUser;
      if (body.user !== undefined && body.user !== null && body.user !== "") {
        if (typeof body.user !== "string" || !USER.test(body.user)) throw new HttpError(400, "bad user name");
        user = body.user;
      }
      const rows = body.rows.map((r) => integerParameter(r, "rows[]", 0, store.rows - 1));
      const labels = [];
      for (const row of new Set(rows)) {
        const location = await store.location(row);
        if (!location) throw new HttpError(404, "no such cell");
        labels.push({ file: location.file, objectNumber: location.objectNumber, label: body.label });
      }
      const written = sidecar.append(labels, user);
      sendJson(response, 200, { written, user, sidecar: sidecar.path, labelled: sidecar.size });
      return;
    }
    if (path.startsWith("/results/")) {
      expect("GET");
      const file = resolveInside(store.root, path.slice("/results/".length));
      response.writeHead(200, {
        "content-type": contentTypeOf(file),
        "cache-control": "no-store",
        // Results pages run in an opaque origin: they cannot call the API with the viewer's cookie.
        "content-security-policy": "sandbox allow-scripts",
        "x-content-type-options": "nosniff",
      });
      await new Promise<void>((resolve, reject) => {
        const stream = createReadStream(file);
        stream.on("error", reject);
        stream.on("end", resolve);
        stream.pipe(response);
      });
      return;
    }
    throw new HttpError(404, "not found");
  };

  const server = createServer((request, response) => {
    let url: URL;
    try {
      url = new URL(request.url ?? "/", "http://viewer.invalid");
    } catch {
      sendJson(response, 400, { error: "malformed URL" });
      return;
    }
    // Paths keep their percent-encoding in url.pathname; a raw `..` in the request line is refused here
    // because URL parsing would silently resolve it.
    if (
      (request.url ?? "")
        .split("?")[0]
        .split("/")
        .some((s) => s === ".." || s === ".")
    ) {
      sendJson(response, 400, { error: "bad path" });
      return;
    }
    let setCookie = false;
    try {
      setCookie = checkAccess(request, url, token);
    } catch (error) {
      sendJson(response, (error as HttpError).status ?? 403, { error: (error as Error).message });
      request.resume();
      return;
    }
    if (setCookie && token)
      response.setHeader("set-cookie", `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    response.setHeader("x-content-type-options", "nosniff");
    response.setHeader("referrer-policy", "no-referrer");
    routes(request, response, url).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof HttpError ? error.message : "internal error";
      if (status === 500) process.stderr.write(`scifai serve: ${(error as Error).message}\n`);
      if (response.headersSent) response.destroy();
      else {
        // The rest of an oversized body is not read: the connection closes once the answer is out.
        if (status === 413) {
          response.setHeader("connection", "close");
          response.on("finish", () => request.destroy());
        }
        sendJson(response, status, { error: message });
      }
    });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8765, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}/${token ? `?token=${encodeURIComponent(token)}` : ""}`;
  return {
    url,
    server,
    store,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await store.close();
    },
  };
}

function rowParameter(url: URL, store: ResultsStore): number {
  return integerParameter(url.searchParams.get("row"), "row", 0, Math.max(0, store.rows - 1));
}

function safeUser(): string {
  try {
    const name = userInfo().username;
    return USER.test(name) ? name : "unknown";
  } catch {
    return "unknown";
  }
}
