// End to end, in a browser: the example cluster with ADAPTER=streams (@socketry/redis-streams-adapter
// and connection state recovery), two worker processes, a real redis-server. A Chromium tab
// (Debian's chromium, driven by playwright-core) connected to worker A goes offline and loses its
// connection; chat messages are sent through worker B meanwhile; the tab comes back on worker B
// and shows every missed message once, in order. The same steps with ADAPTER=pubsub (Redis
// Pub/Sub keeps nothing) give a fresh session that never sees the missed messages.
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCluster, type ClusterProcess } from "./helpers/cluster-process.js";
import { startRedis, type RedisServer } from "./helpers/redis-server.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--no-first-run",
];
const WAIT_MS = 10_000;
const MAX_CLIENTS = 20;
/** Clients kept on worker A so that sticky's least-connection sends the tab's next session to B. */
const BALLAST_ON_A = 2;

// A missing Chromium fails the run, never skips.
const chromiumMissing = existsSync(CHROMIUM)
  ? undefined
  : `Chromium not found at ${CHROMIUM}: install it (apt-get install chromium, as .ci/run does) or set CHROMIUM_PATH`;

let browser: Browser | undefined;
const clients: Socket[] = [];

beforeAll(async () => {
  if (!chromiumMissing)
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
}, 30_000);

/** A node client over WebSocket and the pid of the worker that holds its session. */
async function connectClient(url: string): Promise<{ socket: Socket; pid: number }> {
  const socket = connect(url, { transports: ["websocket"], reconnection: false, forceNew: true });
  clients.push(socket);
  // Bounded: a handshake that neither connects nor fails would otherwise hold the test to its limit.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no connect from ${url} within ${WAIT_MS} ms`)), WAIT_MS);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once("connect_error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
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

const BEFORE = "before the tab goes away";
const MISSED = ["first while the tab is away", "second while the tab is away", "third while the tab is away"];

/**
 * The steps both adapters go through: a tab on worker A gets one message, goes offline (Chromium
 * closes its WebSocket), MISSED are sent through worker B, and the tab comes back online, its next
 * session bound for worker B. Resolves once the page shows worker B again.
 */
async function tabAwayWhileWorkerBSends(cluster: ClusterProcess, page: Page) {
  await page.goto(cluster.url);
  await page.locator("#status", { hasText: "connected" }).waitFor();
  const { worker: workerA, id } = await sessionOf(page);
  expect(cluster.workerPids).toContain(workerA);
  expect(id).not.toBe("");

  // A sender on the other worker, and ballast on the tab's worker: sticky sends a new session to
  // the worker with the fewest, so the tab's reconnection will land on worker B.
  let sender: Socket | undefined;
  let ballast = 0;
  for (let i = 0; i < MAX_CLIENTS && (sender === undefined || ballast < BALLAST_ON_A); i++) {
    const { socket, pid } = await connectClient(cluster.url);
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
  expect(await sender!.timeout(WAIT_MS).emitWithAck("chat", BEFORE)).toBe(workerB);
  await page.locator("#messages li", { hasText: BEFORE }).waitFor();

  // The tab goes offline: Chromium closes its WebSocket (with streams, worker A keeps the session in Redis).
  await page.context().setOffline(true);
  await page.locator("#status", { hasText: "disconnected" }).waitFor();
  for (const text of MISSED) {
    expect(await sender!.timeout(WAIT_MS).emitWithAck("chat", text)).toBe(workerB);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await page.context().setOffline(false);

  await page
    .locator("#worker", { hasText: `worker ${workerB}` })
    .waitFor({ timeout: 20_000 })
    .catch(async (err: Error) => {
      throw new Error(`${err.message}; the page says: ${await page.locator("#status").textContent()}`);
    });
  return { workerB, id };
}

it("finds the Chromium binary to drive", () => {
  expect(chromiumMissing).toBeUndefined();
});

describe.each([
  { adapter: "streams" as const, recovers: true },
  { adapter: "pubsub" as const, recovers: false },
])("a tab away while another worker sends, ADAPTER=$adapter", ({ adapter, recovers }) => {
  let redis: RedisServer | undefined;
  let cluster: ClusterProcess | undefined;

  beforeAll(async () => {
    redis = await startRedis();
    cluster = await startCluster({ redisUrl: redis.url, workers: 2, adapter });
  }, 60_000);

  afterAll(async () => {
    for (const socket of clients.splice(0)) socket.close();
    await cluster?.stop();
    await redis?.stop();
  }, 30_000);

  const title = recovers
    ? "comes back on the other worker with its socket id and every missed message, once and in order"
    : "comes back on the other worker as a fresh session, without the missed messages (Pub/Sub keeps nothing)";
  it(title, async () => {
    if (!browser) throw new Error(chromiumMissing ?? "the browser did not start");
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT_MS);
      const { workerB, id } = await tabAwayWhileWorkerBSends(cluster!, page);
      const after = await sessionOf(page);
      expect(after.worker).toBe(workerB);
      if (recovers) {
        await page.locator("#status", { hasText: "session recovered" }).waitFor();
        expect(after.id).toBe(id); // the same socket id, on the other worker
        await page.locator("#messages li", { hasText: MISSED.at(-1)! }).waitFor();
      } else {
        expect(await page.locator("#status").textContent()).toBe("connected");
        expect(after.id).not.toBe(id);
      }
      // Nothing more may arrive (a duplicate, or a late replay, would come right after the reconnection).
      await new Promise((resolve) => setTimeout(resolve, 500));
      const expected = recovers ? [BEFORE, ...MISSED] : [BEFORE];
      expect(await page.locator("#messages li").allTextContents()).toEqual(
        expected.map((text) => `${workerB}: ${text}`),
      );
    } finally {
      await context.close();
    }
  }, 90_000);
});
