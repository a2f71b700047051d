// perMessageDeflate (WebSocket) and httpCompression (polling) given to the umbrella reach their
// transports: the response headers show each one on or off.
import type { IncomingMessage } from "node:http";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, test } from "vitest";
import WebSocket from "ws";
import type { ServerOptions } from "socketry";
import {
  httpGet,
  nextConnection,
  pollingHandshake,
  startIo,
  waitFor,
  type HttpAnswer,
  type Running,
} from "./helpers.js";

let r: Running | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

/** The upgrade response headers of a raw `ws` client, which offers permessage-deflate. */
async function upgradeHeaders(port: number): Promise<IncomingMessage["headers"]> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: true });
  try {
    const [[response]] = await Promise.all([waitFor<[IncomingMessage]>(ws, "upgrade"), waitFor(ws, "open")]);
    return response.headers;
  } finally {
    ws.close();
  }
}

describe("perMessageDeflate", () => {
  test("off by default: the upgrade does not accept the extension", async () => {
    r = await startIo();
    expect((await upgradeHeaders(r.port))["sec-websocket-extensions"]).toBeUndefined();
  });

  test("true: the upgrade accepts permessage-deflate", async () => {
    r = await startIo({ perMessageDeflate: true });
    expect((await upgradeHeaders(r.port))["sec-websocket-extensions"]).toMatch(/^permessage-deflate/);
  });

  test("ws options pass through (serverNoContextTakeover)", async () => {
    r = await startIo({ perMessageDeflate: { threshold: 2048, serverNoContextTakeover: true } });
    expect((await upgradeHeaders(r.port))["sec-websocket-extensions"]).toMatch(/server_no_context_takeover/);
  });
});

/**
 * A raw polling session that joins "/", gets a 4 kB event from the server, and polls it with
 * Accept-Encoding: gzip. Returns that poll's response.
 */
async function pollLargeEvent(opts: ServerOptions): Promise<HttpAnswer> {
  r = await startIo(opts);
  const { sid } = await pollingHandshake(r.port);
  const session = `/socket.io/?EIO=4&transport=polling&sid=${sid}`;
  const connected = nextConnection(r.io);
  expect((await httpGet(r.port, session, { method: "POST", body: "40" })).text).toBe("ok");
  const socket = await connected;
  expect((await httpGet(r.port, session)).text).toMatch(/^40\{"sid":/);
  socket.emit("large", "z".repeat(4_096));
  return httpGet(r.port, session, { headers: { "accept-encoding": "gzip" } });
}

describe("httpCompression", () => {
  test("on by default: a large poll response is gzipped", async () => {
    const res = await pollLargeEvent({});
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(res.body).toString()).toBe(`42["large","${"z".repeat(4_096)}"]`);
  });

  test("false: the same response goes out uncompressed", async () => {
    const res = await pollLargeEvent({ httpCompression: false });
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.text).toBe(`42["large","${"z".repeat(4_096)}"]`);
  });

  test("a threshold above the size leaves it uncompressed", async () => {
    const res = await pollLargeEvent({ httpCompression: { threshold: 10_000 } });
    expect(res.headers["content-encoding"]).toBeUndefined();
  });
});
