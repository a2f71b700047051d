import { describe, expect, test } from "vitest";
import { makeNamespace } from "./helpers.js";

// The frame a WebSocket peer would parse: FIN + text opcode, unmasked, then the length.
function parseFrame(parts: Buffer[]) {
  const frame = Buffer.concat(parts);
  const first = frame[0]!;
  let length = frame[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    length = frame.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    length = Number(frame.readBigUInt64BE(2));
    offset = 10;
  }
  return {
    fin: first >> 7,
    opcode: first & 0x0f,
    masked: frame[1]! >> 7,
    payload: frame.subarray(offset, offset + length).toString(),
    rest: frame.length - offset - length,
  };
}

describe("write options of a broadcast", () => {
  test("wsPreEncodedFrame is one Engine.IO message text frame, built once and shared", () => {
    for (const size of [3, 200, 70_000]) {
      const { adapter, socket } = makeNamespace(["s1", "s2"]);
      const text = "é".repeat(size);
      adapter.broadcast({ type: 2, data: [text] }, { rooms: new Set() });
      const [first, second] = [socket("s1").written[0]!.opts, socket("s2").written[0]!.opts];
      expect(first).toBe(second);
      const frame = first.wsPreEncodedFrame!;
      expect(first.wsPreEncodedFrame).toBe(frame);
      const parsed = parseFrame(frame);
      expect(parsed).toMatchObject({ fin: 1, opcode: 1, masked: 0, rest: 0 });
      expect(parsed.payload).toBe("4" + (socket("s1").written[0]!.encoded[0] as string));
    }
  });

  test("no frame for binary content (several encoded parts)", () => {
    const { adapter, socket, nsp } = makeNamespace(["s1"]);
    nsp.server.encoder.encode = () => ['451-["x",{"_placeholder":true,"num":0}]', Buffer.from([1])];
    adapter.broadcast({ type: 2, data: ["x", Buffer.from([1])] }, { rooms: new Set() });
    expect(socket("s1").written[0]!.opts.wsPreEncodedFrame).toBeUndefined();
    expect(socket("s1").written[0]!.opts.preEncoded).toBe(true);
  });
});
