// socket.io-client 2.x (Engine.IO protocol 3) against the umbrella with allowEIO3: the shared
// matrix, plus what is specific to v2 clients.
import { describe, expect, test } from "vitest";
import { clientMatrix } from "./client-matrix.js";
import { pair, startIo, waitFor } from "./helpers.js";

describe("socket.io-client v2 (allowEIO3)", () => {
  clientMatrix({ major: 2, connect: (r, nsp, opts) => r.v2(nsp, opts) });
});

test("v2: joins '/' implicitly and its namespace query becomes handshake.auth", async () => {
  const r = await startIo({ allowEIO3: true });
  try {
    r.io.of("/admin");
    const mainSide = waitFor(r.io.of("/"), "connection");
    const client = r.v2("/admin", { query: { token: "abc" }, transports: ["websocket"] });
    const [[main], { socket: admin }] = await Promise.all([mainSide, pair(r.io, client, "/admin")]);
    expect(admin.conn).toBe(main.conn);
    expect({ ...admin.handshake.auth }).toEqual({ token: "abc" });
    expect(admin.id).toBe(client.id);
  } finally {
    await r.close();
  }
});
