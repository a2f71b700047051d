// A client can fill one packet with msgpackr record definitions, each used several times and then
// redefined. msgpackr's regular decoder compiles a reader (`new Function`) for a record layout it
// has seen a few times, so such a packet made the server compile code over and over; the decoder
// uses msgpackr's no-eval build and must never construct a function while decoding.
import { Packr } from "msgpackr";
import { afterEach, expect, test, vi } from "vitest";
import { Decoder } from "../src/index.js";

afterEach(() => vi.restoreAllMocks());

/** An EVENT packet whose data is `count` objects of `layouts` different shapes, written as records. */
function recordHeavyPacket(layouts: number, count: number): Buffer {
  const objects: Record<string, number>[] = [];
  for (let i = 0; i < count; i++) {
    const layout = i % layouts;
    objects.push({ [`k${layout}a`]: i, [`k${layout}b`]: i + 1 });
  }
  // Records on, no shared structures: each layout is defined inline in this one packet. The
  // packet itself must be a plain map (the decoder checks the first byte), so only `data` is packed
  // with records, behind a hand-written map header with "type" and "nsp".
  const data = new Packr({ useRecords: true, maxOwnStructures: 64 }).pack(["records", objects]);
  const head = Buffer.from("83a474797065" + "02" + "a36e7370a12f" + "a464617461", "hex");
  return Buffer.concat([head, data]);
}

test("a record-heavy packet decodes without compiling a reader", () => {
  const bytes = recordHeavyPacket(40, 2000);
  expect(bytes.includes(0xd4) || bytes.includes(0xd5) || bytes.includes(0x72)).toBe(true);
  const compiled = vi.spyOn(globalThis, "Function");
  const decoder = new Decoder();
  const packets: unknown[] = [];
  decoder.on("decoded", (p) => packets.push(p));
  decoder.add(bytes);
  expect(compiled).not.toHaveBeenCalled();
  expect(packets).toHaveLength(1);
  const data = (packets[0] as { data: [string, Record<string, number>[]] }).data;
  expect(data[1]).toHaveLength(2000);
  expect(data[1][41]).toEqual({ k1a: 41, k1b: 42 });
});
