import { once } from "node:events";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server as EngineServer } from "engine.io";
import { io as ioc } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { Adapter } from "@socketry/adapter";
import {
  SERVER_DEFAULTS,
  Server,
  ServerError,
  ServerOptionError,
  type EngineLike,
  type HttpServerLike,
} from "../src/index.js";
import { connectPair, startServer, waitFor, type TestServer } from "./helpers.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** What the umbrella does: a subclass that creates an engine.io engine for attach()/listen(). */
// createEngine() runs inside the base constructor for the (server | port, opts) forms, before a
// subclass's own fields exist: what it records goes to a module-level map.
const engineOptionsSeen = new WeakMap<Server, Record<string, unknown>[]>();
class EngineServerSubclass extends Server {
  get engineOptionsSeen(): Record<string, unknown>[] {
    return engineOptionsSeen.get(this) ?? [];
  }
  protected override createEngine(srv: HttpServerLike, opts: Record<string, unknown>): EngineLike {
    engineOptionsSeen.set(this, [...(engineOptionsSeen.get(this) ?? []), opts]);
    const http = srv as HttpServer;
    // Keep the implicit server of listen(port) on the loopback interface.
    const listen = http.listen.bind(http);
    http.listen = ((port: number) => listen(port, "127.0.0.1")) as typeof http.listen;
    const engine = new EngineServer(opts);
    engine.attach(http, { path: `${String(opts.path)}/` });
    return engine;
  }
}

describe("construction and options", () => {
  it("new Server() and new Server(opts) need no engine", async () => {
    const plain = new Server();
    expect(plain.path()).toBe("/socket.io");
    expect(plain.serveClient()).toBe(true);
    expect(plain.connectTimeout()).toBe(45_000);
    expect(plain.adapter()).toBe(Adapter);
    expect(plain.engine).toBeUndefined();
    expect(plain.httpServer).toBeUndefined();
    const withOpts = new Server({ path: "/ws", serveClient: false, connectTimeout: 1000 });
    expect(withOpts.path()).toBe("/ws");
    expect(withOpts.serveClient()).toBe(false);
    expect(withOpts.connectTimeout()).toBe(1000);
    await plain.close();
    await withOpts.close();
  });

  it("never mutates the caller's options and keeps one defaults literal", () => {
    const opts = Object.freeze({ connectTimeout: 10, pingInterval: 5 });
    const io = new Server(opts);
    expect(opts).toEqual({ connectTimeout: 10, pingInterval: 5 });
    expect(Object.isFrozen(SERVER_DEFAULTS)).toBe(true);
    io.path("/changed/");
    expect(io.path()).toBe("/changed");
    expect(SERVER_DEFAULTS.path).toBe("/socket.io");
  });

  it("rejects invalid options with ERR_SERVER_INVALID_OPTION (a TypeError)", () => {
    for (const bad of [
      { connectTimeout: -1 },
      { maxPendingAcks: 0 },
      { ackTimeout: 1.5 },
      { adapter: 1 },
      { parser: {} },
      { path: 3 },
    ]) {
      expect(() => new Server(bad as any)).toThrow(expect.objectContaining({ code: "ERR_SERVER_INVALID_OPTION" }));
    }
    expect(() => new Server().connectTimeout(Number.NaN)).toThrow(ServerError);
    expect(() => new Server().connectTimeout(Number.NaN)).toThrow(TypeError);
    expect(() => new Server({ connectTimeout: -1 })).toThrow(ServerOptionError);
  });

  it("the base class has no engine: attach/listen and the server/port constructor forms throw ERR_SERVER_NO_ENGINE", () => {
    const http = createServer();
    expect(() => new Server(http)).toThrow(expect.objectContaining({ code: "ERR_SERVER_NO_ENGINE" }));
    expect(() => new Server(0)).toThrow(expect.objectContaining({ code: "ERR_SERVER_NO_ENGINE" }));
    expect(() => new Server().attach(http)).toThrow(expect.objectContaining({ code: "ERR_SERVER_NO_ENGINE" }));
    expect(() => new Server().listen(0)).toThrow(expect.objectContaining({ code: "ERR_SERVER_NO_ENGINE" }));
    expect(http.listening).toBe(false);
  });

  it("attach() refuses a request handler function", () => {
    const handler = (() => {}) as unknown as HttpServerLike;
    expect(() => new Server().attach(handler)).toThrow(
      expect.objectContaining({ code: "ERR_SERVER_INVALID_ATTACH_TARGET" }),
    );
    expect(() => new Server().attach(handler)).toThrow(TypeError);
  });

  it("reserved event names cannot be emitted", async () => {
    const ts = await startServer();
    cleanups.push(() => ts.close());
    const { socket } = await connectPair(ts);
    for (const name of ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"]) {
      expect(() => ts.io.to("r").emit(name as any)).toThrow(
        expect.objectContaining({ code: "ERR_SERVER_RESERVED_EVENT" }),
      );
      expect(() => socket.broadcast.emit(name as any)).toThrow(ServerError);
      expect(() => ts.io.serverSideEmit(name as any)).toThrow(ServerError);
    }
    for (const name of ["connect", "connect_error", "disconnect", "disconnecting"]) {
      expect(() => socket.emit(name as any)).toThrow(expect.objectContaining({ code: "ERR_SERVER_RESERVED_EVENT" }));
      expect(() => ts.io.emit(name as any)).toThrow(ServerError);
      expect(() => ts.io.of("/n").emit(name as any)).toThrow(ServerError);
    }
    // EventEmitter's meta-events stay local on an emitter: nothing is written to the client.
    const writes: unknown[] = [];
    socket.client.writeToEngine = (packets) => void writes.push(packets);
    expect(socket.emit("newListener" as any, "x", () => {})).toBe(false);
    expect(writes).toEqual([]);
  });

  it("EventEmitter's own newListener/removeListener events stay local and work", async () => {
    const ts = await startServer();
    cleanups.push(() => ts.close());
    const { socket } = await connectPair(ts);
    const added: string[] = [];
    socket.on("newListener" as any, (name: string) => added.push(name));
    socket.on("custom", () => {});
    ts.io.sockets.on("newListener" as any, (name: string) => added.push(`nsp:${name}`));
    ts.io.sockets.on("connection", () => {});
    expect(added).toEqual(["custom", "nsp:connection"]);
  });

  it("io.adapter(Class) replaces every namespace's adapter", () => {
    class CountingAdapter extends Adapter {}
    const io = new Server();
    const nsp = io.of("/x");
    io.adapter(CountingAdapter);
    expect(io.sockets.adapter).toBeInstanceOf(CountingAdapter);
    expect(nsp.adapter).toBeInstanceOf(CountingAdapter);
    expect(io.of("/y").adapter).toBeInstanceOf(CountingAdapter);
  });
});

