// JSONP polling for Engine.IO v3 clients, driven raw (JSONP needs a browser's <script>).
import { afterEach, describe, expect, test } from "vitest";
import { once, raw, startEngine, type Running } from "./helpers.js";

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe("JSONP polling (EIO=3, raw)", () => {
  test("handshake, poll and form POST with escaped newlines", async () => {
    running = await startEngine({ allowEIO3: true, allowUpgrades: false });
    const hs = await raw(running.port, "/engine.io/?EIO=3&transport=polling&j=0");
    expect(hs.headers["content-type"]).toBe("text/javascript; charset=UTF-8");
    const call = /^___eio\[0\]\((".*")\);$/.exec(hs.text);
    expect(call).not.toBeNull();
    const payload = JSON.parse(call![1] as string) as string;
    const sid = /"sid":"([^"]+)"/.exec(payload)?.[1] as string;
    const socket = running.engine.clients[sid]!;
    expect(socket.protocol).toBe(3);

    // the client escapes a newline as \n and a literal backslash-n as \\n
    const message = "line1\nline2 \\n end";
    const packet = `4${message}`;
    const escaped = packet.replace(/\\n/g, "\\\n").replace(/\n/g, "\\n");
    const got = once(socket, "message");
    const post = await raw(running.port, `/engine.io/?EIO=3&transport=polling&j=0&sid=${sid}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ d: `${packet.length}:${escaped}` }).toString(),
    });
    expect(post.text).toBe("ok");
    expect(await got).toBe(message);

    socket.send("to jsonp \u2028 ok");
    socket.send(Buffer.from([1, 2]));
    const poll = await raw(running.port, `/engine.io/?EIO=3&transport=polling&j=0&sid=${sid}`);
    const body = /^___eio\[0\]\((".*")\);$/.exec(poll.text);
    expect(body).not.toBeNull();
    expect(poll.text).not.toContain("\u2028");
    const decoded = JSON.parse(body![1] as string) as string;
    expect(decoded).toContain("4to jsonp \u2028 ok");
    expect(decoded).toContain("b4AQI="); // binary as base64 in a JSONP payload
    socket.close(true);
  });

  test("a JSONP POST claiming a binary body is read as a form: no crash, the session ends with a parse error", async () => {
    running = await startEngine({ allowEIO3: true, allowUpgrades: false });
    const hs = await raw(running.port, "/engine.io/?EIO=3&transport=polling&j=0");
    const sid = /\\"sid\\":\\"([^\\]+)\\"/.exec(hs.text)?.[1] as string;
    const socket = running.engine.clients[sid]!;
    const closed = once<[string]>(socket, "close");
    const post = await raw(running.port, `/engine.io/?EIO=3&transport=polling&j=0&sid=${sid}`, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: Buffer.from([0, 1, 255, 4, 104, 105]),
    });
    expect(post.status).toBe(200);
    expect((await closed)[0]).toBe("parse error");
  });

  test("the JSONP index is digits only (no script injection)", async () => {
    running = await startEngine({ allowEIO3: true });
    const hs = await raw(running.port, `/engine.io/?EIO=3&transport=polling&j=${encodeURIComponent("0);alert(1")}`);
    expect(hs.text.startsWith("___eio[01](")).toBe(true);
    const sid = /\\"sid\\":\\"([^\\]+)\\"/.exec(hs.text)?.[1] as string;
    running.engine.clients[sid]?.close(true);
  });
});
