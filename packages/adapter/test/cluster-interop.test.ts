// A mixed cluster: nodes with the official socket.io-adapter ClusterAdapterWithHeartbeat and nodes
// with ours, on one bus. Each side must understand every message the other sends.
import { afterEach, describe, expect, test } from "vitest";
import { Bus, officialBusAdapter, socketryBusAdapter } from "./helpers/bus.js";
import { next, startNode, stopNodes, until, type Node } from "./helpers/servers.js";

let nodes: Node[] = [];

afterEach(async () => {
  await stopNodes(nodes);
  nodes = [];
});

/** Node 0 official, nodes 1 and 2 ours. */
async function mixedCluster() {
  const bus = new Bus();
  nodes.push(await startNode(officialBusAdapter(bus)));
  nodes.push(await startNode(socketryBusAdapter(bus)));
  nodes.push(await startNode(socketryBusAdapter(bus)));
  await until(async () =>
    (await Promise.all(nodes.map((node) => node.io.of("/").adapter.serverCount()))).every((n) => n === 3),
  );
  return nodes as [Node, Node, Node];
}

describe("a cluster of official and socketry nodes", () => {
  test("broadcasts from either kind reach every client; rooms and except hold", async () => {
    const [official, ours, other] = await mixedCluster();
    for (const from of [official, ours]) {
      const got = Promise.all(nodes.map((node) => next(node.client, "hi")));
      from.io.emit("hi", from === official ? "official" : "ours");
      expect((await got).map(([arg]) => arg)).toEqual(Array(3).fill(from === official ? "official" : "ours"));
    }
    other.serverSocket.join("r");
    official.serverSocket.join("r");
    const received: number[] = [];
    nodes.forEach((node, i) => node.client.on("r", () => received.push(i)));
    ours.io.to("r").except(official.serverSocket.id).emit("r");
    official.io.to("r").emit("r");
    await until(() => received.length === 3);
    expect(received.sort()).toEqual([0, 2, 2]);
  });

  test("acks, fetchSockets and serverSideEmit work across kinds", async () => {
    const [official, ours, other] = await mixedCluster();
    nodes.forEach((node, i) => node.client.on("ask", (cb: (n: number) => void) => cb(i)));
    expect([...(await ours.io.timeout(2_000).emitWithAck("ask"))].sort()).toEqual([0, 1, 2]);
    expect([...(await official.io.timeout(2_000).emitWithAck("ask"))].sort()).toEqual([0, 1, 2]);

    official.serverSocket.data = { kind: "official" };
    const fromOurs = await ours.io.fetchSockets();
    expect(fromOurs.map((s) => s.id).sort()).toEqual(nodes.map((n) => n.serverSocket.id).sort());
    expect(fromOurs.find((s) => s.id === official.serverSocket.id)?.data).toEqual({ kind: "official" });
    expect(await official.io.fetchSockets()).toHaveLength(3);

    official.io.on("who", (cb: (v: string) => void) => cb("official"));
    other.io.on("who", (cb: (v: string) => void) => cb("other"));
    ours.io.on("who", (cb: (v: string) => void) => cb("ours"));
    expect([...(await ours.io.serverSideEmitWithAck("who"))].sort()).toEqual(["official", "other"]);
    expect([...(await official.io.serverSideEmitWithAck("who"))].sort()).toEqual(["other", "ours"]);
  });

  test("socketsJoin and disconnectSockets from an official node reach our nodes, and back", async () => {
    const [official, ours, other] = await mixedCluster();
    official.io.socketsJoin("everyone");
    await until(() => nodes.every((node) => node.serverSocket.rooms.has("everyone")));
    ours.io.in(official.serverSocket.id).socketsLeave("everyone");
    await until(() => !official.serverSocket.rooms.has("everyone"));
    const gone = next(other.client, "disconnect");
    official.io.in(other.serverSocket.id).disconnectSockets();
    expect((await gone)[0]).toBe("io server disconnect");
  });

  test("an official node that closes is dropped by ours at once", async () => {
    const [official, ours] = await mixedCluster();
    official.io.of("/").adapter.close();
    await until(async () => (await ours.io.of("/").adapter.serverCount()) === 2);
  });
});