describe("binding an engine", () => {
  it("bind(engine) serves clients; close() leaves a server it did not attach to its owner", async () => {
    const http = createServer();
    const engine = new EngineServer();
    engine.attach(http, { path: "/socket.io/" });
    const io = new Server().bind(engine);
    expect(io.engine).toBe(engine);
    http.listen(0, "127.0.0.1");
    await once(http, "listening");
    const client = ioc(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, {
      forceNew: true,
      reconnection: false,
      transports: ["websocket"],
    });
    await waitFor(client, "connect");
    client.disconnect();
    await io.close();
    expect(http.listening).toBe(true);
    http.close();
  });
});

describe("the createEngine hook (what the umbrella overrides)", () => {
  async function roundTrip(port: number) {
    const client = ioc(`http://127.0.0.1:${port}`, { forceNew: true, reconnection: false, transports: ["websocket"] });
    cleanups.push(() => void client.disconnect());
    await waitFor(client, "connect");
    return client;
  }

  it("new Sub(httpServer, opts) attaches, sets io.httpServer and passes only engine options", async () => {
    const http = createServer();
    const io = new EngineServerSubclass(http, { pingInterval: 1234, connectTimeout: 999, maxPendingAcks: 5 });
    cleanups.push(() => io.close());
    expect(io.httpServer).toBe(http);
    expect(io.engineOptionsSeen).toEqual([{ pingInterval: 1234, path: "/socket.io" }]);
    http.listen(0, "127.0.0.1");
    await once(http, "listening");
    await roundTrip((http.address() as AddressInfo).port);
    expect(io.sockets.sockets.size).toBe(1);
  });

  it("io.attach(httpServer) and io.listen(port); close() closes the server it created", async () => {
    const http = createServer();
    const attached = new EngineServerSubclass().attach(http, { path: "/custom" });
    expect(attached.engineOptionsSeen[0]).toEqual({ path: "/socket.io" });
    await attached.close();

    const io = new EngineServerSubclass();
    io.listen(0);
    const server = io.httpServer as HttpServer;
    await once(server, "listening");
    expect((server.address() as AddressInfo).address).toBe("127.0.0.1");
    await roundTrip((server.address() as AddressInfo).port);
    await io.close();
    expect(server.listening).toBe(false);
  });

  it("new Sub(port) creates the HTTP server, which answers 404 outside the engine path", async () => {
    const io = new EngineServerSubclass(0);
    cleanups.push(() => io.close());
    const server = io.httpServer as HttpServer;
    await once(server, "listening");
    const port = (server.address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}/elsewhere`);
    expect(res.status).toBe(404);
    await roundTrip(port);
  });
});

describe("io.on delegates to the main namespace", () => {
  let ts: TestServer;
  it("connection listeners, listeners(), off() and removeAllListeners()", async () => {
    ts = await startServer();
    cleanups.push(() => ts.close());
    const listener = () => {};
    ts.io.on("connection", listener);
    expect(ts.io.sockets.listeners("connection")).toContain(listener);
    expect(ts.io.listeners("connection")).toContain(listener);
    expect(ts.io.listenerCount("connection")).toBe(1);
    ts.io.off("connection", listener);
    expect(ts.io.sockets.listeners("connection")).toEqual([]);
    expect(ts.io.listenerCount("connection")).toBe(0);
    const nsListener = () => {};
    ts.io.on("new_namespace", nsListener);
    expect(ts.io.listeners("new_namespace")).toEqual([nsListener]);
    expect(ts.io.sockets.listenerCount("new_namespace" as any)).toBe(0);
    ts.io.once("connect", listener);
    ts.io.removeAllListeners();
    expect(ts.io.listenerCount("connect")).toBe(0);
    expect(ts.io.listenerCount("new_namespace")).toBe(0);
  });
});
