import official from "engine.io-parser-v3";
import { describe, expect, test } from "vitest";
import * as v3 from "@socketry/engine-parser/v3";
import type { Packet } from "@socketry/engine-parser";

const mixed: Packet[] = [
  { type: "message", data: "€ and text" },
  { type: "message", data: Buffer.from([1, 2, 3]) },
  { type: "ping" },
];

function collect(
  run: (cb: (packet: Packet, index: number, total: number) => unknown) => void,
): Array<[Packet, number, number]> {
  const seen: Array<[Packet, number, number]> = [];
  run((packet, index, total) => void seen.push([packet, index, total]));
  return seen;
}

describe("engine.io-parser 2.x callback forms", () => {
  test("encodePayload hands the same bytes as the official 2.x encoder, before returning", () => {
    for (const supportsBinary of [true, false]) {
      let ours: string | Buffer | undefined;
      let theirs: string | Buffer | undefined;
      v3.encodePayload(mixed, supportsBinary, (encoded) => (ours = encoded));
      official.encodePayload(mixed, supportsBinary, (encoded) => (theirs = encoded));
      expect(ours).toEqual(theirs);
    }
  });

  test("encodePacket takes the optional utf8encode flag", () => {
    const got: Array<string | Buffer> = [];
    v3.encodePacket({ type: "message", data: "hi" }, true, (encoded) => void got.push(encoded));
    v3.encodePacket({ type: "message", data: "hi" }, true, false, (encoded) => void got.push(encoded));
    expect(got).toEqual(["4hi", "4hi"]);
  });

  test("decodePayload calls back once per packet with its index and the total, with or without binaryType", () => {
    const encoded = v3.encodePayloadSync(mixed, true);
    const withoutType = collect((cb) => v3.decodePayload(encoded, cb));
    const withType = collect((cb) => v3.decodePayload(encoded, "nodebuffer", cb));
    expect(withoutType.map(([, i, n]) => [i, n])).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    expect(withoutType.map(([p]) => p)).toEqual(mixed);
    expect(withType).toEqual(withoutType);
  });

  test("a callback returning false stops the walk", () => {
    const seen = collect((cb) =>
      v3.decodePayload(v3.encodePayloadSync(mixed, false), (p, i, n) => {
        cb(p, i, n);
        return false;
      }),
    );
    expect(seen).toHaveLength(1);
  });

  test("a broken payload gives one error packet, as in 2.x", () => {
    const seen = collect((cb) => v3.decodePayload("7:4abc", cb));
    expect(seen).toEqual([[{ type: "error", data: "parser error" }, 0, 1]]);
  });
});
