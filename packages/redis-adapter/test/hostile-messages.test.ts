// Every message from Redis is hostile until parsed: random bytes and random well-formed values on
// every channel never throw out of the adapter, and never reach a socket unless they are a valid
// broadcast. Runs on a fake link (no Redis), property-based and time-boxed.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AdapterNamespace, AdapterSocket } from "@socketry/adapter";
import { RedisAdapter } from "../src/redis-adapter.js";
import { ShardedRedisAdapter } from "../src/sharded-adapter.js";
import { resolveOptions } from "../src/options.js";
import { resolveShardedOptions } from "../src/sharded-options.js";
import { msgpackParser } from "../src/msgpack.js";
import type { MessageHandler, RedisLink } from "../src/redis-link.js";

function fakeCluster() {
  const handlers = new Map<string, MessageHandler>();
  const published: Array<[string, unknown]> = [];
  const link: RedisLink = {
    library: "node-redis",
    cluster: false,
    pubClient: undefined,
    subClient: undefined,
    publish: async (channel, message) => published.push([channel, message]),
    subscribe: async (channels, handler) => channels.forEach((channel) => handlers.set(channel, handler)),
    psubscribe: async (pattern, handler) => void handlers.set(pattern, handler),
    unsubscribe: async () => {},
    numsub: async (channels) => channels.map(() => 1),
    spublish: async (channel, message) => published.push([channel, message]),
    ssubscribe: async (channels, handler) => channels.forEach((channel) => handlers.set(channel, handler)),
    sunsubscribe: async (channels) => channels.forEach((channel) => handlers.delete(channel)),
    shardNumsub: async (channels) => channels.map(() => 2),
    watch: () => () => {},
  };
  const writes: unknown[] = [];
  const socket: AdapterSocket = {
    id: "s1",
    client: { writeToEngine: (packets) => writes.push(packets) },
    join() {},
    leave() {},
    disconnect() {},
  };
  const nsp: AdapterNamespace & { _onServerSideEmit(args: unknown[]): void } = {
    name: "/",
    sockets: new Map([["s1", socket]]),
    server: { encoder: { encode: (packet) => [JSON.stringify(packet)] } },
    _onServerSideEmit: () => {},
  };
  const adapter = new RedisAdapter(
    nsp,
    link,
    resolveOptions({ heartbeatInterval: 60_000, heartbeatTimeout: 120_000 }, msgpackParser),
  );
  const sharded = () =>
    new ShardedRedisAdapter(
      nsp,
      link,
      resolveShardedOptions({ subscriptionMode: "dynamic-private", requestsTimeout: 100 }),
    );
  return { adapter, sharded, link, handlers, published, writes };
}

const channels = ["socket.io#/#*", "socket.io-request#/#", "socket.io-response#/#", "socket.io-heartbeat#/#"];
const deliveredOn = [
  "socket.io#/#",
  "socket.io#/#room#",
  "socket.io#/#s1#",
  "socket.io-request#/#",
  "socket.io-response#/#",
  "socket.io-heartbeat#/#",
];

describe("hostile messages", () => {
  it("random bytes on any channel never throw and never reach a socket", async () => {
    const { adapter, handlers, writes } = fakeCluster();
    await adapter.init();
    adapter.addAll("s1", new Set(["s1", "room"]));
    expect([...handlers.keys()].sort()).toEqual([...channels, "socket.io-response#/#" + adapter.uid + "#"].sort());
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(...deliveredOn), (bytes, channel) => {
        const handler = channel.startsWith("socket.io#") ? handlers.get("socket.io#/#*")! : handlers.get(channel)!;
        expect(() => handler(channel, Buffer.from(bytes))).not.toThrow();
      }),
      { numRuns: 2000, interruptAfterTimeLimit: 4000 },
    );
    // A random byte string could form a valid broadcast only by a huge coincidence.
    expect(writes.length).toBeLessThan(5);
    await adapter.close();
  });

  it("random msgpack and JSON values on any channel never throw", async () => {
    const { adapter, handlers } = fakeCluster();
    await adapter.init();
    adapter.addAll("s1", new Set(["s1", "room"]));
    const value = fc.anything({ maxDepth: 3, withNullPrototype: false });
    const shaped = fc.oneof(
      value,
      fc.tuple(fc.string(), value, value),
      fc.record({
        uid: fc.string(),
        requestId: fc.string(),
        type: fc.integer({ min: -1, max: 12 }),
        opts: value,
        data: value,
        packet: value,
        rooms: value,
      }),
    );
    fc.assert(
      fc.property(shaped, fc.constantFrom(...deliveredOn), fc.boolean(), (message, channel, asJson) => {
        const handler = channel.startsWith("socket.io#") ? handlers.get("socket.io#/#*")! : handlers.get(channel)!;
        let bytes: Buffer;
        try {
          bytes = asJson
            ? Buffer.from(JSON.stringify(message) ?? "null")
            : Buffer.from(msgpackParser.encode(message) as Uint8Array);
        } catch {
          return; // not encodable (BigInt in JSON...): cannot travel anyway
        }
        expect(() => handler(channel, bytes)).not.toThrow();
      }),
      { numRuns: 1500, interruptAfterTimeLimit: 4000 },
    );
    await adapter.close();
  });

  it("a valid broadcast from another node reaches the local socket once", async () => {
    const { adapter, handlers, writes } = fakeCluster();
    await adapter.init();
    adapter.addAll("s1", new Set(["s1", "room"]));
    const message = msgpackParser.encode([
      "other",
      { type: 2, data: ["ev", 1], nsp: "/" },
      { rooms: ["room"], except: [], flags: {} },
    ]);
    handlers.get("socket.io#/#*")!("socket.io#/#room#", Buffer.from(message as Uint8Array));
    expect(writes).toHaveLength(1);
    // Its own messages and other namespaces are ignored.
    const own = msgpackParser.encode([adapter.uid, { type: 2, data: ["ev"], nsp: "/" }, { rooms: [], except: [] }]);
    handlers.get("socket.io#/#*")!("socket.io#/#", Buffer.from(own as Uint8Array));
    const elsewhere = msgpackParser.encode([
      "other",
      { type: 2, data: ["ev"], nsp: "/chat" },
      { rooms: [], except: [] },
    ]);
    handlers.get("socket.io#/#*")!("socket.io#/#", Buffer.from(elsewhere as Uint8Array));
    expect(writes).toHaveLength(1);
    await adapter.close();
  });
});

