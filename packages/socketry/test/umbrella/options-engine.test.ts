// The engine options given to the umbrella reach the engine: heartbeat, transports,
// allowUpgrades, maxHttpBufferSize, cors, cookie and allowRequest, each seen from a client.
import { afterEach, describe, expect, test } from "vitest";
import { httpGet, pair, pollingHandshake, startIo, waitFor, type Running } from "./helpers.js";

let r: Running | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

describe("pingInterval / pingTimeout", () => {
  test("reach the handshake, and a client that stops answering pings leaves with 'ping timeout'", async () => {
    r = await startIo({ pingInterval: 200, pingTimeout: 100 });
    const open = await pollingHandshake(r.port);
    expect([open.pingInterval, open.pingTimeout]).toEqual([200, 100]);
    const { client, socket } = await pair(r.io, r.v4("/", { transports: ["websocket"] }));
    // Keep the client from answering: its engine (engine.io-client 6.6, private `_sendPacket`) drops its pongs.
    const engine = client.io.engine as unknown as { _sendPacket(type: string, ...rest: unknown[]): void };
    expect(typeof engine._sendPacket).toBe("function");
    const sendPacket = engine._sendPacket.bind(engine);
    engine._sendPacket = (type, ...rest) => {
      if (type !== "pong") sendPacket(type, ...rest);
    };
    const [reason] = await waitFor(socket, "disconnect", 3_000);
    expect(reason).toBe("ping timeout");
  });
});

describe("transports", () => {
  test('["websocket"]: polling is refused (code 0), a websocket client connects', async () => {
    r = await startIo({ transports: ["websocket"] });
    const polling = await httpGet(r.port, "/socket.io/?EIO=4&transport=polling");
    expect(polling.status).toBe(400);
    expect(JSON.parse(polling.text)).toMatchObject({ code: 0 });
    const refused = r.v4("/", { transports: ["polling"] });
    await waitFor(refused, "connect_error");
    const { socket } = await pair(r.io, r.v4("/", { transports: ["websocket"] }));
    expect(socket.conn.transport.name).toBe("websocket");
  });
});

describe("allowUpgrades", () => {
  test("false: the handshake offers no upgrade and the session stays on polling", async () => {
    r = await startIo({ allowUpgrades: false });
    expect((await pollingHandshake(r.port)).upgrades).toEqual([]);
    const { client, socket } = await pair(r.io, r.v4("/"));
    // One ack round trip after connecting: an upgrade would have been offered by then.
    socket.on("ping?", (ack: () => void) => ack());
    await new Promise<void>((resolve) => client.emit("ping?", resolve));
    expect(socket.conn.transport.name).toBe("polling");
    expect(client.io.engine.transport.name).toBe("polling");
  });

  test("default: websocket is offered", async () => {
    r = await startIo();
    expect((await pollingHandshake(r.port)).upgrades).toEqual(["websocket"]);
  });
});

describe("maxHttpBufferSize", () => {
  test("reaches the handshake; a message over it disconnects the socket, one under it passes", async () => {
    r = await startIo({ maxHttpBufferSize: 1_000 });
    expect((await pollingHandshake(r.port)).maxPayload).toBe(1_000);
    const { client, socket } = await pair(r.io, r.v4("/", { transports: ["websocket"] }));
    const small = waitFor(socket, "small");
    client.emit("small", "x".repeat(500));
    expect((await small)[0]).toHaveLength(500);
    const gone = waitFor(socket, "disconnect");
    const clientGone = waitFor(client, "disconnect");
    client.emit("big", "x".repeat(2_000));
    expect((await gone)[0]).toBe("payload too large");
    expect((await clientGone)[0]).toBe("transport close");
  });

  test("an over-size polling POST is answered 413 and closes the session", async () => {
    r = await startIo({ maxHttpBufferSize: 1_000 });
    const { sid } = await pollingHandshake(r.port);
    const post = await httpGet(r.port, `/socket.io/?EIO=4&transport=polling&sid=${sid}`, {
      method: "POST",
      body: `4${"y".repeat(2_000)}`,
    });
    expect(post.status).toBe(413);
    const after = await httpGet(r.port, `/socket.io/?EIO=4&transport=polling&sid=${sid}`);
    expect(after.status).toBe(400);
  });
});

describe("cors", () => {
  const cors = { origin: ["https://example.com"], allowedHeaders: ["my-custom-header"], credentials: true };

  test("headers on polling responses for an allowed origin", async () => {
    r = await startIo({ cors });
    const res = await httpGet(r.port, "/socket.io/?EIO=4&transport=polling", {
      headers: { origin: "https://example.com" },
    });
    expect(res.status).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe("https://example.com");
    expect(res.headers["access-control-allow-credentials"]).toBe("true");
  });

  test("a preflight is answered with the allowed headers; another origin gets no allow-origin", async () => {
    r = await startIo({ cors });
    const preflight = await httpGet(r.port, "/socket.io/?EIO=4&transport=polling", {
      method: "OPTIONS",
      headers: {
        origin: "https://example.com",
        "access-control-request-method": "GET",
        "access-control-request-headers": "my-custom-header",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-headers"]).toBe("my-custom-header");
    const other = await httpGet(r.port, "/socket.io/?EIO=4&transport=polling", {
      headers: { origin: "https://evil.test" },
    });
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });

  test("no cors option: no cors headers", async () => {
    r = await startIo();
    const res = await httpGet(r.port, "/socket.io/?EIO=4&transport=polling", {
      headers: { origin: "https://example.com" },
    });
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("cookie", () => {
  test("the seed's cookie options shape the handshake's Set-Cookie", async () => {
    r = await startIo({ cookie: { name: "my-cookie", httpOnly: true, sameSite: "strict", maxAge: 86400 } });
    const { sid, response } = await pollingHandshake(r.port);
    const [cookie] = response.headers["set-cookie"] ?? [];
    expect(cookie).toBeDefined();
    expect(cookie!.startsWith(`my-cookie=${sid};`)).toBe(true);
    expect(cookie).toMatch(/Max-Age=86400/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  test("no cookie by default (as since Socket.IO v3)", async () => {
    r = await startIo();
    const { response } = await pollingHandshake(r.port);
    expect(response.headers["set-cookie"]).toBeUndefined();
  });
});

describe("allowRequest", () => {
  test("a refusal reaches the official client as connect_error and raw requests as 403 code 4", async () => {
    const seen: string[] = [];
    r = await startIo({
      allowRequest: (
        req: { headers: Record<string, unknown> },
        callback: (err: string | null | undefined, ok: boolean) => void,
      ) => {
        seen.push(String(req.headers["x-token"] ?? ""));
        callback(req.headers["x-token"] === "let-me-in" ? null : "no token", req.headers["x-token"] === "let-me-in");
      },
    });
    const refused = r.v4("/", { transports: ["polling"] });
    const [err] = await waitFor<[Error]>(refused, "connect_error");
    expect(err).toBeInstanceOf(Error);
    expect(r.io.of("/").sockets.size).toBe(0);

    const raw = await httpGet(r.port, "/socket.io/?EIO=4&transport=polling");
    expect(raw.status).toBe(403);
    expect(JSON.parse(raw.text)).toEqual({ code: 4, message: "no token" });

    await pair(r.io, r.v4("/", { extraHeaders: { "x-token": "let-me-in" } }));
    expect(seen).toContain("let-me-in");
  });
});
