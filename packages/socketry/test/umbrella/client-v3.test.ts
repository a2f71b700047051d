// socket.io-client 3.x against the umbrella: the shared matrix, plus the v3 auth payload.
import { describe, expect, test } from "vitest";
import { clientMatrix } from "./client-matrix.js";
import { pair, startIo } from "./helpers.js";

describe("socket.io-client v3", () => {
  clientMatrix({ major: 3, connect: (r, nsp, opts) => r.v3(nsp, opts) });
});

test("v3: the auth payload reaches handshake.auth and the socket id is not the engine id", async () => {
  const r = await startIo();
  try {
    const client = r.v3("/", { auth: { user: "ada" }, transports: ["websocket"] });
    const { socket } = await pair(r.io, client);
    expect(socket.handshake.auth).toEqual({ user: "ada" });
    expect(socket.id).toBe(client.id);
    expect(socket.id).not.toBe(socket.conn.id);
  } finally {
    await r.close();
  }
});
