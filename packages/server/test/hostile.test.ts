// Raw Engine.IO clients sending what no official client sends. Each must get its error (or be
// ignored), be closed where the protocol says so, and never disturb the other clients.
import { afterEach, describe, expect, it } from "vitest";
import type { Socket } from "../src/index.js";
import { connectPair, delay, startServer, waitFor, type RawClient, type TestServer } from "./helpers.js";

let ts: TestServer;
afterEach(async () => {
  await ts.close();
});

/** A raw client connected to "/" and its server-side socket. */
async function rawPair(nsp = "/") {
  const raw = await ts.raw();
  const serverSide = waitFor<[Socket]>(ts.io.of(nsp), "connection");
  const answer = await raw.connect(nsp);
  expect(answer).toMatch(/\{"sid":"/);
  const [socket] = await serverSide;
  return { raw, socket };
}

/** A bystander v4 client: still served after each attack. */
async function expectOthersServed() {
  const { client, socket } = await connectPair(ts);
  socket.on("echo", (x: unknown, ack: (r: unknown) => void) => ack(x));
  expect(await client.timeout(2000).emitWithAck("echo", "still here")).toBe("still here");
}

async function expectStillOpen(raw: RawClient, socket: Socket) {
  const got = waitFor(socket, "probe");
  raw.send('2["probe",1]');
  expect(await got).toEqual([1]);
  expect(raw.isClosed).toBe(false);
}

describe("malformed packets", () => {
  const cases: Array<[string, string]> = [
    ["unknown packet type", "9"],
    ["invalid JSON", '2["a",'],
    ["event payload not an array", '2{"a":1}'],
    ["event name not a string", "2[{}]"],
    ["ack without id", '3["x"]'],
    ["bad attachment count", '5x-["a"]'],
    ["too many attachments", '5999-["a",{"_placeholder":true,"num":0}]'],
    ["namespace without slash", '2nsp,["a"]'],
    ["CONNECT with an array payload", '0["array"]'],
  ];
  for (const [name, packet] of cases) {
    it(`${name}: the socket gets a coded error and the session is closed ("forced close", as officially)`, async () => {
      ts = await startServer();
      const { raw, socket } = await rawPair();
      const errors: Error[] = [];
      socket.on("error", (err) => errors.push(err));
      const gone = waitFor(socket, "disconnect");
      raw.send(packet);
      expect((await gone)[0]).toBe("forced close");
      expect(errors.map((e) => (e as Error & { code?: string }).code)).toEqual(["ERR_SERVER_PARSE_ERROR"]);
      await raw.closed;
      await expectOthersServed();
    });
  }

  it("a binary frame with no binary packet pending closes the session", async () => {
    ts = await startServer();
    const { raw, socket } = await rawPair();
    const gone = waitFor(socket, "disconnect");
    raw.sendBinary(Buffer.from([4, 1, 2, 3]));
    expect((await gone)[0]).toBe("forced close");
    await expectOthersServed();
  });
});

describe("reserved and prototype event names", () => {
  for (const name of ["disconnect", "disconnecting", "connect", "connect_error", "newListener", "removeListener"]) {
    it(`a client-sent "${name}" event is a parse error: no listener runs, the session closes`, async () => {
      ts = await startServer();
      const { raw, socket } = await rawPair();
      const fired: string[] = [];
      socket.on(name as any, (arg: unknown) => arg === "fake" && fired.push(name));
      socket.onAny((event: string) => fired.push(`any:${event}`));
      const errors: Array<string | undefined> = [];
      socket.on("error", (err) => errors.push((err as Error & { code?: string }).code));
      const gone = waitFor(socket, "disconnect");
      raw.send(`2${JSON.stringify([name, "fake"])}`);
      await gone;
      await raw.closed;
      expect(fired).toEqual([]);
      expect(errors).toEqual(["ERR_SERVER_PARSE_ERROR"]);
      await expectOthersServed();
    });
  }

  it("a reserved name in a binary event is a parse error too", async () => {
    ts = await startServer();
    const { raw, socket } = await rawPair();
    const fired: string[] = [];
    socket.on("connect" as any, () => fired.push("connect"));
    socket.onAny((event: string) => fired.push(`any:${event}`));
    const gone = waitFor(socket, "disconnect");
    raw.send(`51-${JSON.stringify(["connect", { _placeholder: true, num: 0 }])}`);
    raw.sendBinary(Buffer.from([1, 2, 3]));
    await gone;
    expect(fired).toEqual([]);
  });

  it("__proto__, constructor and friends are plain event names that reach no prototype", async () => {
    ts = await startServer();
    const { raw, socket } = await rawPair();
    const seen: string[] = [];
    socket.onAny((event: string) => seen.push(event));
    const constructorArgs = new Promise((resolve) => socket.on("constructor", (...args: unknown[]) => resolve(args)));
    for (const name of ["__proto__", "toString", "hasOwnProperty", "constructor"])
      raw.send(`2${JSON.stringify([name, 1])}`);
    expect(await constructorArgs).toEqual([1]);
    await expectStillOpen(raw, socket);
    expect(seen).toEqual(["__proto__", "toString", "hasOwnProperty", "constructor", "probe"]);
  });

  it("an 'error' event from a client never reaches socket.on('error'), with or without a listener", async () => {
    ts = await startServer();
    const { raw, socket } = await rawPair();
    raw.send('2["error","fake"]');
    await expectStillOpen(raw, socket);
    const heard: unknown[] = [];
    socket.on("error", (err) => heard.push(err));
    socket.onAny((event: string) => heard.push(`any:${event}`));
    raw.send('2["error","fake again"]');
    raw.send('51-["error",{"_placeholder":true,"num":0}]');
    raw.sendBinary(Buffer.from([1]));
    await expectStillOpen(raw, socket);
    expect(heard).toEqual(["any:probe"]);
  });

  it("an auth payload with __proto__ pollutes nothing", async () => {
    ts = await startServer();
    const raw = await ts.raw();
    const serverSide = waitFor<[Socket]>(ts.io, "connection");
    raw.send('0{"__proto__":{"polluted":true},"user":"u"}');
    const [socket] = await serverSide;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const auth = socket.handshake.auth;
    expect(auth.user).toBe("u");
    expect(Object.getPrototypeOf(auth) === Object.prototype || Object.getPrototypeOf(auth) === null).toBe(true);
    expect((auth as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a namespace named /__proto__ is just unknown", async () => {
    ts = await startServer();
    const raw = await ts.raw();
    expect(await raw.connect("/__proto__")).toBe('4/__proto__,{"message":"Invalid namespace"}');
    expect(await raw.connect("/constructor")).toBe('4/constructor,{"message":"Invalid namespace"}');
    expect(raw.isClosed).toBe(false);
  });
});

describe("acks and packets for things that do not exist", () => {
  it("acks (text and binary) for ids never issued are ignored, the session stays up", async () => {
    ts = await startServer();
    const { raw, socket } = await rawPair();
    raw.send('3123["x"]');
    raw.send('61-456[{"_placeholder":true,"num":0}]');
    raw.sendBinary(Buffer.from([1, 2]));
    await expectStillOpen(raw, socket);
  });

  it("a second ack for the same id is ignored: the callback runs once, the session stays up", async () => {
    ts = await startServer();
    const { raw, socket } = await rawPair();
    const calls: unknown[][] = [];
    socket.emit("ask", (...args: unknown[]) => calls.push(args));
    const asked = await raw.nextMessage();
    const id = /^2(\d+)\[/.exec(asked)![1];
    raw.send(`3${id}["first"]`);
    raw.send(`3${id}["second"]`);
    await expectStillOpen(raw, socket);
    expect(calls).toEqual([["first"]]);
  });

  it("an ack after its timeout() expired is ignored: the callback ran once, with the timeout error", async () => {
    ts = await startServer();
    const { raw, socket } = await rawPair();
    const calls: unknown[][] = [];
    socket.timeout(30).emit("ask", (...args: unknown[]) => calls.push(args));
    const id = /^2(\d+)\[/.exec(await raw.nextMessage())![1];
    await delay(60);
    raw.send(`3${id}["late"]`);
    await expectStillOpen(raw, socket);
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toMatchObject({ code: "ERR_SERVER_ACK_TIMEOUT" });
  });

  it("a late ack to a broadcast whose timeout() expired is ignored, the session stays up", async () => {
    ts = await startServer();
    const { raw, socket } = await rawPair();
    const result = ts.io
      .timeout(30)
      .emitWithAck("ask")
      .catch((err: Error & { responses?: unknown[] }) => err);
    const id = /^2(\d+)\[/.exec(await raw.nextMessage())![1];
    expect(await result).toMatchObject({ code: "ERR_SERVER_ACK_TIMEOUT", responses: [] });
    expect(socket.acks.size).toBe(0);
    raw.send(`3${id}["late"]`);
    await expectStillOpen(raw, socket);
  });

  it("an EVENT for a namespace the client has not joined closes the session, as officially", async () => {
    ts = await startServer();
    const { raw, socket } = await rawPair();
    const gone = waitFor(socket, "disconnect");
    raw.send('2/nowhere,["x"]');
    expect((await gone)[0]).toBe("forced server close");
    await raw.closed;
    await expectOthersServed();
  });
});

describe("unknown namespace cap", () => {
  it("after maxUnknownNamespaces refusals the session is closed with its own reason", async () => {
    ts = await startServer({ maxUnknownNamespaces: 3 });
    const { raw, socket } = await rawPair();
    const errors: Array<string | undefined> = [];
    socket.on("error", (err) => errors.push((err as Error & { code?: string }).code));
    const gone = waitFor(socket, "disconnect");
    for (let i = 1; i <= 3; i++) {
      expect(await raw.connect(`/u${i}`)).toBe(`4/u${i},{"message":"Invalid namespace"}`);
    }
    expect(raw.isClosed).toBe(false);
    expect(await raw.connect("/u4")).toBe('4/u4,{"message":"Invalid namespace"}');
    expect((await gone)[0]).toBe("too many unknown namespaces");
    expect(errors).toEqual(["ERR_SERVER_TOO_MANY_UNKNOWN_NAMESPACES"]);
    await raw.closed;
    await expectOthersServed();
  });

  it("by default there is no cap: thousands of unknown namespaces each get their CONNECT_ERROR, nothing is kept, the connection works", async () => {
    ts = await startServer();
    const { raw, socket } = await rawPair();
    const namespacesBefore = ts.io._nsps.size;
    for (let i = 0; i < 3000; i++) raw.send(`0/unknown-${i},`);
    const got: string[] = [];
    for (let i = 0; i < 3000; i++) got.push(await raw.nextMessage());
    expect(got.every((m, i) => m === `4/unknown-${i},{"message":"Invalid namespace"}`)).toBe(true);
    expect(ts.io._nsps.size).toBe(namespacesBefore);
    await expectStillOpen(raw, socket);
    await expectOthersServed();
  });
});

describe("huge payloads", () => {
  it("a large auth payload within the engine's maxHttpBufferSize is accepted", async () => {
    ts = await startServer();
    const raw = await ts.raw();
    const serverSide = waitFor<[Socket]>(ts.io, "connection");
    const blob = "a".repeat(200_000);
    expect(await raw.connect("/", { blob })).toMatch(/^0\{"sid":"/);
    const [socket] = await serverSide;
    expect(socket.handshake.auth.blob).toHaveLength(200_000);
  });

  it("an auth payload over maxHttpBufferSize closes only that session", async () => {
    ts = await startServer({}, { maxHttpBufferSize: 100_000 });
    const raw = await ts.raw();
    raw.send(`0${JSON.stringify({ blob: "b".repeat(200_000) })}`);
    await raw.closed;
    expect(ts.io.sockets.sockets.size).toBe(0);
    await expectOthersServed();
  });

  it("CONNECT packets repeated while the middlewares run create one socket", async () => {
    ts = await startServer();
    let runs = 0;
    ts.io.use((_socket, next) => {
      runs++;
      setTimeout(next, 30);
    });
    const raw = await ts.raw();
    for (let i = 0; i < 20; i++) raw.send("0");
    expect(await raw.nextMessage()).toMatch(/^0\{"sid":"/);
    await delay(60);
    expect(runs).toBe(1);
    expect(ts.io.sockets.sockets.size).toBe(1);
  });

  it("a second CONNECT for a joined namespace closes the session (as officially), with no second socket", async () => {
    ts = await startServer();
    const { raw, socket } = await rawPair();
    const gone = waitFor(socket, "disconnect");
    for (let i = 0; i < 20; i++) raw.send("0");
    expect((await gone)[0]).toBe("forced server close");
    await raw.closed;
    expect(ts.io.sockets.sockets.size).toBe(0);
  });
});
