// socket.io-client 4.x against the umbrella: the shared matrix, plus what only v4 clients have.
import { describe, expect, test } from "vitest";
import { clientMatrix } from "./client-matrix.js";
import { pair, startIo } from "./helpers.js";

describe("socket.io-client v4", () => {
  clientMatrix({ major: 4, connect: (r, nsp, opts) => r.v4(nsp, opts) });
});

test("v4: auth payload, emitWithAck from the client and timeout() acks", async () => {
  const r = await startIo();
  try {
    const client = r.v4("/", { auth: { token: "t1" }, transports: ["websocket"] });
    const { socket } = await pair(r.io, client);
    expect(socket.handshake.auth).toEqual({ token: "t1" });
    socket.on("add", (a: number, b: number, ack: (sum: number) => void) => ack(a + b));
    expect(await client.timeout(2_000).emitWithAck("add", 2, 3)).toBe(5);
    client.on("silent", () => {});
    await expect(socket.timeout(50).emitWithAck("silent")).rejects.toThrow("operation has timed out");
  } finally {
    await r.close();
  }
});
