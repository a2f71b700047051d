// createPacketEncoderStream / createPacketDecoderStream: the length-prefixed framing of Engine.IO
// over WebTransport, checked by hand-built frames, round trips, chunking, limits, and against
// engine.io-parser 5.2.3's own streams in both directions.
import fc from "fast-check";
import * as official from "engine.io-parser";
import { describe, expect, test } from "vitest";
import {
  ERROR_PACKET,
  createPacketDecoderStream,
  createPacketEncoderStream,
  type BinaryType,
  type Packet,
} from "@socketry/engine-parser";
import { plain, wellFormedString, wireType } from "./arbitraries.js";

type AnyTransform<I, O> =
  | { writable: WritableStream<I>; readable: ReadableStream<O> }
  | { writable: unknown; readable: unknown };

/** Writes every input (without waiting in between), then reads `count` outputs. */
async function pipe<I, O>(stream: AnyTransform<I, O>, inputs: I[], count: number): Promise<O[]> {
  const writer = (stream.writable as WritableStream<I>).getWriter();
  const reader = (stream.readable as ReadableStream<O>).getReader();
  for (const input of inputs) void writer.write(input).catch(() => {});
  const out: O[] = [];
  for (let i = 0; i < count; i++) out.push((await reader.read()).value as O);
  return out;
}

/** Encoder output, headers and payloads, as one byte array. */
async function frameOf(packets: Packet[]): Promise<Uint8Array> {
  const chunks = await pipe<Packet, Uint8Array>(createPacketEncoderStream(), packets, packets.length * 2);
  return Buffer.concat(chunks);
}

function decode(bytes: Uint8Array[], count: number, maxPayload = 1e6, binaryType?: BinaryType): Promise<Packet[]> {
  return pipe<Uint8Array, Packet>(createPacketDecoderStream(maxPayload, binaryType), bytes, count);
}

describe("createPacketEncoderStream", () => {
  test("a text packet: its UTF-8 length, then '<digit><data>' in UTF-8", async () => {
    const [header, payload] = await pipe<Packet, Uint8Array>(
      createPacketEncoderStream(),
      [{ type: "message", data: "é" }],
      2,
    );
    expect([...header!]).toEqual([3]);
    expect(Buffer.from(payload!).toString()).toBe("4é");
  });

  test("binary: the high bit of the header is set and the payload is the caller's bytes", async () => {
    const data = Uint8Array.of(1, 2, 3);
    const [header, payload] = await pipe<Packet, Uint8Array>(
      createPacketEncoderStream(),
      [{ type: "message", data }],
      2,
    );
    expect([...header!]).toEqual([0x83]);
    expect(payload).toBe(data);
  });

  test("an ArrayBuffer or another view goes out as a Uint8Array over the same memory", async () => {
    const backing = new ArrayBuffer(8);
    const view = new Uint16Array(backing, 2, 2);
    view.set([0x0102, 0x0304]);
    const [, fromView, , fromBuffer] = await pipe<Packet, Uint8Array>(
      createPacketEncoderStream(),
      [
        { type: "message", data: view },
        { type: "message", data: backing },
      ],
      4,
    );
    expect(fromView).toBeInstanceOf(Uint8Array);
    expect(fromView!.buffer).toBe(backing);
    expect(fromView!.byteOffset).toBe(2);
    expect(fromView!.byteLength).toBe(4);
    expect(fromBuffer!.buffer).toBe(backing);
    expect(fromBuffer!.byteLength).toBe(8);
  });

  test("lengths of 126 and more use the 16-bit form, 65536 and more the 64-bit form", async () => {
    const [h125, , h126, , h65535, , h65536] = await pipe<Packet, Uint8Array>(
      createPacketEncoderStream(),
      [125, 126, 65535, 65536].map((size) => ({ type: "message", data: new Uint8Array(size) })),
      8,
    );
    expect([...h125!]).toEqual([0x80 | 125]);
    expect([...h126!]).toEqual([0x80 | 126, 0, 126]);
    expect([...h65535!]).toEqual([0x80 | 126, 0xff, 0xff]);
    expect([...h65536!]).toEqual([0x80 | 127, 0, 0, 0, 0, 0, 1, 0, 0]);
  });
});

