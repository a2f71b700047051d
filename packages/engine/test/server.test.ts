import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { Server, type ConnectionError, type Socket } from "../src/index.js";
import { FakePayloadTransport, FakeTransport, FakeUpgradeTransport } from "./fake-transport.js";
import { mockRequest, mockResponse } from "./mock-http.js";

const registry = { fake: FakeTransport, "fake-upgrade": FakeUpgradeTransport, "fake-payload": FakePayloadTransport };

function request(server: Server, url: string, method = "GET") {
  const { res, out } = mockResponse();
  server.handleRequest(mockRequest(url, method), res);
  return out;
}

function handshake(server: Server, transport = "fake"): Socket {
  let socket: Socket | undefined;
  server.once("connection", (s: Socket) => (socket = s));
  const out = request(server, `/engine.io/?EIO=4&transport=${transport}`);
  expect(out.body).toBe("fake");
  if (socket === undefined) throw new Error("no connection");
  return socket;
}

describe("request verification (protocol errors)", () => {
  const server = new Server(
    {
      transports: ["fake"],
      allowRequest: (req, cb) => cb(req.url?.includes("deny") ? "go away" : null, !req.url?.includes("deny")),
    },
    registry,
  );
  const seen: ConnectionError[] = [];
  server.on("connection_error", (e: ConnectionError) => seen.push(e));
  afterEach(() => server.close());

  test.each([
    ["/engine.io/?EIO=4&transport=carrier-pigeon", "GET", 400, 0, "Transport unknown"],
    ["/engine.io/?EIO=4", "GET", 400, 0, "Transport unknown"],
    ["/engine.io/?transport=fake", "GET", 400, 5, "Unsupported protocol version"],
    ["/engine.io/?EIO=3&transport=fake", "GET", 400, 5, "Unsupported protocol version"],
    ["/engine.io/?EIO=abc&transport=fake", "GET", 400, 5, "Unsupported protocol version"],
    ["/engine.io/?EIO=4&transport=fake&sid=nope", "GET", 400, 1, "Session ID unknown"],
    ["/engine.io/?EIO=4&transport=fake&sid=__proto__", "GET", 400, 1, "Session ID unknown"],
    ["/engine.io/?EIO=4&transport=fake", "POST", 400, 2, "Bad handshake method"],
    ["/engine.io/?EIO=4&transport=fake&deny=1", "GET", 403, 4, "go away"],
  ])("%s %s -> %i code %i", (url, method, status, code, message) => {
    const before = seen.length;
    const out = request(server, url, method);
    expect(out.status).toBe(status);
    expect(out.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(out.body)).toEqual({ code, message });
    expect(seen.length).toBe(before + 1);
    expect(seen.at(-1)).toMatchObject({ code });
    expect(seen.at(-1)?.req.url).toBe(url);
    expect(server.clientsCount).toBe(0);
  });
});

