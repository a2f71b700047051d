// serveClient: the official client bundles and their maps under the path, with the client's
// version as ETag, 304, compression and HEAD; nothing else under the path is served as a file.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { afterEach, describe, expect, test } from "vitest";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socketry";
import { httpGet, listenLocal, startIo, userRoute, type Running } from "./helpers.js";

const clientPackage = createRequire(import.meta.url).resolve("socket.io-client/package.json");
const clientVersion = (JSON.parse(readFileSync(clientPackage, "utf8")) as { version: string }).version;
const distFile = (name: string) => readFileSync(join(dirname(clientPackage), "dist", name));
const BUNDLES = ["socket.io.js", "socket.io.min.js", "socket.io.msgpack.min.js", "socket.io.esm.min.js"];
const FILES = BUNDLES.flatMap((bundle) => [bundle, `${bundle}.map`]);

let r: Running | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

describe("bundles under the default path", () => {
  test.each(FILES)("%s: 200, type, ETag, cache headers and the package's bytes", async (file) => {
    r = await startIo();
    const res = await httpGet(r.port, `/socket.io/${file}`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(
      file.endsWith(".map") ? /^application\/json/ : /^application\/javascript/,
    );
    expect(res.headers.etag).toBe(`"${clientVersion}"`);
    expect(res.headers["cache-control"]).toMatch(/public/);
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.body.equals(distFile(file))).toBe(true);
  });

  test("the ETag is the installed socket.io-client version, 4.8.4", () => {
    expect(clientVersion).toBe("4.8.4");
  });

  test("If-None-Match with the version answers 304 without a body; another tag gets the file", async () => {
    r = await startIo();
    const notModified = await httpGet(r.port, "/socket.io/socket.io.min.js", {
      headers: { "if-none-match": `"${clientVersion}"` },
    });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
    const weak = await httpGet(r.port, "/socket.io/socket.io.min.js", {
      headers: { "if-none-match": `W/"${clientVersion}"` },
    });
    expect(weak.status).toBe(304);
    const stale = await httpGet(r.port, "/socket.io/socket.io.min.js", { headers: { "if-none-match": `"0.0.1"` } });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(distFile("socket.io.min.js"))).toBe(true);
  });

  test("the bundles carry the cors option's headers, as the engine's answers do; a 304 too", async () => {
    r = await startIo({ cors: { origin: "https://good-origin.example" } });
    const res = await httpGet(r.port, "/socket.io/socket.io.js", {
      headers: { origin: "https://good-origin.example" },
    });
    expect(res.status).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe("https://good-origin.example");
    const cached = await httpGet(r.port, "/socket.io/socket.io.js", {
      headers: { origin: "https://good-origin.example", "if-none-match": `"${clientVersion}"` },
    });
    expect(cached.status).toBe(304);
    expect(cached.headers["access-control-allow-origin"]).toBe("https://good-origin.example");
  });

  test.each([
    ["gzip", gunzipSync],
    ["br", brotliDecompressSync],
    ["deflate", inflateSync],
  ] as const)("%s when the client accepts it, decoding to the same bytes", async (encoding, decode) => {
    r = await startIo();
    const res = await httpGet(r.port, "/socket.io/socket.io.js", { headers: { "accept-encoding": encoding } });
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe(encoding);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(res.headers["content-length"])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(distFile("socket.io.js").length);
    expect(decode(res.body).equals(distFile("socket.io.js"))).toBe(true);
  });

  test("concurrent first requests for a compressed file all get the same bytes; HEAD gets its length", async () => {
    r = await startIo();
    const port = r.port;
    const file = "socket.io.msgpack.min.js.map";
    const br = { "accept-encoding": "br" };
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => httpGet(port, `/socket.io/${file}`, { headers: br })),
    );
    for (const res of answers) {
      expect(res.headers["content-encoding"]).toBe("br");
      expect(res.body.equals(answers[0]!.body)).toBe(true);
    }
    expect(brotliDecompressSync(answers[0]!.body).equals(distFile(file))).toBe(true);
    const head = await httpGet(port, `/socket.io/${file}`, { method: "HEAD", headers: br });
    expect(Number(head.headers["content-length"])).toBe(answers[0]!.body.length);
    expect(head.body.length).toBe(0);
  });

  test("HEAD answers the headers of the file and no body", async () => {
    r = await startIo();
    const res = await httpGet(r.port, "/socket.io/socket.io.min.js", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe(`"${clientVersion}"`);
    expect(Number(res.headers["content-length"])).toBe(distFile("socket.io.min.js").length);
    expect(res.body.length).toBe(0);
  });

  test("a query string is ignored when matching the file", async () => {
    r = await startIo();
    const res = await httpGet(r.port, "/socket.io/socket.io.js?v=1");
    expect(res.status).toBe(200);
    expect(res.body.equals(distFile("socket.io.js"))).toBe(true);
  });

  test.each([
    ["/socket.io/other.js", "GET"],
    ["/socket.io/socket.io.js/../x", "GET"],
    ["/socket.io/../socket.io/package.json", "GET"],
    ["/socket.io/socket.io.js.gz", "GET"],
    ["/socket.io/socket.io.js", "POST"],
  ])("%s (%s) is not served as a file", async (path, method) => {
    r = await startIo();
    const res = await httpGet(r.port, path, { method });
    expect(res.status).not.toBe(200);
    expect(res.headers["content-type"] ?? "").not.toMatch(/javascript/);
    expect(res.headers.etag).toBeUndefined();
  });

  test("the engine still answers under the path, and the user's route beside it", async () => {
    r = await startIo();
    const handshake = await httpGet(r.port, "/socket.io/?EIO=4&transport=polling");
    expect(handshake.status).toBe(200);
    expect(handshake.text.startsWith("0{")).toBe(true);
    expect((await httpGet(r.port, "/hello")).text).toBe("world");
  });
});

