// Options, stream names and the stream entry encoding, without Redis.
import { describe, expect, it } from "vitest";
import { MessageType, type ClusterMessage } from "@socketry/adapter";
import { createAdapter, DEFAULT_OPTIONS, RedisStreamsAdapterError, streamNameOf } from "../src/index.js";
import { resolveOptions } from "../src/options.js";
import { compareIds, nextId, parseReadReply } from "../src/stream-ids.js";
import { fromPayload, fromStreamFields, pack, toStreamFields } from "../src/wire.js";

const fieldsOf = (flat: string[]) =>
  Object.fromEntries(flat.flatMap((_, i) => (i % 2 === 0 ? [[flat[i], flat[i + 1]]] : [])));

describe("options", () => {
  it("defaults to those of the official adapter", () => {
    expect(resolveOptions()).toEqual({
      streamName: "socket.io",
      streamCount: 1,
      channelPrefix: "socket.io",
      useShardedPubSub: false,
      maxLen: 10_000,
      readCount: 100,
      blockTimeInMs: 5_000,
      sessionKeyPrefix: "sio:session:",
      heartbeatInterval: 5_000,
      heartbeatTimeout: 10_000,
      onlyPlaintext: false,
      persistConnectedSessions: false,
    });
    expect(resolveOptions({ maxLen: 50, streamName: "s" })).toMatchObject({
      maxLen: 50,
      streamName: "s",
      readCount: 100,
    });
    expect(Object.isFrozen(DEFAULT_OPTIONS)).toBe(true);
  });

  it.each([
    [{ maxLen: 0 }],
    [{ readCount: 1.5 }],
    [{ streamCount: -1 }],
    [{ blockTimeInMs: 0 }],
    [{ streamName: "" }],
    [{ useShardedPubSub: "yes" }],
    [{ heartbeatTimeout: Number.NaN }],
  ])("refuses %o with a typed error", (options) => {
    const attempt = () => resolveOptions(options as never);
    expect(attempt).toThrow(RedisStreamsAdapterError);
    expect(attempt).toThrow(expect.objectContaining({ code: "ERR_REDIS_STREAMS_INVALID_OPTION" }));
    expect(attempt).toThrow(TypeError);
  });

  it("refuses a client of no supported library", () => {
    expect(() => createAdapter({})).toThrow(expect.objectContaining({ code: "ERR_REDIS_STREAMS_INVALID_CLIENT" }));
  });
});

describe("stream names", () => {
  it("one stream by default, otherwise the official hash of the namespace name modulo streamCount", () => {
    expect(streamNameOf("/chat", DEFAULT_OPTIONS)).toBe("socket.io");
    // "/" is char code 47; "/a" is 47 * 31 + 97 = 1554.
    expect(streamNameOf("/", { streamName: "s", streamCount: 3 })).toBe("s-2");
    expect(streamNameOf("/a", { streamName: "s", streamCount: 5 })).toBe("s-4");
    // The 32-bit hash may be negative, and so the official index (kept for compatibility).
    expect(streamNameOf("/a-rather-long-namespace-name", { streamName: "s", streamCount: 4 })).toMatch(/^s--?\d$/);
  });
});

describe("stream ids", () => {
  it("orders ids numerically and steps past one", () => {
    expect(compareIds("10-0", "9-5")).toBeGreaterThan(0);
    expect(compareIds("5-10", "5-9")).toBeGreaterThan(0);
    expect(compareIds("5-1", "5-1")).toBe(0);
    expect(nextId("5-18446744073709551614")).toBe("5-18446744073709551615");
  });

  it("reads XREAD replies in RESP2 and RESP3 shapes", () => {
    const entries = [["1-1", ["uid", "a"]]];
    expect(parseReadReply([["s", entries]])).toEqual([{ id: "1-1", fields: { uid: "a" } }]);
    expect(parseReadReply({ s: entries })).toEqual([{ id: "1-1", fields: { uid: "a" } }]);
    expect(parseReadReply(new Map([["s", entries]]))).toEqual([{ id: "1-1", fields: { uid: "a" } }]);
    expect(parseReadReply(null)).toEqual([]);
  });
});

describe("stream entries", () => {
  const broadcast = (data: unknown[]): ClusterMessage => ({
    uid: "u1",
    nsp: "/",
    type: MessageType.BROADCAST,
    data: { packet: { type: 2, data, nsp: "/" }, opts: { rooms: ["r"], except: [], flags: {} } },
  });

  it("writes data as JSON without binary, as msgpack in base64 with binary (the official fields)", () => {
    const plain = fieldsOf(toStreamFields(broadcast(["hi", 1]), false));
    expect(plain).toMatchObject({ uid: "u1", nsp: "/", type: "3" });
    expect(JSON.parse(plain.data!)).toEqual({
      packet: { type: 2, data: ["hi", 1], nsp: "/" },
      opts: { rooms: ["r"], except: [], flags: {} },
    });
    const binary = fieldsOf(toStreamFields(broadcast(["hi", Buffer.from([1, 2])]), false));
    expect(binary.data!.startsWith("{")).toBe(false);
    const decoded = fromStreamFields(binary) as any;
    expect([...decoded.data.packet.data[1]]).toEqual([1, 2]);
    // onlyPlaintext: JSON even with binary.
    expect(fieldsOf(toStreamFields(broadcast([Buffer.from([1])]), true)).data!.startsWith("{")).toBe(true);
  });

  it("omits data for messages without it", () => {
    expect(toStreamFields({ uid: "u", nsp: "/", type: MessageType.HEARTBEAT }, false)).toEqual([
      "uid",
      "u",
      "nsp",
      "/",
      "type",
      "2",
    ]);
  });

  it("rejects entries that are not messages", () => {
    expect(fromStreamFields({ uid: "u", nsp: "/" })).toBeUndefined();
    expect(fromStreamFields({ uid: "u", nsp: "/", type: "x" })).toBeUndefined();
    expect(() => fromStreamFields({ uid: "u", nsp: "/", type: "3", data: "{not json" })).toThrow();
    expect(fromPayload(pack([1, 2]))).toBeUndefined();
    expect(fromPayload(pack({ uid: "u", nsp: "/", type: 9 }))).toEqual({ uid: "u", nsp: "/", type: 9 });
  });
});