describe("sessions", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  test("handshake sends the open packet with the session parameters", () => {
    const server = new Server({ transports: ["fake", "fake-upgrade"], pingInterval: 300, pingTimeout: 200 }, registry);
    const socket = handshake(server);
    expect(server.clientsCount).toBe(1);
    expect(server.clients[socket.id]).toBe(socket);
    expect(socket.id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const open = (socket.transport as FakeTransport).sent[0];
    expect(open?.type).toBe("open");
    expect(JSON.parse(open?.data as string)).toEqual({
      sid: socket.id,
      upgrades: ["fake-upgrade"],
      pingInterval: 300,
      pingTimeout: 200,
      maxPayload: 1e6,
    });
    expect(socket.transport.name).toBe("fake");
    expect(socket.protocol).toBe(4);
    expect(socket.readyState).toBe("open");
    server.close();
  });

  test("the open packet keeps the official field order, escapes a custom id and reuses its tail", () => {
    const server = new Server({ transports: ["fake", "fake-upgrade"], pingInterval: 300, pingTimeout: 200 }, registry);
    server.generateId = () => 'id"with\\quotes';
    const first = handshake(server);
    const data = (first.transport as FakeTransport).sent[0]?.data as string;
    expect(data).toBe(
      '{"sid":"id\\"with\\\\quotes","upgrades":["fake-upgrade"],"pingInterval":300,"pingTimeout":200,"maxPayload":1000000}',
    );
    expect(JSON.parse(data).sid).toBe('id"with\\quotes');
    // The second session gets the tail serialised for the first.
    server.generateId = () => "second";
    const second = handshake(server);
    expect(JSON.parse((second.transport as FakeTransport).sent[0]?.data as string)).toEqual({
      sid: "second",
      upgrades: ["fake-upgrade"],
      pingInterval: 300,
      pingTimeout: 200,
      maxPayload: 1e6,
    });
    server.close();
  });

  test("routing reads the last of repeated keys, as req._query does; transports get the query as URLSearchParams", () => {
    const seen: Array<{ query: URLSearchParams }> = [];
    class RecordingTransport extends FakeTransport {
      constructor(init: ConstructorParameters<typeof FakeTransport>[0]) {
        super(init);
        seen.push({ query: init.query });
      }
    }
    const recording = new Server({ transports: ["fake"] }, { fake: RecordingTransport });
    const req = mockRequest("/engine.io/?EIO=3&transport=nope&EIO=4&transport=fake&x=a+b%21");
    const { res, out } = mockResponse();
    recording.handleRequest(req, res);
    expect(out.body).toBe("fake");
    expect((req as { _query?: unknown })._query).toEqual({ EIO: "4", transport: "fake", x: "a b!" });
    expect(seen[0]?.query).toBeInstanceOf(URLSearchParams);
    expect(seen[0]?.query.getAll("transport")).toEqual(["nope", "fake"]);
    expect(seen[0]?.query.get("x")).toBe("a b!");
    // A query set before the engine (by an overridden prepare(), say) is left as it was, and is
    // what routes the request, as on engine.io.
    const preset = mockRequest("/engine.io/?EIO=4&transport=nope");
    (preset as { _query?: unknown })._query = { mine: "1", EIO: "4", transport: "fake" };
    recording.handleRequest(preset, mockResponse().res);
    expect((preset as { _query?: unknown })._query).toEqual({ mine: "1", EIO: "4", transport: "fake" });
    expect(recording.clientsCount).toBe(2);
    const unroutable = mockRequest("/engine.io/?EIO=4&transport=fake");
    (unroutable as { _query?: unknown })._query = { mine: "1" };
    const refused = mockResponse();
    recording.handleRequest(unroutable, refused.res);
    expect(refused.out.status).toBe(400);
    expect(recording.clientsCount).toBe(2);
    recording.close();
  });

  test("an empty sid or a #fragment still makes a handshake, as on the official server", () => {
    const server = new Server({ transports: ["fake"] }, registry);
    for (const url of ["/engine.io/?EIO=4&transport=fake&sid=", "/engine.io/?EIO=4&transport=fake#frag"]) {
      const { res, out } = mockResponse();
      server.handleRequest(mockRequest(url), res);
      expect(out.body).toBe("fake");
    }
    expect(server.clientsCount).toBe(2);
    server.close();
  });

  test("the open packet asks for the upgrades of each session (upgrades() may be overridden)", () => {
    const server = new Server({ transports: ["fake", "fake-upgrade"] }, registry);
    const first = handshake(server);
    expect(JSON.parse((first.transport as FakeTransport).sent[0]?.data as string).upgrades).toEqual(["fake-upgrade"]);
    server.upgrades = () => [];
    const second = handshake(server);
    expect(JSON.parse((second.transport as FakeTransport).sent[0]?.data as string).upgrades).toEqual([]);
    server.close();
  });

  test("allowUpgrades: false advertises no upgrades", () => {
    const server = new Server({ transports: ["fake", "fake-upgrade"], allowUpgrades: false }, registry);
    const socket = handshake(server);
    expect(JSON.parse((socket.transport as FakeTransport).sent[0]?.data as string).upgrades).toEqual([]);
    server.close();
  });

  test("ids are unique, and generateId can be overridden (async too)", async () => {
    const server = new Server({ transports: ["fake"] }, registry);
    const ids = new Set(Array.from({ length: 500 }, () => server.generateId(mockRequest("/")) as string));
    expect(ids.size).toBe(500);
    server.generateId = async () => "custom-id";
    const connected = new Promise<Socket>((resolve) => server.once("connection", resolve));
    request(server, "/engine.io/?EIO=4&transport=fake");
    expect((await connected).id).toBe("custom-id");
    server.close();
  });

  test("v4 heartbeat: ping every interval, pong keeps it alive, silence closes with 'ping timeout'", () => {
    const server = new Server({ transports: ["fake"], pingInterval: 300, pingTimeout: 200 }, registry);
    const socket = handshake(server);
    const transport = socket.transport as FakeTransport;
    const reasons: string[] = [];
    let beats = 0;
    socket.on("heartbeat", () => beats++);
    socket.on("close", (reason: string) => reasons.push(reason));
    vi.advanceTimersByTime(300);
    expect(transport.sent.at(-1)?.type).toBe("ping");
    transport.receive({ type: "pong" });
    vi.advanceTimersByTime(300);
    expect(transport.sent.filter((p) => p.type === "ping")).toHaveLength(2);
    expect(beats).toBe(1); // one pong received
    vi.advanceTimersByTime(199);
    expect(reasons).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(reasons).toEqual(["ping timeout"]);
    expect(server.clientsCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    server.close();
  });

  test("messages both ways, send callbacks after drain", () => {
    const server = new Server({ transports: ["fake"] }, registry);
    const socket = handshake(server);
    const transport = socket.transport as FakeTransport;
    const received: unknown[] = [];
    socket.on("message", (data: unknown) => received.push(data));
    transport.receive({ type: "message", data: "hello" });
    expect(received).toEqual(["hello"]);
    let called = 0;
    socket.send("a", () => called++);
    socket.send(Buffer.from([1, 2]), { compress: false });
    expect(transport.sent.slice(-2)).toEqual([
      { type: "message", data: "a", options: { compress: true } },
      { type: "message", data: Buffer.from([1, 2]), options: { compress: false } },
    ]);
    expect(called).toBe(0);
    (transport as unknown as { onDrain(): void }).onDrain();
    expect(called).toBe(1);
    server.close();
  });

  test("a malformed packet closes with 'parse error'; a transport error with 'transport error'", () => {
    const server = new Server({ transports: ["fake"] }, registry);
    const a = handshake(server);
    const b = handshake(server);
    const reasons: string[] = [];
    a.on("close", (r: string) => reasons.push(r));
    b.on("close", (r: string) => reasons.push(r));
    (a.transport as FakeTransport).receive({ type: "error", data: "parser error" });
    (b.transport as FakeTransport).fail("boom");
    expect(reasons).toEqual(["parse error", "transport error"]);
    expect(server.clientsCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("write buffer over its cap closes the session with 'write buffer full'", () => {
    const server = new Server({ transports: ["fake"], maxWriteBufferSize: 1000 }, registry);
    const socket = handshake(server);
    socket.transport.writable = false; // the peer stopped reading
    let reason = "";
    let description: unknown;
    socket.on("close", (r: string, d: unknown) => ((reason = r), (description = d)));
    for (let i = 0; i < 20 && socket.readyState === "open"; i++) socket.send("x".repeat(100));
    expect(reason).toBe("write buffer full");
    expect(description).toMatchObject({ code: "ERR_ENGINE_WRITE_BUFFER_FULL" });
    expect(socket.writeBuffer).toEqual([]);
    server.close();
  });

  test("close() ends every session with 'server shutting down' and leaves no timer", () => {
    const server = new Server({ transports: ["fake"] }, registry);
    const sockets = [handshake(server), handshake(server), handshake(server)];
    const reasons: string[] = [];
    for (const s of sockets) s.on("close", (r: string) => reasons.push(r));
    expect(vi.getTimerCount()).toBe(1); // one shared heartbeat timer, not one per session
    server.close();
    expect(reasons).toEqual(["server shutting down", "server shutting down", "server shutting down"]);
    expect(server.clientsCount).toBe(0);
    expect(Object.keys(server.clients)).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("socket.close() flushes then closes with 'forced close'", () => {
    const server = new Server({ transports: ["fake"] }, registry);
    const socket = handshake(server);
    socket.transport.writable = false;
    socket.send("last");
    let reason = "";
    socket.on("close", (r: string) => (reason = r));
    socket.close();
    expect(socket.readyState).toBe("closing");
    socket.transport.writable = true;
    socket.flush();
    expect((socket.transport as FakeTransport).sent.at(-1)).toMatchObject({ type: "message", data: "last" });
    expect(reason).toBe("forced close");
    expect(server.clientsCount).toBe(0);
  });

  test("a payload transport gets everything written in one tick in one send, on the next tick", async () => {
    const server = new Server({ transports: ["fake-payload"] }, registry);
    const socket = handshake(server, "fake-payload");
    const transport = socket.transport as FakeTransport;
    expect(transport.supportsFraming).toBe(false);
    const nextTick = () => new Promise((resolve) => process.nextTick(resolve));
    expect(transport.sends).toBe(0);
    await nextTick();
    expect(transport.sent.map((p) => p.type)).toEqual(["open"]);
    // Like the handlers of one incoming payload: each runs in its own tick callback, all queued
    // before the first write, so the flush the first write queues runs after the last of them.
    for (const data of ["a", "b", "c"]) process.nextTick(() => socket.send(data));
    await nextTick();
    await nextTick();
    expect(transport.sends).toBe(2);
    expect(transport.sent.slice(1).map((p) => p.data)).toEqual(["a", "b", "c"]);
    server.close();
  });

  test("initialPacket follows the open packet; transport listeners still work", () => {
    const server = new Server({ transports: ["fake"], initialPacket: "welcome" }, registry);
    const socket = handshake(server);
    const transport = socket.transport as FakeTransport;
    expect(transport.sent.slice(0, 2).map((p) => p.type)).toEqual(["open", "message"]);
    expect(transport.sent[1]?.data).toBe("welcome");
    expect(transport.upgradesTo).toEqual(["fake-upgrade"]);
    expect(transport.handlesUpgrades).toBe(false);
    expect(transport.supportsFraming).toBe(true);
    const seen: unknown[] = [];
    transport.on("packet", (p: unknown) => seen.push(p));
    expect(transport.listenerCount("packet")).toBe(1);
    transport.receive({ type: "message", data: "x" });
    expect(seen).toEqual([{ type: "message", data: "x" }]);
    server.close();
  });
});
