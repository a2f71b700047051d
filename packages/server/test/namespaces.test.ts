import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Namespace, ParentNamespace, ServerError, type Socket } from "../src/index.js";
import { connectPair, nextConnection, startServer, waitFor, type TestServer } from "./helpers.js";

let ts: TestServer;
beforeEach(async () => {
  ts = await startServer();
});
afterEach(async () => {
  await ts.close();
});

describe("static namespaces", () => {
  it("io.of() creates a namespace once, with or without the leading slash", () => {
    const admin = ts.io.of("/admin");
    expect(admin).toBeInstanceOf(Namespace);
    expect(ts.io.of("admin")).toBe(admin);
    expect(ts.io._nsps.get("/admin")).toBe(admin);
    expect(admin.name).toBe("/admin");
  });

  it("announces new namespaces with new_namespace", () => {
    const seen: string[] = [];
    ts.io.on("new_namespace", (nsp) => seen.push(nsp.name));
    ts.io.of("/a");
    ts.io.of("/a");
    ts.io.of("/b");
    expect(seen).toEqual(["/a", "/b"]);
  });

  it("connects a client to a namespace, separately from the main one", async () => {
    const admin = ts.io.of("/admin");
    let mainConnections = 0;
    ts.io.on("connection", () => mainConnections++);
    const { client, socket } = await connectPair(ts, "/admin");
    expect(socket.nsp).toBe(admin);
    expect(admin.sockets.size).toBe(1);
    expect(ts.io.sockets.sockets.size).toBe(0);
    expect(mainConnections).toBe(0);
    const got = waitFor(client, "only-admins");
    admin.emit("only-admins", 1);
    expect(await got).toEqual([1]);
  });

  it("multiplexes two namespaces over one engine session", async () => {
    const { client: main } = await connectPair(ts, "/");
    const chatSide = nextConnection(ts.io, "/chat");
    const chat = main.io.socket("/chat"); // connects by itself (autoConnect)
    const chatSocket = await chatSide;
    expect(chatSocket.conn).toBe([...ts.io.sockets.sockets.values()][0]!.conn);
    expect(chatSocket.client.nsps.size).toBe(2);
    const got = waitFor(chat, "in-chat");
    const notInMain = new Promise<string>((resolve) => main.on("in-chat", () => resolve("leaked")));
    ts.io.of("/chat").emit("in-chat", "x");
    expect(await got).toEqual(["x"]);
    expect(await Promise.race([notInMain, new Promise((r) => setTimeout(() => r("ok"), 100))])).toBe("ok");
    chat.disconnect();
  });

  it("refuses an unknown namespace with connect_error 'Invalid namespace'", async () => {
    const client = ts.client("/nope");
    const [err] = await waitFor<[Error]>(client, "connect_error");
    expect(err.message).toBe("Invalid namespace");
  });

  it("io.of(name, fn) registers fn as a connect listener", async () => {
    const connected = new Promise<Socket>((resolve) => ts.io.of("/cb", (socket) => resolve(socket)));
    const client = ts.client("/cb");
    const socket = await connected;
    await waitFor(client, "connect");
    expect(socket.nsp.name).toBe("/cb");
  });

  it("rejects a namespace name of the wrong type with a coded error", () => {
    expect(() => ts.io.of(42 as any)).toThrow(ServerError);
  });
});

