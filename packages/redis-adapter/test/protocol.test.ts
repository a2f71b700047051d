import { describe, expect, it } from "vitest";
import notepack from "notepack.io";
import { msgpackParser } from "../src/msgpack.js";
import { channelsFor, decodeMessage, fromWireOptions, globEscape, toWireOptions } from "../src/protocol.js";

describe("channels", () => {
  it("uses the official names", () => {
    expect(channelsFor("socket.io", "/chat", "abc")).toEqual({
      broadcast: "socket.io#/chat#",
      request: "socket.io-request#/chat#",
      response: "socket.io-response#/chat#",
      specificResponse: "socket.io-response#/chat#abc#",
      heartbeat: "socket.io-heartbeat#/chat#",
    });
  });

  it("escapes glob characters of a namespace in the subscribed pattern", () => {
    expect(globEscape("socket.io#/a*b?[c]#")).toBe("socket.io#/a\\*b\\?\\[c\\]#");
  });
});

describe("the inter-node encoding", () => {
  const broadcast = [
    "uid123",
    { type: 2, data: ["news", 1, { nested: true, list: [null, 2.5] }, Buffer.from([1, 2, 3])], nsp: "/" },
    { rooms: ["r1"], except: [], flags: { volatile: true } },
  ];

  it("writes the same bytes as notepack.io for a broadcast message", () => {
    expect(Buffer.from(msgpackParser.encode(broadcast) as Uint8Array)).toEqual(notepack.encode(broadcast));
  });

  it("reads what notepack.io writes, binary included", () => {
    const decoded = msgpackParser.decode(notepack.encode(broadcast)) as typeof broadcast;
    expect(decoded).toEqual(broadcast);
    expect(Buffer.isBuffer((decoded[1] as { data: unknown[] }).data[3])).toBe(true);
  });

  it("drops undefined keys as notepack does", () => {
    const value = { type: 2, id: undefined, data: ["x"] };
    expect(Buffer.from(msgpackParser.encode(value) as Uint8Array)).toEqual(notepack.encode(value));
  });
});

describe("requests and answers", () => {
  it("decodes JSON when the message starts with '{', msgpack otherwise", () => {
    expect(decodeMessage(Buffer.from('{"type":1,"requestId":"r"}'), msgpackParser)).toEqual({
      type: 1,
      requestId: "r",
    });
    expect(decodeMessage(notepack.encode({ type: 9, packet: "x" }), msgpackParser)).toEqual({ type: 9, packet: "x" });
  });

  it("returns undefined for values that are not objects, and throws on undecodable bytes", () => {
    expect(decodeMessage(notepack.encode("text"), msgpackParser)).toBeUndefined();
    expect(decodeMessage(notepack.encode([1, 2]), msgpackParser)).toBeUndefined();
    expect(() => decodeMessage(Buffer.from("{oops"), msgpackParser)).toThrow();
    expect(() => decodeMessage(Buffer.from("[1]"), msgpackParser)).toThrow(); // not JSON-looking: read as msgpack
  });

  it("converts broadcast options to and from their wire form", () => {
    const wire = toWireOptions({ rooms: new Set(["a", "b"]), except: new Set(["c"]), flags: { local: false } });
    expect(wire).toEqual({ rooms: ["a", "b"], except: ["c"], flags: { local: false } });
    expect(fromWireOptions(wire)).toEqual({
      rooms: new Set(["a", "b"]),
      except: new Set(["c"]),
      flags: { local: false },
    });
    expect(fromWireOptions({})).toEqual({ rooms: new Set(), except: new Set(), flags: {} });
    expect(fromWireOptions({ rooms: "a" })).toBeUndefined();
    expect(fromWireOptions(null)).toBeUndefined();
  });
});
