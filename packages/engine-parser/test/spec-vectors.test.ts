// Golden vectors: the examples of the Engine.IO protocol specification (v4: "v4-current.md",
// v3: "v3.md", in socketio/engine.io-protocol and socketio/socket.io docs/engine.io-protocol).
import { describe, expect, test } from "vitest";
import { decodePacket, decodePayload, encodePacketSync, encodePayloadSync } from "@socketry/engine-parser";
import * as v3 from "@socketry/engine-parser/v3";

const HANDSHAKE_V4 =
  '{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000,"maxPayload":1000000}';
const HANDSHAKE_V3 = '{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000}';

describe("Engine.IO v4 specification examples", () => {
  test("handshake: '0' + JSON", () => {
    expect(encodePacketSync({ type: "open", data: HANDSHAKE_V4 }, false)).toBe("0" + HANDSHAKE_V4);
    expect(decodePacket("0" + HANDSHAKE_V4)).toEqual({ type: "open", data: HANDSHAKE_V4 });
  });

  test("message from the server: '4hey'", () => {
    expect(encodePayloadSync([{ type: "message", data: "hey" }])).toBe("4hey");
  });

  test("two messages from the client: '4hello\\x1e4world'", () => {
    expect(decodePayload("4hello\x1e4world")).toEqual([
      { type: "message", data: "hello" },
      { type: "message", data: "world" },
    ]);
  });

  test("payload '4hello\\x1e2\\x1e4world' (message, ping, message)", () => {
    const packets = [{ type: "message", data: "hello" }, { type: "ping" }, { type: "message", data: "world" }] as const;
    expect(encodePayloadSync([...packets])).toBe("4hello\x1e2\x1e4world");
    expect(decodePayload("4hello\x1e2\x1e4world")).toEqual(packets);
  });

  test("binary in a payload: '4hello\\x1ebAQIDBA==' is <01 02 03 04> as base64", () => {
    const packets = [
      { type: "message" as const, data: "hello" },
      { type: "message" as const, data: Buffer.from([1, 2, 3, 4]) },
    ];
    expect(encodePayloadSync(packets)).toBe("4hello\x1ebAQIDBA==");
    expect(decodePayload("4hello\x1ebAQIDBA==")).toEqual(packets);
  });

  test("heartbeat '2' / '3', upgrade probe '2probe' / '3probe' / '5'", () => {
    expect(decodePacket("2")).toStrictEqual({ type: "ping" });
    expect(encodePacketSync({ type: "pong" }, true)).toBe("3");
    expect(decodePacket("2probe")).toEqual({ type: "ping", data: "probe" });
    expect(encodePacketSync({ type: "pong", data: "probe" }, true)).toBe("3probe");
    expect(decodePacket("5")).toStrictEqual({ type: "upgrade" });
  });

  test("WebSocket: '4hello' per frame; binary sent as is", () => {
    expect(encodePacketSync({ type: "message", data: "hello" }, true)).toBe("4hello");
    const binary = Buffer.from([1, 2, 3, 4]);
    expect(encodePacketSync({ type: "message", data: binary }, true)).toBe(binary);
    expect(decodePacket(binary)).toEqual({ type: "message", data: binary });
  });
});

describe("Engine.IO v3 specification examples", () => {
  test("handshake '96:0{...}': the length counts characters", () => {
    const payload = "96:0" + HANDSHAKE_V3;
    expect(v3.encodePayloadSync([{ type: "open", data: HANDSHAKE_V3 }], false)).toBe(payload);
    expect(v3.decodePayload(payload)).toEqual([{ type: "open", data: HANDSHAKE_V3 }]);
  });

  test("'4:4hey' and '6:4hello6:4world'", () => {
    expect(v3.encodePayloadSync([{ type: "message", data: "hey" }], false)).toBe("4:4hey");
    expect(v3.decodePayload("6:4hello6:4world")).toEqual([
      { type: "message", data: "hello" },
      { type: "message", data: "world" },
    ]);
  });

  test("'6:4hello2:4€': characters, not bytes", () => {
    const packets = [
      { type: "message" as const, data: "hello" },
      { type: "message" as const, data: "€" },
    ];
    expect(v3.encodePayloadSync(packets, false)).toBe("6:4hello2:4€");
    expect(v3.decodePayload("6:4hello2:4€")).toEqual(packets);
  });

  test("without binary support: '2:4€10:b4AQIDBA=='", () => {
    const packets = [
      { type: "message" as const, data: "€" },
      { type: "message" as const, data: Buffer.from([1, 2, 3, 4]) },
    ];
    expect(v3.encodePayloadSync(packets, false)).toBe("2:4€10:b4AQIDBA==");
    expect(v3.decodePayload("2:4€10:b4AQIDBA==")).toEqual(packets);
  });

  test("with binary support: string header 00 04 ff, '4€' as UTF-8; binary header 01, length, ff", () => {
    const packets = [
      { type: "message" as const, data: "€" },
      { type: "message" as const, data: Buffer.from([1, 2, 3, 4]) },
    ];
    const encoded = v3.encodePayloadSync(packets, true) as Buffer;
    // The spec's example prints the binary part as "01 04 ff 01 02 03 04", leaving out the packet
    // type byte that v3 peers write and read (engine.io-parser 4.0.0's changelog shows
    // "01 04 ff 04 01 02 03" for <01 02 03>): the binary packet is [04][01 02 03 04], length 5.
    expect([...encoded]).toEqual([
      0x00, 0x04, 0xff, 0x34, 0xe2, 0x82, 0xac, 0x01, 0x05, 0xff, 0x04, 0x01, 0x02, 0x03, 0x04,
    ]);
    expect(v3.decodePayload(encoded)).toEqual(packets);
  });

  test("binary packet '4|0|1|2|3|4|5': a message with bytes 0..5", () => {
    const wire = Buffer.from([4, 0, 1, 2, 3, 4, 5]);
    expect(v3.decodePacket(wire)).toEqual({ type: "message", data: Buffer.from([0, 1, 2, 3, 4, 5]) });
    expect(v3.encodePacketSync({ type: "message", data: Buffer.from([0, 1, 2, 3, 4, 5]) }, true)).toEqual(wire);
  });

  test("engine.io-parser 4.0.0 changelog: v3 '<00 06 ff 34 68 65 6c 6c 6f 01 04 ff 04 01 02 03>'", () => {
    const packets = [
      { type: "message" as const, data: "hello" },
      { type: "message" as const, data: Buffer.from([1, 2, 3]) },
    ];
    const wire = [0x00, 0x06, 0xff, 0x34, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x01, 0x04, 0xff, 0x04, 0x01, 0x02, 0x03];
    expect([...(v3.encodePayloadSync(packets, true) as Buffer)]).toEqual(wire);
    expect(v3.decodePayload(Buffer.from(wire))).toEqual(packets);
  });

  test("'2probe' / '3probe' / '5' and '4HelloWorld'", () => {
    expect(v3.decodePacket("2probe")).toEqual({ type: "ping", data: "probe" });
    expect(v3.encodePacketSync({ type: "pong", data: "probe" }, true)).toBe("3probe");
    expect(v3.decodePacket("5")).toStrictEqual({ type: "upgrade" });
    expect(v3.decodePacket("4HelloWorld")).toEqual({ type: "message", data: "HelloWorld" });
  });
});
