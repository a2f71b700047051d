// The BUILT declaration files (dist/, from `pnpm build`, which `pnpm test` runs first; this test
// builds nothing): the hub callbacks are left out by stripInternal, and the adapter class with
// its public members stays in (a comment mentioning the tag once stripped the whole class).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));

/** The member names the classes of `file` declare (one per line in tsc's output). */
function declaredMembers(build: "esm" | "cjs", file: string): Set<string> {
  const path = join(dist, build, file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`pnpm build\` at the repository root first`);
  const names = new Set<string>();
  for (const m of readFileSync(path, "utf8").matchAll(
    /^ {4}(?:(?:readonly|get|set|static|protected|private|async) )*(\[?[\w$]+\]?)[?]?[(:<]/gm,
  )) {
    names.add(m[1] as string);
  }
  return names;
}

const PUBLIC: Record<string, string[]> = {
  "redis-streams-adapter.d.ts": [
    "streamName",
    "lastDeliveredId",
    "serverCount",
    "persistSession",
    "restoreSession",
    "close",
  ],
};

const INTERNAL: Record<string, string[]> = {
  "redis-streams-adapter.d.ts": ["onStreamEntry", "onStreamGap", "nspName"],
};

describe.each(["esm", "cjs"] as const)("built %s declarations", (build) => {
  it.each(Object.keys(PUBLIC))("%s keeps the public members and leaves the internals out", (file) => {
    const members = declaredMembers(build, file);
    for (const name of PUBLIC[file]!) expect(members.has(name), `${file} declares ${name}`).toBe(true);
    for (const name of INTERNAL[file]!) expect(members.has(name), `${file} hides ${name}`).toBe(false);
  });
});
