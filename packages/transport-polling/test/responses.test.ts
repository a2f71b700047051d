// What polling answers look like on the wire: no caching, content types, httpCompression.
import { gunzipSync, inflateSync } from "node:zlib";
import { afterEach, describe, expect, test } from "vitest";
import type { Socket } from "@socketry/engine";
import { raw, rawHandshake, startEngine, type Running } from "./helpers.js";

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function sessionWithMessage(options: Record<string, unknown>, message: string) {
  running = await startEngine(options);
  running.engine.on("connection", (s: Socket) => s.send(message));
  const { sid } = await rawHandshake(running.port);
  return sid;
}

describe("polling responses", () => {
  test("payload answers are never cached (Cache-Control: no-store)", async () => {
    running = await startEngine();
    const { response } = await rawHandshake(running.port);
    expect(response.headers["cache-control"]).toBe("no-store");
  });

  test("content types: payloads are text/plain UTF-8, a POST answers ok as text/html", async () => {
    const sid = await sessionWithMessage({}, "hi");
    const poll = await raw(running!.port, `/engine.io/?EIO=4&transport=polling&sid=${sid}`);
    expect(poll.headers["content-type"]).toBe("text/plain; charset=UTF-8");
    expect(poll.text).toBe("4hi");
    const post = await raw(running!.port, `/engine.io/?EIO=4&transport=polling&sid=${sid}`, {
      method: "POST",
      headers: { "Content-Type": "text/plain;charset=UTF-8" },
      body: "4a\x1e4b",
    });
    expect(post.status).toBe(200);
    expect(post.headers["content-type"]).toBe("text/html");
    expect(post.text).toBe("ok");
  });

  test.each([
    ["gzip", gunzipSync],
    ["deflate", inflateSync],
  ])("httpCompression: %s above the threshold when accepted", async (encoding, inflate) => {
    const big = "x".repeat(5000);
    const sid = await sessionWithMessage({}, big);
    const poll = await raw(running!.port, `/engine.io/?EIO=4&transport=polling&sid=${sid}`, {
      headers: { "Accept-Encoding": encoding },
    });
    expect(poll.headers["content-encoding"]).toBe(encoding);
    expect(Number(poll.headers["content-length"])).toBe(poll.body.length);
    expect(poll.body.length).toBeLessThan(big.length);
    expect(inflate(poll.body).toString()).toBe(`4${big}`);
  });

  test("httpCompression: nothing below the threshold, nothing when off, nothing when not accepted", async () => {
    const small = await sessionWithMessage({}, "y".repeat(100));
    const a = await raw(running!.port, `/engine.io/?EIO=4&transport=polling&sid=${small}`, {
      headers: { "Accept-Encoding": "gzip" },
    });
    expect(a.headers["content-encoding"]).toBeUndefined();
    await running!.stop();

    const off = await sessionWithMessage({ httpCompression: false }, "y".repeat(5000));
    const b = await raw(running!.port, `/engine.io/?EIO=4&transport=polling&sid=${off}`, {
      headers: { "Accept-Encoding": "gzip" },
    });
    expect(b.headers["content-encoding"]).toBeUndefined();
    expect(b.text).toBe(`4${"y".repeat(5000)}`);
    await running!.stop();

    const plain = await sessionWithMessage({}, "y".repeat(5000));
    const c = await raw(running!.port, `/engine.io/?EIO=4&transport=polling&sid=${plain}`, {
      headers: { "Accept-Encoding": "br" },
    });
    expect(c.headers["content-encoding"]).toBeUndefined();
  });

  test("httpCompression threshold is configurable", async () => {
    const sid = await sessionWithMessage({ httpCompression: { threshold: 10 } }, "z".repeat(50));
    const poll = await raw(running!.port, `/engine.io/?EIO=4&transport=polling&sid=${sid}`, {
      headers: { "Accept-Encoding": "gzip" },
    });
    expect(poll.headers["content-encoding"]).toBe("gzip");
  });
});
