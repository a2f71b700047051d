// The seed's TLS forms: `io(httpsServer, opts)` and `io(http2.createSecureServer({ allowHTTP1: true }), opts)`.
// The official client connects over TLS and upgrades, the bundles are served (over a real HTTP/2
// stream too), and the server's own handler keeps answering. The certificate is a throwaway,
// generated per run with the openssl CLI into a temp dir (nothing is committed).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect as http2Connect, createSecureServer, type Http2SecureServer } from "node:http2";
import { createServer as createHttpsServer, request as httpsRequest, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import io, { type Server } from "socketry";
import { listenLocal, roundTrip, userRoute, withTimeout } from "./helpers.js";

let tls: { key: Buffer; cert: Buffer };
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "socketry-umbrella-tls-"));
  const [key, cert] = [join(dir, "key.pem"), join(dir, "cert.pem")];
  const args = [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    key,
    "-out",
    cert,
    "-days",
    "1",
    "-subj",
    "/CN=127.0.0.1",
  ];
  execFileSync("openssl", args, { stdio: "ignore" });
  tls = { key: readFileSync(key), cert: readFileSync(cert) };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let opened: { io: Server; server: HttpsServer | Http2SecureServer } | undefined;
afterEach(async () => {
  if (!opened) return;
  const closing = opened.io.close();
  (opened.server as HttpsServer).closeAllConnections?.();
  await withTimeout(closing, 5_000, "io.close()");
  opened = undefined;
});

function httpsGet(port: number, path: string): Promise<{ status: number; text: string; type?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: "127.0.0.1", port, path, rejectUnauthorized: false, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text, type: res.headers["content-type"] }));
    });
    req.setTimeout(5_000, () => req.destroy(new Error(`request ${path} timed out`)));
    req.on("error", reject);
    req.end();
  });
}

async function start(kind: "https" | "http2"): Promise<{ io: Server; port: number }> {
  const server =
    kind === "https"
      ? createHttpsServer(tls, userRoute as never)
      : createSecureServer({ ...tls, allowHTTP1: true }, userRoute as never);
  const socketry = io(server, { pingInterval: 7_777 });
  opened = { io: socketry, server };
  await listenLocal(server);
  return { io: socketry, port: (server.address() as AddressInfo).port };
}

describe.each([["https"], ["http2"]] as const)("io(%s server, opts)", (kind) => {
  test("the official client connects over TLS, upgrades, and acks go both ways", async () => {
    const { io: server, port } = await start(kind);
    const socket = await roundTrip(server, `https://127.0.0.1:${port}`, { rejectUnauthorized: false });
    expect(socket.handshake.secure).toBe(true);
  });

  test("the bundles, the engine and the server's own handler all answer", async () => {
    const { port } = await start(kind);
    const bundle = await httpsGet(port, "/socket.io/socket.io.min.js");
    expect(bundle.status).toBe(200);
    expect(bundle.type).toMatch(/^application\/javascript/);
    const handshake = await httpsGet(port, "/socket.io/?EIO=4&transport=polling");
    expect(JSON.parse(handshake.text.slice(1)).pingInterval).toBe(7_777);
    expect((await httpsGet(port, "/hello")).text).toBe("world");
  });
});

test("over a real HTTP/2 stream: a bundle and a polling handshake", async () => {
  const { port } = await start("http2");
  const session = http2Connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false });
  const get = (path: string, headers: Record<string, string> = {}) =>
    withTimeout(
      new Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }>((resolve, reject) => {
        const stream = session.request({ ":path": path, ...headers });
        const chunks: Buffer[] = [];
        let status = 0;
        let responseHeaders: Record<string, unknown> = {};
        stream.on("response", (h) => {
          status = Number(h[":status"]);
          responseHeaders = h;
        });
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => resolve({ status, body: Buffer.concat(chunks), headers: responseHeaders }));
        stream.on("error", reject);
        stream.end();
      }),
      5_000,
      `HTTP/2 GET ${path}`,
    );
  try {
    const bundle = await get("/socket.io/socket.io.min.js");
    expect(bundle.status).toBe(200);
    expect(bundle.body.length).toBeGreaterThan(1_000);
    const etag = bundle.headers.etag as string;
    expect((await get("/socket.io/socket.io.min.js", { "if-none-match": etag })).status).toBe(304);
    const gzipped = await get("/socket.io/socket.io.min.js", { "accept-encoding": "gzip" });
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    const handshake = await get("/socket.io/?EIO=4&transport=polling");
    expect(handshake.status).toBe(200);
    expect(handshake.body.toString().startsWith("0{")).toBe(true);
  } finally {
    session.close();
  }
});
