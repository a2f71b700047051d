// The host options: perMessageDeflate (off by default) reaches ws, and wsEngine takes any class
// with ws's constructor options and handleUpgrade.
import { afterEach, describe, expect, test } from "vitest";
import WebSocketClient, { WebSocketServer } from "ws";
import { once, openRaw, startEngine, until, type Running } from "./helpers.js";

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe("host options", () => {
  test("perMessageDeflate is negotiated when enabled (off by default)", async () => {
    running = await startEngine();
    const plain = new WebSocketClient(`ws://127.0.0.1:${running.port}/engine.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: true,
    });
    const plainRes = await once<{ headers: Record<string, string> }>(plain, "upgrade");
    expect(plainRes.headers["sec-websocket-extensions"]).toBeUndefined();
    plain.close();
    await running.stop();

    running = await startEngine({ perMessageDeflate: { threshold: 0 } });
    const ws = new WebSocketClient(`ws://127.0.0.1:${running.port}/engine.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: true,
    });
    const res = await once<{ headers: Record<string, string> }>(ws, "upgrade");
    expect(res.headers["sec-websocket-extensions"]).toContain("permessage-deflate");
    const frames: string[] = [];
    ws.on("message", (d: Buffer) => frames.push(d.toString()));
    await until(() => frames.length === 1);
    const socket = Object.values(running.engine.clients)[0]!;
    socket.send("compressed ".repeat(100));
    await until(() => frames.length === 2);
    expect(frames[1]).toBe(`4${"compressed ".repeat(100)}`);
    ws.close();
  });

  test("wsEngine: any class with ws's handleUpgrade shape is used as the host", async () => {
    const created: Array<Record<string, unknown>> = [];
    let upgrades = 0;
    class CountingHost extends WebSocketServer {
      constructor(options: Record<string, unknown>) {
        super(options);
        created.push(options);
      }
      override handleUpgrade(...args: Parameters<WebSocketServer["handleUpgrade"]>): void {
        upgrades++;
        super.handleUpgrade(...args);
      }
    }
    running = await startEngine({ wsEngine: CountingHost, maxHttpBufferSize: 5000 });
    expect(created).toEqual([{ noServer: true, clientTracking: false, maxPayload: 5000, perMessageDeflate: false }]);
    const { ws } = await openRaw(running.port);
    expect(upgrades).toBe(1);
    ws.close();
  });
});
