import { describe, expect, it } from "vitest";
import { isPacketValid, isPlainObject, PacketType, validatePacket, type Packet } from "../src/index.js";

const codeOf = (packet: unknown) => {
  try {
    validatePacket(packet as Packet);
    return "valid";
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe("validatePacket / isPacketValid (shared by both decoders)", () => {
  it.each([
    [{ type: 0, nsp: "/" }, "valid"],
    [{ type: 0, nsp: "/", data: { token: "x" } }, "valid"],
    [{ type: 1, nsp: "/a" }, "valid"],
    [{ type: 2, nsp: "/", data: ["e"], id: 0 }, "valid"],
    [{ type: 3, nsp: "/", data: [], id: 1 }, "valid"],
    [{ type: 4, nsp: "/", data: "no" }, "valid"],
    [{ type: 5, nsp: "/", data: ["e", {}] }, "valid"],
    [{ type: 6, nsp: "/", data: [], id: 2 }, "valid"],
    [{ type: 7, nsp: "/" }, "ERR_PARSER_INVALID_TYPE"],
    [{ type: 1.5, nsp: "/" }, "ERR_PARSER_INVALID_TYPE"],
    [{ type: "2", nsp: "/", data: ["e"] }, "ERR_PARSER_INVALID_TYPE"],
    [{ type: 0, nsp: "admin" }, "ERR_PARSER_INVALID_NAMESPACE"],
    [{ type: 0, nsp: 1 }, "ERR_PARSER_INVALID_NAMESPACE"],
    [{ type: 0, nsp: "" }, "ERR_PARSER_INVALID_NAMESPACE"],
    [{ type: 2, nsp: "/", data: ["e"], id: -1 }, "ERR_PARSER_INVALID_ID"],
    [{ type: 2, nsp: "/", data: ["e"], id: 1.5 }, "ERR_PARSER_INVALID_ID"],
    [{ type: 2, nsp: "/", data: ["e"], id: 2 ** 53 }, "ERR_PARSER_INVALID_ID"],
    [{ type: 2, nsp: "/", data: ["e"], id: "1" }, "ERR_PARSER_INVALID_ID"],
    [{ type: 3, nsp: "/", data: [] }, "ERR_PARSER_INVALID_ID"],
    [{ type: 4, nsp: "/", data: "x", id: 1 }, "ERR_PARSER_INVALID_ID"],
    [{ type: 0, nsp: "/", data: new Date() }, "ERR_PARSER_INVALID_PAYLOAD"],
    [{ type: 0, nsp: "/", data: Buffer.alloc(1) }, "ERR_PARSER_INVALID_PAYLOAD"],
    [{ type: 2, nsp: "/", data: [] }, "ERR_PARSER_INVALID_PAYLOAD"],
    [{ type: 2, nsp: "/", data: [true] }, "ERR_PARSER_INVALID_PAYLOAD"],
    [{ type: 2, nsp: "/", data: ["disconnect"] }, "ERR_PARSER_RESERVED_EVENT"],
    [{ type: 4, nsp: "/", data: 1 }, "ERR_PARSER_INVALID_PAYLOAD"],
  ])("%j -> %s", (packet, expected) => {
    expect(codeOf(packet)).toBe(expected);
    expect(isPacketValid(packet as Packet)).toBe(expected === "valid");
  });

  it("isPlainObject accepts object literals and null-prototype objects only", () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    for (const value of [[], null, new Date(), Buffer.alloc(0), new Map(), "x"])
      expect(isPlainObject(value)).toBe(false);
  });
  void PacketType;
});
