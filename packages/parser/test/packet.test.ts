import { describe, expect, it } from "vitest";
import { PacketType, protocol, RESERVED_EVENTS } from "../src/index.js";
import * as official from "socket.io-parser";

describe("packet model", () => {
  it("matches the official protocol number and packet type values", () => {
    expect(protocol).toBe(5);
    expect(protocol).toBe(official.protocol);
    for (const name of [
      "CONNECT",
      "DISCONNECT",
      "EVENT",
      "ACK",
      "CONNECT_ERROR",
      "BINARY_EVENT",
      "BINARY_ACK",
    ] as const) {
      expect(PacketType[name]).toBe(official.PacketType[name]);
    }
  });

  it("reserves the lifecycle event names", () => {
    expect([...RESERVED_EVENTS].sort()).toEqual([
      "connect",
      "connect_error",
      "disconnect",
      "disconnecting",
      "newListener",
      "removeListener",
    ]);
  });
});
