// End to end: two headless Chromium pages (Debian's chromium, driven by playwright-core) chat
// through the demo server, once with the default parser over polling -> WebSocket, once with
// the msgpack client bundle against @socketry/msgpack-parser.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChatServer, type ChatServer } from "../src/server.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];
const WAIT_MS = 10_000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// A missing Chromium fails the run (one failed test, and every chat suite's setup), never skips.
const chromiumMissing = existsSync(CHROMIUM)
  ? undefined
  : `Chromium not found at ${CHROMIUM}: install it (apt-get install chromium, as .ci/run does) or set CHROMIUM_PATH`;
let browser: Browser | undefined;

beforeAll(async () => {
  // launch() gives the browser a fresh temporary profile (user-data-dir) and deletes it on close.
  if (chromiumMissing) return;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
});

it("finds the Chromium binary to drive", () => {
  expect(chromiumMissing).toBeUndefined();
});

/** Opens the chat in its own browser context (its own cookies, like a second person). */
async function openChat(url: string): Promise<Page> {
  if (!browser) throw new Error(chromiumMissing ?? "the browser did not start");
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  await page.goto(url);
  await page.locator("#status", { hasText: "connected over" }).waitFor();
  return page;
}

/** Polls until every socket of "/" uses `transport` (bounded); returns their transport names. */
async function waitForTransports(chat: ChatServer, transport: string): Promise<string[]> {
  const names = () => [...chat.io.of("/").sockets.values()].map((socket) => socket.conn.transport.name);
  for (let tries = 0; tries < 100 && !names().every((name) => name === transport); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return names();
}

describe.each([
  { parser: "default" as const, bundle: "socket.io.js", frames: "string" },
  { parser: "msgpack" as const, bundle: "socket.io.msgpack.min.js", frames: "binary" },
])("chat with the $parser parser", ({ parser, bundle, frames }) => {
  let chat: ChatServer;
  let pageA: Page;
  let pageB: Page;
  const firstTransports: string[] = [];
  const messageFrames = new Set<string>();

  beforeAll(async () => {
    chat = await createChatServer({ port: 0, host: "127.0.0.1", parser });
    chat.io.on("connection", (socket) => {
      firstTransports.push(socket.conn.transport.name);
      socket.conn.on("packet", (packet: { type: string; data?: unknown }) => {
        if (packet.type === "message") messageFrames.add(typeof packet.data === "string" ? "string" : "binary");
      });
    });
    pageA = await openChat(chat.url);
    pageB = await openChat(chat.url);
  });

  afterAll(async () => {
    await pageA?.context().close();
    await pageB?.context().close();
    await chat?.close();
  });

  it(`loads ${bundle} and shows both people online`, async () => {
    await expect(pageA.locator("#status").textContent()).resolves.toContain(bundle);
    await pageA.locator("#online", { hasText: "2 online" }).waitFor();
    await pageB.locator("#online", { hasText: "2 online" }).waitFor();
    expect(firstTransports).toEqual(["polling", "polling"]);
  });

  it("redirects a page asking for the other parser's bundle to this server's page", async () => {
    const page = new URL(chat.url);
    const wrongPage = parser === "msgpack" ? "/" : "/?msgpack=1";
    const response = await fetch(new URL(wrongPage, page), { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(page.pathname + page.search);
  });

  it("relays a message from A to B and acknowledges it to A", async () => {
    await pageA.fill("#name", "alice");
    await pageA.click("#name-form button");
    const names = () => [...chat.io.of("/").sockets.values()].map((socket) => socket.data.name);
    await expect.poll(names, { timeout: WAIT_MS }).toContain("alice");

    await pageA.fill("#message", `hello over ${parser}`);
    await pageA.press("#message", "Enter");
    await pageB.locator("#messages li.theirs", { hasText: `alice: hello over ${parser}` }).waitFor();
    await pageA.locator("#messages li.mine.delivered", { hasText: "✓ delivered" }).waitFor();
    expect(messageFrames).toEqual(new Set([frames]));
  });

  it("shows B that A is typing (volatile broadcast)", async () => {
    // A volatile hint may be dropped if the transport is busy: type again until B sees one.
    const typing = pageB.locator("#typing", { hasText: "alice is typing" });
    for (let tries = 0; tries < 10 && !(await typing.isVisible()); tries++) {
      await pageA.fill("#message", "");
      await pageA.locator("#message").pressSequentially("x");
      await typing.waitFor({ timeout: 1500 }).catch(() => undefined);
    }
    await typing.waitFor();
  });

  it("upgraded every socket from polling to websocket", async () => {
    expect(await waitForTransports(chat, "websocket")).toEqual(["websocket", "websocket"]);
    await pageA.locator("#status", { hasText: "connected over websocket" }).waitFor();
  });

  it("keeps the messages sent while B was offline for a few seconds (connection state recovery)", async () => {
    await pageB.fill("#name", "bob");
    await pageB.click("#name-form button");
    const socketOf = (name: string) =>
      [...chat.io.of("/").sockets.values()].find((socket) => socket.data.name === name);
    await expect.poll(() => socketOf("bob") !== undefined, { timeout: WAIT_MS }).toBe(true);
    const bob = socketOf("bob")!;

    // B's tab goes offline and the server loses its connection.
    const gone = new Promise((resolve) => bob.once("disconnect", resolve));
    await pageB.context().setOffline(true);
    bob.conn.close();
    await gone;
    await pageB.locator("#status", { hasText: "disconnected" }).waitFor();

    const missed = [`first while bob is away (${parser})`, `second while bob is away (${parser})`];
    for (const text of missed) {
      await pageA.fill("#message", text);
      await pageA.press("#message", "Enter");
      await pageA.locator("#messages li.mine.delivered", { hasText: text }).waitFor();
    }
    await new Promise((resolve) => setTimeout(resolve, 3000)); // offline for a few seconds
    await pageB.context().setOffline(false);

    const recovered = pageB.locator("#status", { hasText: "session recovered" });
    await recovered.waitFor({ timeout: 20_000 }).catch(async (err: Error) => {
      throw new Error(`${err.message}; page B says: ${await pageB.locator("#status").textContent()}`);
    });
    for (const text of missed) await pageB.locator("#messages li.theirs", { hasText: `alice: ${text}` }).waitFor();
    expect(await pageB.locator("#messages li.theirs", { hasText: "while bob is away" }).allTextContents()).toEqual(
      missed.map((text) => `alice: ${text} `),
    );
    const back = socketOf("bob")!;
    expect(back.recovered).toBe(true);
    expect(back.id).toBe(bob.id);
    await pageA.locator("#online", { hasText: "2 online" }).waitFor();
  }, 60_000);

  it("renders page B (screenshot is a non-empty PNG)", async () => {
    const file = join(tmpdir(), `socketry-chat-${parser}.png`);
    await pageB.screenshot({ path: file, fullPage: true });
    const png = await readFile(file);
    expect(png.length).toBeGreaterThan(PNG_SIGNATURE.length);
    expect(png.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)).toBe(true);
  });
});
