import { describe, expect, test } from "vitest";
import { encodePacket, encodePacketSync, type Packet } from "@socketry/engine-parser";

describe("v4 encodePacketSync", () => {
  test("text packets are '<digit><data>'", () => {
    expect(encodePacketSync({ type: "message", data: "hello" }, true)).toBe("4hello");
    expect(encodePacketSync({ type: "ping", data: "probe" }, false)).toBe("2probe");
    expect(encodePacketSync({ type: "pong" }, true)).toBe("3");
    expect(encodePacketSync({ type: "open", data: "" }, true)).toBe("0");
    expect(encodePacketSync({ type: "noop" }, false)).toBe("6");
  });

  test("binary with binary support is a Buffer view of the data, without type byte", () => {
    const data = Buffer.from([1, 2, 3]);
    expect(encodePacketSync({ type: "message", data }, true)).toBe(data);
    const backing = new ArrayBuffer(6);
    const view = new Uint8Array(backing, 2, 3);
    view.set([7, 8, 9]);
    const encoded = encodePacketSync({ type: "message", data: view }, true) as Buffer;
    expect(Buffer.isBuffer(encoded)).toBe(true);
    expect(encoded.buffer).toBe(backing);
    expect([...encoded]).toEqual([7, 8, 9]);
    expect([...(encodePacketSync({ type: "message", data: backing }, true) as Buffer)]).toEqual([0, 0, 7, 8, 9, 0]);
  });

  test("binary without binary support is 'b<base64>'", () => {
    expect(encodePacketSync({ type: "message", data: Buffer.from([1, 2, 3, 4]) }, false)).toBe("bAQIDBA==");
    expect(encodePacketSync({ type: "message", data: new Uint16Array([0x0201]) }, false)).toBe("bAQI=");
    expect(encodePacketSync({ type: "message", data: Buffer.alloc(0) }, false)).toBe("b");
  });

  test("never throws: an unknown type encodes as noop, odd data as text", () => {
    expect(encodePacketSync({ type: "error", data: "x" }, true)).toBe("6x");
    expect(encodePacketSync({ type: "bogus" as Packet["type"] }, true)).toBe("6");
    expect(encodePacketSync({ type: "message", data: 42 as unknown as string }, true)).toBe("442");
    expect(encodePacketSync({ type: "message", data: Object.create(null) as string }, true)).toBe("4");
    expect(encodePacketSync({ type: "message", data: null as unknown as string }, true)).toBe("4");
  });

  test("callback form calls back synchronously with the same result", () => {
    let result: unknown;
    encodePacket({ type: "message", data: "hi" }, true, (encoded) => (result = encoded));
    expect(result).toBe("4hi");
  });

  test("callback form hands binary back as given when the peer supports binary, as engine.io-parser does", () => {
    const results: unknown[] = [];
    const arrayBuffer = new ArrayBuffer(4);
    const int16 = Int16Array.of(1, 2);
    encodePacket({ type: "message", data: arrayBuffer }, true, (encoded) => results.push(encoded));
    encodePacket({ type: "message", data: int16 }, true, (encoded) => results.push(encoded));
    encodePacket({ type: "message", data: int16 }, false, (encoded) => results.push(encoded));
    expect(results[0]).toBe(arrayBuffer);
    expect(results[1]).toBe(int16);
    expect(results[2]).toBe("bAQACAA==");
  });
});