describe("dynamic namespaces", () => {
  it("creates child namespaces from a RegExp, inheriting middlewares and listeners", async () => {
    const parent = ts.io.of(/^\/room-\d+$/);
    expect(parent).toBeInstanceOf(ParentNamespace);
    const order: string[] = [];
    parent.use((socket, next) => {
      order.push(`mw:${socket.nsp.name}`);
      next();
    });
    const connected = new Promise<Socket>((resolve) => parent.on("connection", (socket: Socket) => resolve(socket)));
    const created = waitFor(ts.io, "new_namespace");
    const client = ts.client("/room-42");
    const socket = await connected;
    await waitFor(client, "connect");
    const [child] = await created;
    expect(child.name).toBe("/room-42");
    expect(socket.nsp).toBe(child);
    expect(ts.io._nsps.get("/room-42")).toBe(child);
    expect((parent as ParentNamespace).children.has(child)).toBe(true);
    expect(order).toEqual(["mw:/room-42"]);

    const got = waitFor(client, "to-all-children");
    parent.emit("to-all-children", "hi");
    expect(await got).toEqual(["hi"]);
  });

  it("a RegExp that does not match gives Invalid namespace", async () => {
    ts.io.of(/^\/room-\d+$/);
    const client = ts.client("/room-x");
    const [err] = await waitFor<[Error]>(client, "connect_error");
    expect(err.message).toBe("Invalid namespace");
  });

  it("accepts a function matcher with the name and the auth payload", async () => {
    const asked: Array<[string, unknown]> = [];
    const parent = ts.io.of((name, auth, next) => {
      asked.push([name, auth]);
      setTimeout(() => next(null, auth.key === "open"), 5);
    });
    const refused = ts.client("/dyn-a", { auth: { key: "closed" } });
    const [err] = await waitFor<[Error]>(refused, "connect_error");
    expect(err.message).toBe("Invalid namespace");

    const connected = waitFor<[Socket]>(parent, "connection");
    const accepted = ts.client("/dyn-b", { auth: { key: "open" } });
    await waitFor(accepted, "connect");
    const [socket] = await connected;
    expect(socket.nsp.name).toBe("/dyn-b");
    expect(asked).toEqual([
      ["/dyn-a", { key: "closed" }],
      ["/dyn-b", { key: "open" }],
    ]);
  });

  it("reuses an existing child for the next client of the same name", async () => {
    const parent = ts.io.of(/^\/g-/);
    const sockets: Socket[] = [];
    parent.on("connection", (socket: Socket) => sockets.push(socket));
    await waitFor(ts.client("/g-1"), "connect");
    await waitFor(ts.client("/g-1"), "connect");
    const [a, b] = sockets as [Socket, Socket];
    expect(a.nsp).toBe(b.nsp);
    expect((parent as ParentNamespace).children.size).toBe(1);
    expect(await parent.allSockets()).toEqual(new Set([a.id, b.id]));
    expect((await parent.fetchSockets()).map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
  });

  it("cleanupEmptyChildNamespaces removes a child once its last socket leaves, or when nobody got in", async () => {
    await ts.close();
    ts = await startServer({ cleanupEmptyChildNamespaces: true });
    const parent = ts.io.of(/^\/tmp-/) as ParentNamespace;
    parent.use((socket, next) => next(socket.handshake.auth.ok ? undefined : new Error("no")));
    const refused = ts.client("/tmp-refused");
    await waitFor(refused, "connect_error");
    expect(ts.io._nsps.has("/tmp-refused")).toBe(false);
    expect(parent.children.size).toBe(0);

    const client = ts.client("/tmp-1", { auth: { ok: true } });
    await waitFor(client, "connect");
    const child = ts.io._nsps.get("/tmp-1")!;
    expect(parent.children.has(child)).toBe(true);
    client.disconnect();
    for (let i = 0; i < 50 && ts.io._nsps.has("/tmp-1"); i++) await new Promise((r) => setTimeout(r, 10));
    expect(ts.io._nsps.has("/tmp-1")).toBe(false);
    expect(parent.children.size).toBe(0);
  });

  it("without cleanupEmptyChildNamespaces, an empty child stays", async () => {
    ts.io.of(/^\/keep-/);
    const client = ts.client("/keep-1");
    await waitFor(client, "connect");
    client.disconnect();
    await new Promise((r) => setTimeout(r, 50));
    expect(ts.io._nsps.has("/keep-1")).toBe(true);
  });
});
