// End to end, in a browser: the example cluster with ADAPTER=streams (@socketry/redis-streams-adapter
// and connection state recovery), two worker processes, a real redis-server. A Chromium tab
// (Debian's chromium, driven by playwright-core) connected to worker A goes offline and loses its
// connection; chat messages are sent through worker B meanwhile; the tab comes back on worker B
// and shows every missed message once, in order.
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startCluster, type ClusterProcess } from "./helpers/cluster-process.js";
import { startRedis, type RedisServer } from "./helpers/redis-server.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"];
const WAIT_MS = 10_000;
const MAX_CLIENTS = 20;
/** Clients kept on worker A so that sticky's least-connection sends the tab's next session to B. */
const BALLAST_ON_A = 2;

// A missing Chromium fails the run, never skips.
const chromiumMissing = existsSync(CHROMIUM)
  ? undefined
  : `Chromium not found at ${CHROMIUM}: install it (apt-get install chromium, as .ci/run does) or set CHROMIUM_PATH`;

let redis: RedisServer | undefined;
let cluster: ClusterProcess | undefined;
let browser: Browser | undefined;
const clients: Socket[] = [];

beforeAll(async () => {
  redis = await startRedis();
  cluster = await startCluster({ redisUrl: redis.url, workers: 2, adapter: "streams" });
  if (!chromiumMissing) browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const socket of clients.splice(0)) socket.close();
  await cluster?.stop();
  await redis?.stop();
}, 30_000);

/** A node client over WebSocket and the pid of the worker that holds its session. */
async function connectClient(url: string): Promise<{ socket: Socket; pid: number }> {
  const socket = connect(url, { transports: ["websocket"], reconnection: false, forceNew: true });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const pid = await socket.timeout(WAIT_MS).emitWithAck("whoami");
  return { socket, pid: pid as number };
}

/** The worker pid and socket id the page shows, once it shows them. */
async function sessionOf(page: Page): Promise<{ worker: number; id: string }> {
  const text = (await page.locator("#worker", { hasText: /worker \d+/ }).textContent()) ?? "";
  const [, worker, id] = /worker (\d+), socket id (\S+)/.exec(text) ?? [];
  return { worker: Number(worker), id: id ?? "" };
}

it("finds the Chromium binary to drive", () => {
  expect(chromiumMissing).toBeUndefined();
});

it("shows a tab every message sent through another worker while it was offline, once and in order", async () => {
  if (!browser) throw new Error(chromiumMissing ?? "the browser did not start");
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    await page.goto(cluster!.url);
    await page.locator("#status", { hasText: "connected" }).waitFor();
    const { worker: workerA, id } = await sessionOf(page);
    expect(cluster!.workerPids).toContain(workerA);
    expect(id).not.toBe("");

    // A sender on the other worker, and ballast on the tab's worker: sticky sends a new session to
    // the worker with the fewest, so the tab's reconnection will land on worker B.
    let sender: Socket | undefined;
    let ballast = 0;
    for (let i = 0; i < MAX_CLIENTS && (sender === undefined || ballast < BALLAST_ON_A); i++) {
      const { socket, pid } = await connectClient(cluster!.url);
      if (pid === workerA) ballast++;
      else if (sender === undefined) sender = socket;
      else socket.close();
    }
    expect(sender).toBeDefined();
    expect(ballast).toBe(BALLAST_ON_A);
    const workerB = (await sender!.timeout(WAIT_MS).emitWithAck("whoami")) as number;
    expect(workerB).not.toBe(workerA);

    // A message before the tab goes: the client recovers from the offset of the last one it got
    // (a client that never got a broadcast has no offset to send, and gets a fresh session).
    const before = "before the tab goes away";
    expect(await sender!.timeout(WAIT_MS).emitWithAck("chat", before)).toBe(workerB);
    await page.locator("#messages li", { hasText: before }).waitFor();

    // The tab goes offline (Chromium closes its WebSocket), and worker A keeps its session in Redis.
    await context.setOffline(true);
    await page.locator("#status", { hasText: "disconnected" }).waitFor();

    const missed = ["first while the tab is away", "second while the tab is away", "third while the tab is away"];
    for (const text of missed) {
      expect(await sender!.timeout(WAIT_MS).emitWithAck("chat", text)).toBe(workerB);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await context.setOffline(false);

    await page
      .locator("#status", { hasText: "session recovered" })
      .waitFor({ timeout: 20_000 })
      .catch(async (err: Error) => {
        throw new Error(`${err.message}; the page says: ${await page.locator("#status").textContent()}`);
      });
    await page.locator("#worker", { hasText: `worker ${workerB}` }).waitFor();
    expect(await sessionOf(page)).toEqual({ worker: workerB, id }); // the same socket id, on the other worker
    await page.locator("#messages li", { hasText: missed.at(-1)! }).waitFor();
    // Nothing more may arrive (a duplicate would come right after the replay).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await page.locator("#messages li").allTextContents()).toEqual([before, ...missed].map((text) => `${workerB}: ${text}`));
  } finally {
    await context.close();
  }
}, 90_000);
