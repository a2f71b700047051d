import { afterEach, describe, expect, test } from "vitest";
import { MessageType } from "@socketry/adapter";
import { Bus, socketryBusAdapter } from "./helpers/bus.js";
import { next, startNode, stopNodes, until, type Node } from "./helpers/servers.js";

let nodes: Node[] = [];

afterEach(async () => {
  await stopNodes(nodes);
  nodes = [];
});

/** Three official servers whose adapters are ours, over one bus, each with a client. */
async function cluster(count = 3, opts = {}) {
  const bus = new Bus();
  const Adapter = socketryBusAdapter(bus, opts);
  for (let i = 0; i < count; i++) nodes.push(await startNode(Adapter));
  await until(async () =>
    (await Promise.all(nodes.map((node) => node.io.of("/").adapter.serverCount()))).every((n) => n === count),
  );
  return { bus, nodes };
}

const adapterOf = (node: Node) => node.io.of("/").adapter as any;

describe("ClusterAdapterWithHeartbeat over a bus, with real servers and clients", () => {
  test("a broadcast reaches the clients of every node, honouring rooms and except", async () => {
    const [a, b, c] = (await cluster()).nodes as [Node, Node, Node];
    const all = Promise.all([a, b, c].map((node) => next(node.client, "all")));
    a.io.emit("all", 1, "2", Buffer.from([3]));
    for (const [one, two, three] of await all) {
      expect([one, two]).toEqual([1, "2"]);
      expect(new Uint8Array(three as ArrayBuffer)).toEqual(new Uint8Array([3]));
    }
    b.serverSocket.join("room");
    c.serverSocket.join(["room", "muted"]);
    const got: string[] = [];
    for (const [name, node] of [
      ["a", a],
      ["b", b],
      ["c", c],
    ] as const)
      node.client.on("room", () => got.push(name));
    a.io.to("room").except("muted").emit("room");
    a.io.emit("room-done");
    await Promise.all([a, b, c].map((node) => next(node.client, "room-done")));
    expect(got).toEqual(["b"]);
  });

  test("a local broadcast stays on its node, and publishes nothing", async () => {
    const {
      bus,
      nodes: [a, b],
    } = await cluster(2);
    const before = bus.published.filter((m) => m.type === MessageType.BROADCAST).length;
    let remote = 0;
    b!.client.on("local", () => remote++);
    const local = next(a!.client, "local");
    a!.io.local.emit("local");
    await local;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(remote).toBe(0);
    expect(bus.published.filter((m) => m.type === MessageType.BROADCAST).length).toBe(before);
  });

  test("a broadcast with acks gathers every client's answer, or the answers so far on timeout", async () => {
    const [a, b, c] = (await cluster()).nodes as [Node, Node, Node];
    a.client.on("ask", (cb: (n: number) => void) => cb(1));
    b.client.on("ask", (cb: (n: number) => void) => cb(2));
    c.client.on("ask", (cb: (n: number) => void) => cb(3));
    const answers = await a.io.timeout(2_000).emitWithAck("ask");
    expect([...answers].sort()).toEqual([1, 2, 3]);

    c.client.off("ask");
    c.client.on("ask", () => {});
    const failed = await new Promise<[Error | null, number[]]>((resolve) =>
      a.io.timeout(200).emit("ask", (err: Error | null, replies: number[]) => resolve([err, replies])),
    );
    expect(failed[0]).toBeInstanceOf(Error);
    expect([...failed[1]].sort()).toEqual([1, 2]);
    await until(() => adapterOf(a).ackRequests.size === 0);
  });

  test("a remote socket answers an ack through its node", async () => {
    const [a, b] = (await cluster(2)).nodes as [Node, Node];
    b.client.on("one", (cb: (v: string) => void) => cb("from b"));
    const [remote] = await a.io.in(b.serverSocket.id).fetchSockets();
    expect(await remote!.timeout(1_000).emitWithAck("one")).toBe("from b");
  });

  test("fetchSockets returns local sockets and the details of remote ones", async () => {
    const [a, b, c] = (await cluster()).nodes as [Node, Node, Node];
    b.serverSocket.data = { name: "bee" };
    b.serverSocket.join("hive");
    const all = await a.io.fetchSockets();
    expect(all.map((s) => s.id).sort()).toEqual([a, b, c].map((n) => n.serverSocket.id).sort());
    const [bee] = await a.io.in("hive").fetchSockets();
    expect(bee).toMatchObject({ id: b.serverSocket.id, data: { name: "bee" } });
    expect([...bee!.rooms].sort()).toEqual([b.serverSocket.id, "hive"].sort());
    expect(bee!.handshake.address).toBe(b.serverSocket.handshake.address);
    expect(await a.io.local.fetchSockets()).toHaveLength(1);
    expect(adapterOf(a).requests.size).toBe(0);
  });

  test("socketsJoin, socketsLeave and disconnectSockets reach the matching sockets of every node", async () => {
    const [a, b, c] = (await cluster()).nodes as [Node, Node, Node];
    c.serverSocket.join("x");
    a.io.except("x").socketsJoin("joined");
    await until(() => a.serverSocket.rooms.has("joined") && b.serverSocket.rooms.has("joined"));
    expect(c.serverSocket.rooms.has("joined")).toBe(false);
    a.io.in("joined").socketsLeave("joined");
    await until(() => !a.serverSocket.rooms.has("joined") && !b.serverSocket.rooms.has("joined"));
    const reasons = Promise.all([b, c].map((node) => next(node.client, "disconnect")));
    a.io.except(a.serverSocket.id).disconnectSockets(true);
    expect((await reasons).map(([reason]) => reason)).toEqual(["io server disconnect", "io server disconnect"]);
    expect(a.client.connected).toBe(true);
  });

  test("serverSideEmit reaches the other nodes' namespaces and gathers their answers", async () => {
    const [a, b, c] = (await cluster()).nodes as [Node, Node, Node];
    const seen: unknown[][] = [];
    a.io.on("hello", () => seen.push(["a (must not)"]));
    b.io.on("hello", (...args: unknown[]) => seen.push(args));
    c.io.on("hello", (...args: unknown[]) => seen.push(args));
    a.io.serverSideEmit("hello", "world", 1);
    await until(() => seen.length === 2);
    expect(seen).toEqual([
      ["world", 1],
      ["world", 1],
    ]);

    b.io.on("ask", (cb: (v: unknown) => void) => cb("b"));
    c.io.on("ask", (cb: (v: unknown) => void) => cb({ c: true }));
    const answers = await a.io.serverSideEmitWithAck("ask");
    expect(answers).toHaveLength(2);
    expect(answers).toContainEqual("b");
    expect(answers).toContainEqual({ c: true });
    expect(adapterOf(a).requests.size).toBe(0);
  });

  test("a node that closes is no longer counted nor waited for", async () => {
    const [a, b, c] = (await cluster()).nodes as [Node, Node, Node];
    b.io.on("ask", (cb: (v: unknown) => void) => cb("b"));
    c.io.on("ask", () => c.io.of("/").adapter.close());
    const answers = await a.io.serverSideEmitWithAck("ask");
    expect(answers).toEqual(["b"]);
    expect(await a.io.of("/").adapter.serverCount()).toBe(2);
  });

  test("a silent node is dropped after heartbeatTimeout; a request times out with the answers so far", async () => {
    const {
      bus,
      nodes: [a, b, c],
    } = await cluster(3, { heartbeatInterval: 50, heartbeatTimeout: 300 });
    // Heartbeats keep an idle cluster complete.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await a!.io.of("/").adapter.serverCount()).toBe(3);
    bus.cutOff.add(adapterOf(c!));
    let error: any;
    try {
      await a!.io.timeout(100).fetchSockets();
    } catch (caught) {
      error = caught;
    }
    expect(error.message).toBe("timeout reached: missing 1 responses");
    expect(error.code).toBe("ERR_ADAPTER_REQUEST_TIMEOUT");
    await until(async () => (await a!.io.of("/").adapter.serverCount()) === 2, 3_000);
    expect(await a!.io.fetchSockets()).toHaveLength(2);
    expect(b).toBeDefined();
  });

  test("with connection state recovery, every node appends the bus offset of a broadcast", async () => {
    const bus = new Bus();
    const Adapter = socketryBusAdapter(bus);
    const opts = { connectionStateRecovery: { maxDisconnectionDuration: 10_000 } };
    for (let i = 0; i < 2; i++) nodes.push(await startNode(Adapter, opts));
    await until(async () => (await nodes[0]!.io.of("/").adapter.serverCount()) === 2);
    const got = Promise.all(nodes.map((node) => next(node.client, "tick")));
    nodes[0]!.io.emit("tick", "x");
    const [[x1, offset1], [x2, offset2]] = (await got) as [unknown[], unknown[]];
    expect([x1, x2]).toEqual(["x", "x"]);
    expect(typeof offset1).toBe("string");
    expect(offset1).toBe(offset2);
    // Volatile packets carry none.
    const vol = Promise.all(nodes.map((node) => next(node.client, "vol")));
    nodes[0]!.io.volatile.emit("vol", "y");
    expect(await vol).toEqual([["y"], ["y"]]);
  });
});
