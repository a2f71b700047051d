import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, deflate, gzip } from "node:zlib";
import accepts from "accepts";
import { requireFromHere } from "#module-context";

// Serves the official client bundles (socket.io-client's dist/) under the server path, as the
// official server does with `serveClient: true`. Files are read on first request and kept in
// memory with their compressed forms, so each later request is one write. Compression runs off
// the event loop (zlib's thread pool): brotli at its default quality takes hundreds of ms on
// socket.io.js and its map, which would stall every connected socket if done synchronously.

const BUNDLES = new Set(["socket.io.js", "socket.io.min.js", "socket.io.msgpack.min.js", "socket.io.esm.min.js"]);
const ENCODINGS = ["br", "gzip", "deflate"] as const;
type Encoding = (typeof ENCODINGS)[number];

interface CachedFile {
  identity: Buffer;
  /** One compression per file and encoding, shared by the requests that arrive meanwhile. */
  compressed: Partial<Record<Encoding, Promise<Buffer>>>;
}

const COMPRESSORS: Readonly<Record<Encoding, (body: Buffer) => Promise<Buffer>>> = {
  br: promisify(brotliCompress),
  gzip: promisify(gzip),
  deflate: promisify(deflate),
};

let clientDir: string | undefined;
let clientVersion: string | undefined;
const cache = new Map<string, CachedFile>();

function locateClient(): { dir: string; version: string } {
  if (!clientDir || !clientVersion) {
    const pkgPath = requireFromHere.resolve("socket.io-client/package.json");
    clientDir = join(dirname(pkgPath), "dist");
    clientVersion = (JSON.parse(readFileSync(pkgPath, "utf8")) as { version: string }).version;
  }
  return { dir: clientDir, version: clientVersion };
}

/** The bundle file a request asks for under `path` (e.g. "socket.io.min.js.map"), or null. */
export function clientFileFor(url: string | undefined, path: string): string | null {
  if (!url?.startsWith(path)) return null;
  const end = url.indexOf("?");
  const name = url.slice(path.length, end === -1 ? undefined : end);
  const bundle = name.endsWith(".map") ? name.slice(0, -4) : name;
  return BUNDLES.has(bundle) ? name : null;
}

function load(dir: string, file: string): CachedFile {
  const entry: CachedFile = { identity: readFileSync(join(dir, file)), compressed: {} };
  cache.set(file, entry);
  return entry;
}

function compressed(entry: CachedFile, encoding: Encoding): Promise<Buffer> {
  let pending = entry.compressed[encoding];
  if (!pending) {
    pending = COMPRESSORS[encoding](entry.identity);
    entry.compressed[encoding] = pending;
    // A failed compression is not kept: the next request tries again.
    pending.catch(() => delete entry.compressed[encoding]);
  }
  return pending;
}

function send(req: IncomingMessage, res: ServerResponse, body: Buffer, encoding?: Encoding): void {
  if (encoding) res.setHeader("Content-Encoding", encoding);
  res.setHeader("Content-Length", body.length);
  res.writeHead(200);
  res.end(req.method === "HEAD" ? undefined : body);
}

/** Answers a request for a bundle; `file` comes from clientFileFor. */
export function serveClientFile(req: IncomingMessage, res: ServerResponse, file: string): void {
  const { dir, version } = locateClient();
  const etag = `"${version}"`;
  const isMap = file.endsWith(".map");
  res.setHeader("Cache-Control", "public, max-age=0");
  res.setHeader("ETag", etag);
  const ifNoneMatch = req.headers["if-none-match"];
  if (ifNoneMatch?.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) {
    res.writeHead(304);
    res.end();
    return;
  }
  const entry = cache.get(file) ?? load(dir, file);
  res.setHeader("Content-Type", `application/${isMap ? "json" : "javascript"}; charset=utf-8`);
  res.setHeader("Vary", "Accept-Encoding");
  const encoding = accepts(req).encoding([...ENCODINGS]) as Encoding | false;
  if (!encoding || !ENCODINGS.includes(encoding)) {
    send(req, res, entry.identity);
    return;
  }
  compressed(entry, encoding).then(
    (body) => send(req, res, body, encoding),
    () => send(req, res, entry.identity),
  );
}