describe("hostile messages to the sharded adapter", () => {
  const shardedChannels = (uid: string) => [
    "socket.io#/#",
    `socket.io#/#${uid}#`,
    "socket.io#/#room#",
    "socket.io#/#s1#",
  ];

  it("random bytes and random values on any of its channels never throw", async () => {
    const { adapter: classic, sharded, handlers, writes } = fakeCluster();
    await classic.close();
    handlers.clear();
    const adapter = sharded();
    await adapter.init();
    adapter.addAll("s1", new Set(["s1", "room"]));
    const channels = shardedChannels(adapter.uid);
    expect([...handlers.keys()].sort()).toEqual([...channels].sort());
    const value = fc.anything({ maxDepth: 3, withNullPrototype: false });
    const shaped = fc.oneof(
      value,
      fc.record({
        uid: fc.string(),
        nsp: fc.constantFrom("/", "/x"),
        type: fc.integer({ min: -1, max: 14 }),
        data: fc.oneof(
          value,
          fc.record({ requestId: value, opts: value, packet: value, rooms: value, sockets: value, close: value }),
        ),
      }),
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 64 }), shaped),
        fc.constantFrom(...channels),
        fc.boolean(),
        (message, channel, asJson) => {
          let bytes: Buffer;
          try {
            if (message instanceof Uint8Array) bytes = Buffer.from(message);
            else
              bytes = asJson
                ? Buffer.from(JSON.stringify(message) ?? "null")
                : Buffer.from(msgpackParser.encode(message) as Uint8Array);
          } catch {
            return;
          }
          expect(() => handlers.get(channel)!(channel, bytes)).not.toThrow();
        },
      ),
      { numRuns: 2000, interruptAfterTimeLimit: 4000 },
    );
    expect(writes.length).toBeLessThan(5);
    await adapter.close();
    expect(handlers.size).toBe(0);
  });

  it("a valid broadcast from another node reaches the local socket once; its own and other namespaces' are ignored", async () => {
    const { adapter: classic, sharded, handlers, writes } = fakeCluster();
    await classic.close();
    handlers.clear();
    const adapter = sharded();
    await adapter.init();
    adapter.addAll("s1", new Set(["s1", "room"]));
    const broadcast = (uid: string, nsp: string) =>
      Buffer.from(
        JSON.stringify({
          uid,
          nsp,
          type: 3,
          data: { packet: { type: 2, data: ["ev"] }, opts: { rooms: ["room"], except: [] } },
        }),
      );
    handlers.get("socket.io#/#room#")!("socket.io#/#room#", broadcast("other", "/"));
    expect(writes).toHaveLength(1);
    handlers.get("socket.io#/#room#")!("socket.io#/#room#", broadcast(adapter.uid, "/"));
    handlers.get("socket.io#/#")!("socket.io#/#", broadcast("other", "/chat"));
    expect(writes).toHaveLength(1);
    await adapter.close();
  });
});

describe("the cluster query", () => {
  it("one PUBSUB NUMSUB round trip serves the operator's serverCount and broadcastWithAck of one emit", async () => {
    const { adapter, link } = fakeCluster();
    let queries = 0;
    const numsub = link.numsub.bind(link);
    link.numsub = (channels) => {
      queries++;
      return numsub(channels);
    };
    await adapter.init();
    const counted = adapter.serverCount();
    const reported: number[] = [];
    adapter.broadcastWithAck(
      { type: 2, data: ["x"] },
      { rooms: new Set(), flags: { timeout: 50 } },
      (n) => reported.push(n),
      () => {},
    );
    expect(await counted).toBe(1); // the fake link reports one subscriber on each channel: no other node
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(queries).toBe(1);
    expect(await adapter.serverCount()).toBe(1);
    expect(queries).toBe(2); // a later question asks again
    await adapter.close();
  });
});