describe("path and serveClient", () => {
  test.each(["/custom", "/custom/"])("path %s moves the bundles", async (path) => {
    r = await startIo({ path });
    const moved = await httpGet(r.port, "/custom/socket.io.min.js");
    expect(moved.status).toBe(200);
    expect(moved.body.equals(distFile("socket.io.min.js"))).toBe(true);
    const old = await httpGet(r.port, "/socket.io/socket.io.min.js");
    expect(old.status).toBe(404);
  });

  test("serveClient: false serves no bundle; the engine path still works", async () => {
    r = await startIo({ serveClient: false });
    for (const file of ["socket.io.js", "socket.io.min.js.map"]) {
      const res = await httpGet(r.port, `/socket.io/${file}`);
      expect(res.status).not.toBe(200);
      expect(res.headers.etag).toBeUndefined();
    }
    expect((await httpGet(r.port, "/socket.io/?EIO=4&transport=polling")).status).toBe(200);
  });

  test("the HTTP server closing by itself leaves the user's handler once, and nothing in front of it", async () => {
    let calls = 0;
    const mine = (_req: IncomingMessage, res: ServerResponse) => {
      calls++;
      res.end("mine");
    };
    const http = createServer(mine);
    const io = new Server(http);
    await listenLocal(http);
    // "close" on the HTTP server closes the engine, which gives the user's handlers their place back.
    await new Promise((resolve) => http.close(resolve));
    expect(http.listeners("request")).toEqual([mine]);
    await listenLocal(http);
    const res = await httpGet((http.address() as AddressInfo).port, "/hello");
    expect(res.text).toBe("mine");
    expect(calls).toBe(1);
    await io.close();
  });

  test("io.close() removes the bundle server: only the user's own request handler is left", async () => {
    r = await startIo();
    const http = r.http;
    expect(http.listeners("request")).not.toContain(userRoute);
    await r.close();
    r = undefined;
    expect(http.listeners("request")).toEqual([userRoute]);
    expect(http.listening).toBe(false);
  });
});
