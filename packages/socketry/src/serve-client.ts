import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { brotliCompressSync, gzipSync, deflateSync } from "node:zlib";
import accepts from "accepts";
import { requireFromHere } from "#module-context";

// Serves the official client bundles (socket.io-client's dist/) under the server path, as the
// official server does with `serveClient: true`. Files are read on first request and kept in
// memory with their compressed forms, so each later request is one write.

const BUNDLES = new Set([
  "socket.io.js",
  "socket.io.min.js",
  "socket.io.msgpack.min.js",
  "socket.io.esm.min.js",
]);
const ENCODINGS = ["br", "gzip", "deflate"] as const;
type Encoding = (typeof ENCODINGS)[number];

interface CachedFile {
  identity: Buffer;
  compressed: Partial<Record<Encoding, Buffer>>;
}

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
  if (!url || !url.startsWith(path)) return null;
  const end = url.indexOf("?");
  const name = url.slice(path.length, end === -1 ? undefined : end);
  const bundle = name.endsWith(".map") ? name.slice(0, -4) : name;
  return BUNDLES.has(bundle) ? name : null;
}

function compress(body: Buffer, encoding: Encoding): Buffer {
  if (encoding === "br") return brotliCompressSync(body);
  return encoding === "gzip" ? gzipSync(body) : deflateSync(body);
}

/** Answers a request for a bundle; `file` comes from clientFileFor. */
export function serveClientFile(req: IncomingMessage, res: ServerResponse, file: string): void {
  const { dir, version } = locateClient();
  const etag = `"${version}"`;
  const isMap = file.endsWith(".map");
  res.setHeader("Cache-Control", "public, max-age=0");
  res.setHeader("ETag", etag);
  const ifNoneMatch = req.headers["if-none-match"];
  if (ifNoneMatch && ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) {
    res.writeHead(304);
    res.end();
    return;
  }
  let entry = cache.get(file);
  if (!entry) {
    entry = { identity: readFileSync(join(dir, file)), compressed: {} };
    cache.set(file, entry);
  }
  res.setHeader("Content-Type", `application/${isMap ? "json" : "javascript"}; charset=utf-8`);
  res.setHeader("Vary", "Accept-Encoding");
  const encoding = accepts(req).encoding([...ENCODINGS]) as Encoding | false;
  let body = entry.identity;
  if (encoding && ENCODINGS.includes(encoding)) {
    body = entry.compressed[encoding] ??= compress(entry.identity, encoding);
    res.setHeader("Content-Encoding", encoding);
  }
  res.setHeader("Content-Length", body.length);
  res.writeHead(200);
  res.end(req.method === "HEAD" ? undefined : body);
}