describe("createPacketDecoderStream", () => {
  test("decodes text and binary frames, whatever the chunking", async () => {
    const frame = await frameOf([
      { type: "message", data: "hello €" },
      { type: "ping" },
      { type: "message", data: Buffer.from([9, 8, 7]) },
      { type: "message", data: new Uint8Array(300).fill(5) },
    ]);
    const expected = [
      { type: "message", data: "hello €" },
      { type: "ping" },
      { type: "message", data: [9, 8, 7] },
      { type: "message", data: Array(300).fill(5) },
    ];
    const whole = await decode([frame], 4);
    expect(whole.map(plain)).toEqual(expected);
    const byteByByte = await decode(
      [...frame].map((byte) => Uint8Array.of(byte)),
      4,
    );
    expect(byteByByte.map(plain)).toEqual(expected);
  });

  test("binary comes back as a Buffer by default and for 'nodebuffer', as an exact ArrayBuffer for 'arraybuffer'", async () => {
    const frame = await frameOf([{ type: "message", data: Uint8Array.of(1, 2) }]);
    const [asDefault] = await decode([frame], 1);
    const [asNodeBuffer] = await decode([frame], 1, 1e6, "nodebuffer");
    const [asArrayBuffer] = await decode([frame], 1, 1e6, "arraybuffer");
    expect(Buffer.isBuffer(asDefault!.data)).toBe(true);
    expect(Buffer.isBuffer(asNodeBuffer!.data)).toBe(true);
    expect(asArrayBuffer!.data).toBeInstanceOf(ArrayBuffer);
    expect((asArrayBuffer!.data as ArrayBuffer).byteLength).toBe(2);
  });

  test("a 'b<base64>' text packet decodes to binary in the binaryType asked for", async () => {
    const text = Buffer.from("bAQI=");
    const [packet] = await decode([Uint8Array.of(text.length), text], 1, 1e6, "arraybuffer");
    expect(packet!.data).toBeInstanceOf(ArrayBuffer);
    expect(plain(packet!)).toEqual({ type: "message", data: [1, 2] });
  });

  test("a length of zero, over maxPayload or past Number.MAX_SAFE_INTEGER is an error packet", async () => {
    expect(await decode([Uint8Array.of(0)], 1)).toEqual([ERROR_PACKET]);
    expect(await decode([Uint8Array.of(0x80)], 1)).toEqual([ERROR_PACKET]);
    expect(await decode([Uint8Array.of(11)], 1, 10)).toEqual([ERROR_PACKET]);
    expect(await decode([Uint8Array.of(126, 0, 11)], 1, 10)).toEqual([ERROR_PACKET]);
    expect(await decode([Uint8Array.of(127, 0, 0x20, 0, 0, 0, 0, 0, 0)], 1, Number.MAX_SAFE_INTEGER)).toEqual([
      ERROR_PACKET,
    ]);
    // 2^53 - 1 itself is a safe length (refused here by maxPayload only)
    expect(await decode([Uint8Array.of(127, 0, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)], 1, 10)).toEqual([
      ERROR_PACKET,
    ]);
  });

  test("a text frame that is not UTF-8, a malformed packet or a chunk that is not bytes is an error packet", async () => {
    expect(await decode([Uint8Array.of(2, 0x34, 0xff)], 1)).toEqual([ERROR_PACKET]);
    expect(await decode([Uint8Array.of(1, 0x39)], 1)).toEqual([ERROR_PACKET]);
    expect(await decode(["4hi" as unknown as Uint8Array], 1)).toEqual([ERROR_PACKET]);
  });

  test("after an error packet the stream reads nothing more and buffers nothing", async () => {
    const stream = createPacketDecoderStream(10, "nodebuffer");
    const writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    void writer.write(Uint8Array.of(11));
    void writer.write(Uint8Array.of(2, 0x34, 0x61));
    expect((await reader.read()).value).toEqual(ERROR_PACKET);
    const end = reader.read();
    await writer.close();
    expect((await end).done).toBe(true);
  });

  test("an unfinished frame waits for its bytes", async () => {
    const stream = createPacketDecoderStream(1e6, "nodebuffer");
    const writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    void writer.write(Uint8Array.of(126, 0));
    void writer.write(Uint8Array.of(200, ...Buffer.from("4")));
    let settled = false;
    const next = reader.read().then((result) => {
      settled = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    void writer.write(Buffer.alloc(199, "a"));
    expect((await next).value).toEqual({ type: "message", data: "a".repeat(199) });
  });
});

describe("createPacketDecoderStream on random bytes", () => {
  test("yields only packets of known types or one final error packet, and never errors or throws", async () => {
    const known = new Set(["open", "close", "ping", "pong", "message", "upgrade", "noop"]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 8 }), async (chunks) => {
        const stream = createPacketDecoderStream(64, "arraybuffer");
        const writer = stream.writable.getWriter();
        const reader = stream.readable.getReader();
        const packets: Packet[] = [];
        const drained = (async () => {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            packets.push(value);
          }
        })();
        for (const chunk of chunks) await writer.write(chunk);
        await writer.close();
        await drained;
        const errorAt = packets.indexOf(ERROR_PACKET);
        expect(errorAt === -1 || errorAt === packets.length - 1).toBe(true);
        for (const packet of packets.slice(0, errorAt === -1 ? undefined : errorAt))
          expect(known.has(packet.type)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe("against engine.io-parser 5.2.3's streams", () => {
  const packet = fc.oneof(
    fc
      .tuple(wireType, fc.option(wellFormedString, { nil: undefined }))
      .map(([type, data]): Packet => (data === undefined ? { type } : { type, data })),
    fc
      .uint8Array({ minLength: 1, maxLength: 300 })
      .map((data): Packet => ({ type: "message", data: Buffer.from(data) })),
  );
  const packets = fc.array(packet, { minLength: 1, maxLength: 5 });

  test("the same frames, and each side decodes the other's", async () => {
    await fc.assert(
      fc.asyncProperty(packets, async (list) => {
        const ours = await frameOf(list);
        const theirs = Buffer.concat(
          await pipe<Packet, Uint8Array>(official.createPacketEncoderStream(), list, list.length * 2),
        );
        expect(Buffer.from(ours)).toEqual(theirs);
        const byUs = await decode([theirs], list.length, 1e6, "nodebuffer");
        const byThem = await pipe<Uint8Array, Packet>(
          official.createPacketDecoderStream(1e6, "nodebuffer"),
          [ours],
          list.length,
        );
        expect(byUs.map(plain)).toEqual(byThem.map(plain));
      }),
      { numRuns: 100 },
    );
  });
});
