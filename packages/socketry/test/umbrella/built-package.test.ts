// The BUILT package (dist/, from `pnpm build`; this test builds nothing) loads both ways: a child
// `node` process uses `require("socketry")(httpServer, opts)`, another `import io, { Server,
// Socket, Namespace } from "socketry"`. Each serves on 127.0.0.1, an official v4 client exchanges
// one ack with it (after fetching a client bundle), and the child closes its server and exits on
// its own.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { io as ioV4 } from "socket.io-client";
import { beforeAll, expect, test } from "vitest";
import { FIXTURES_DIR, nextJson, startChild } from "./child-process.js";
import { emitAck, httpGet, waitFor, withTimeout } from "./helpers.js";

const packageRoot = join(FIXTURES_DIR, "..", "..", "..");
const BUILT = ["dist/cjs/cjs-entry.cjs", "dist/esm/index.js"];

beforeAll(() => {
  const missing = BUILT.filter((file) => !existsSync(join(packageRoot, file)));
  if (missing.length > 0) {
    throw new Error(
      `the built socketry package is missing (${missing.join(", ")}): run \`pnpm build\` at the repository root first; ` +
        "this test loads dist/ in child processes and builds nothing itself",
    );
  }
});

interface ChildReport {
  port: number;
  resolved: string;
  exports: Record<string, string>;
  isServer: boolean;
  httpServerKept: boolean;
}

test.each([
  ["cjs-server.cjs", "/dist/cjs/", "hello built from cjs"],
  ["esm-server.mjs", "/dist/esm/", "hello built from esm (true, true)"],
])("%s: loads dist, serves a v4 client, closes and exits cleanly", async (fixture, distDir, expected) => {
  const { child, lines, exit, stderr } = startChild(fixture);
  try {
    const report = await nextJson<ChildReport>(lines, stderr);
    expect(report.resolved).toContain(distDir);
    for (const [name, type] of Object.entries(report.exports)) expect(`${name}: ${type}`).toBe(`${name}: function`);
    expect(report.isServer).toBe(true);
    expect(report.httpServerKept).toBe(true);
    // The bundle lookup differs per build (#module-context): both must find socket.io-client.
    const bundle = await httpGet(report.port, "/socket.io/socket.io.min.js");
    expect(bundle.status).toBe(200);
    expect(bundle.headers.etag).toBe('"4.8.4"');

    const client = ioV4(`http://127.0.0.1:${report.port}`, { forceNew: true, reconnection: false });
    await waitFor(client, "connect");
    expect(await emitAck(client, "hello", "built")).toEqual([expected]);
    client.disconnect();

    expect(await nextJson(lines, stderr)).toEqual({ closed: true });
    expect(await withTimeout(exit, 5_000, "the child's exit after io.close()")).toBe(0);
  } finally {
    child.kill();
  }
});
