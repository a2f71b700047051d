// The demo page, served by every worker (the primary hands plain HTTP requests to a worker too).
// Two fixed files, read once: nothing from the request's path ever reaches the file system.
import { readFileSync } from "node:fs";

const PUBLIC_DIR = new URL("../public/", import.meta.url);
const FILES = new Map([
  ["/", { type: "text/html; charset=utf-8", body: readFileSync(new URL("index.html", PUBLIC_DIR)) }],
  ["/cluster.js", { type: "text/javascript; charset=utf-8", body: readFileSync(new URL("cluster.js", PUBLIC_DIR)) }],
]);

/** The `request` listener of a worker's HTTP server; socketry answers /socket.io/ before it. */
export function servePage(req, res) {
  const file = req.method === "GET" || req.method === "HEAD" ? FILES.get(req.url.split("?")[0]) : undefined;
  if (!file) {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
    return;
  }
  res.writeHead(200, { "Content-Type": file.type, "Content-Length": file.body.length, "Cache-Control": "no-store" });
  res.end(req.method === "HEAD" ? undefined : file.body);
}
