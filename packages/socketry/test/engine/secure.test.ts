// HTTPS and HTTP/2 (allowHTTP1) servers: the engine attaches to both, the official client connects
// over TLS (polling, websocket, upgrade), a real HTTP/2 request can poll, and the user's own route
// keeps working before and after the engine closes. The certificate is generated per run.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createSecureServer, connect as http2Connect, type Http2SecureServer } from "node:http2";
import { createServer as createHttpsServer, request as httpsRequest, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { Socket as ClientSocket } from "engine.io-client";
import { attach, type Server, type Socket } from "socketry/engine";
import { once, until } from "./helpers.js";

let tls: { key: Buffer; cert: Buffer };
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "socketry-tls-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
    ],
    { stdio: "ignore" },
  );
  tls = { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

function userRoute(
  req: { url?: string },
  res: { writeHead(s: number): { end(b?: string): void }; end(b: string): void },
) {
  if (req.url === "/hello") res.end("world");
  else res.writeHead(404).end();
}

async function serve(
  kind: "https" | "http2",
): Promise<{ engine: Server; port: number; server: HttpsServer | Http2SecureServer }> {
  const server =
    kind === "https"
      ? createHttpsServer(tls, userRoute as never)
      : createSecureServer({ ...tls, allowHTTP1: true }, userRoute as never);
  const engine = attach(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const clients: ClientSocket[] = [];
  cleanup = async () => {
    for (const c of clients) c.close();
    engine.close();
    (server as HttpsServer).closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  (engine as unknown as { testClients: ClientSocket[] }).testClients = clients;
  return { engine, port, server };
}

function client(engine: Server, port: number, opts: Record<string, unknown> = {}): ClientSocket {
  const c = new ClientSocket(`https://127.0.0.1:${port}`, { rejectUnauthorized: false, ...opts });
  (engine as unknown as { testClients: ClientSocket[] }).testClients.push(c);
  return c;
}

function httpsGet(port: number, path: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: "127.0.0.1", port, path, rejectUnauthorized: false, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe.each([["https"], ["http2"]] as const)("%s server", (kind) => {
  test("polling, then upgrade to websocket, with the official client over TLS", async () => {
    const { engine, port } = await serve(kind);
    const connection = once<Socket>(engine, "connection");
    const c = client(engine, port);
    const socket = await connection;
    await once(socket, "upgrade");
    expect(socket.transport.name).toBe("websocket");
    const got = once(socket, "message");
    await until(() => c.transport?.name === "websocket");
    c.send("over tls");
    expect(await got).toBe("over tls");
  });

  test("websocket-only and polling-only sessions", async () => {
    const { engine, port } = await serve(kind);
    const a = client(engine, port, { transports: ["websocket"] });
    const b = client(engine, port, { transports: ["polling"] });
    await Promise.all([once(a, "open"), once(b, "open")]);
    expect(engine.clientsCount).toBe(2);
  });

  test("the user's route works with the engine attached and after it closes", async () => {
    const { engine, port } = await serve(kind);
    expect((await httpsGet(port, "/hello")).text).toBe("world");
    expect((await httpsGet(port, "/engine.io/?EIO=4&transport=polling")).text.startsWith("0{")).toBe(true);
    engine.close();
    expect((await httpsGet(port, "/hello")).text).toBe("world");
    expect((await httpsGet(port, "/engine.io/?EIO=4&transport=polling")).status).toBe(404);
  });
});

test("a real HTTP/2 request can handshake and poll (compat request/response objects)", async () => {
  const { engine, port } = await serve("http2");
  const session = http2Connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false });
  const get = (path: string, method = "GET", body?: string) =>
    new Promise<{ status: number; text: string; headers: Record<string, unknown> }>((resolve, reject) => {
      const stream = session.request({ ":path": path, ":method": method });
      let text = "";
      let status = 0;
      let headers: Record<string, unknown> = {};
      stream.setEncoding("utf8");
      stream.on("response", (h) => {
        status = Number(h[":status"]);
        headers = h;
      });
      stream.on("data", (c: string) => (text += c));
      stream.on("end", () => resolve({ status, text, headers }));
      stream.on("error", reject);
      stream.end(body);
    });
  try {
    const hs = await get("/engine.io/?EIO=4&transport=polling");
    expect(hs.status).toBe(200);
    const sid = JSON.parse(hs.text.slice(1)).sid as string;
    const got = once(engine.clients[sid]!, "message");
    const post = await get(`/engine.io/?EIO=4&transport=polling&sid=${sid}`, "POST", "4over h2");
    expect(post.text).toBe("ok");
    expect(await got).toBe("over h2");
    engine.clients[sid]?.send("back over h2");
    const poll = await get(`/engine.io/?EIO=4&transport=polling&sid=${sid}`);
    expect(poll.text).toBe("4back over h2");
    const tooBig = await get(`/engine.io/?EIO=4&transport=polling&sid=${sid}`, "POST", `4${"x".repeat(2_000_000)}`);
    expect(tooBig.status).toBe(413);
    await until(() => engine.clientsCount === 0);
  } finally {
    session.close();
  }
});
