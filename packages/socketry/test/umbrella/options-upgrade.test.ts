// The two upgrade-side options of the seed reach the WebSocket side of the engine: upgradeTimeout
// (an unfinished upgrade is cancelled, the session stays on polling) and wsEngine (a ws-compatible
// server class is the one that answers the upgrades).
import { afterEach, expect, test } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { httpGet, pair, pollingHandshake, startIo, waitFor, type Running } from "./helpers.js";

let r: Running | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

test("upgradeTimeout: a probe that never completes is closed, and the session goes on over polling", async () => {
  r = await startIo({ upgradeTimeout: 300 });
  const { sid } = await pollingHandshake(r.port);
  const session = `/socket.io/?EIO=4&transport=polling&sid=${sid}`;
  const probe = new WebSocket(`ws://127.0.0.1:${r.port}/socket.io/?EIO=4&transport=websocket&sid=${sid}`);
  try {
    await waitFor(probe, "open");
    const answer = waitFor<[Buffer]>(probe, "message");
    const closed = waitFor(probe, "close", 3_000);
    probe.send("2probe");
    expect(String((await answer)[0])).toBe("3probe");
    // No "5" (upgrade) follows: the server gives up on the probe after upgradeTimeout.
    await closed;
  } finally {
    probe.terminate();
  }
  expect((await httpGet(r.port, session, { method: "POST", body: "40" })).text).toBe("ok");
  expect((await httpGet(r.port, session)).text).toMatch(/40\{"sid":/);
});

test("wsEngine: a ws-compatible server class given in the options answers the upgrades", async () => {
  const upgrades: string[] = [];
  class RecordingServer extends WebSocketServer {
    override handleUpgrade(...args: Parameters<WebSocketServer["handleUpgrade"]>): void {
      upgrades.push(args[0].url ?? "");
      super.handleUpgrade(...args);
    }
  }
  r = await startIo({ wsEngine: RecordingServer });
  const { socket } = await pair(r.io, r.v4("/", { transports: ["websocket"] }));
  expect(socket.conn.transport.name).toBe("websocket");
  expect(upgrades).toHaveLength(1);
  expect(upgrades[0]).toMatch(/^\/socket\.io\/\?EIO=4&transport=websocket/);
});
