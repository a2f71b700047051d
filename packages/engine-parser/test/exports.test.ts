import { describe, expect, test } from "vitest";
import * as parser from "@socketry/engine-parser";
import * as v3Entry from "@socketry/engine-parser/v3";

describe("public entry points", () => {
  test("the root entry exposes the v4 codec and the v3 namespace", () => {
    expect(parser.protocol).toBe(4);
    for (const name of [
      "encodePacketSync",
      "decodePacket",
      "encodePayloadSync",
      "decodePayload",
      "encodePacket",
      "encodePayload",
      "createPacketEncoderStream",
      "createPacketDecoderStream",
    ] as const) {
      // biome-ignore lint/performance/noDynamicNamespaceImportAccess: the test walks the entry's named exports on purpose
      expect(typeof parser[name]).toBe("function");
    }
    expect(parser.v3.protocol).toBe(3);
    expect(parser.v3.decodePayload).toBe(v3Entry.decodePayload);
  });

  test("the ./v3 subpath exposes exactly the v3 codec", () => {
    expect(Object.keys(v3Entry).sort()).toEqual([
      "decodePacket",
      "decodePayload",
      "encodePacket",
      "encodePacketSync",
      "encodePayload",
      "encodePayloadSync",
      "protocol",
    ]);
    expect(v3Entry.protocol).toBe(3);
  });
});
