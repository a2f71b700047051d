// The BUILT declaration files (dist/, from `pnpm build`, which `pnpm test` runs first; this test
// builds nothing): members tagged @internal are left out by stripInternal, and the semi-public
// names that official tools, adapters and the official test suite read stay in.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));

/** The member names a class or interface of `file` declares (one per line in tsc's output). */
function declaredMembers(build: "esm" | "cjs", file: string): Set<string> {
  const path = join(dist, build, file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`pnpm build\` at the repository root first`);
  const names = new Set<string>();
  for (const m of readFileSync(path, "utf8").matchAll(
    /^ {4}(?:(?:readonly|get|set|static|protected|private) )*(\[?[\w$]+\]?)[?]?[(:<]/gm,
  )) {
    names.add(m[1] as string);
  }
  return names;
}

const SEMI_PUBLIC: Record<string, string[]> = {
  "server.d.ts": ["_nsps", "_parser", "_opts", "opts", "engine", "encoder", "of", "use"],
  "namespace.d.ts": ["_fns", "_preConnectSockets", "_ids", "_onServerSideEmit", "adapter", "sockets"],
  "client.d.ts": ["conn", "request", "ondata", "writeToEngine"],
  "socket.d.ts": ["client", "conn", "acks", "notifyOutgoingListeners"],
};

const INTERNAL: Record<string, string[]> = {
  "server.d.ts": ["_parentNsps", "_settings", "_registerNamespace", "_checkNamespace", "onconnection"],
  "namespace.d.ts": ["_acks", "_pending", "_initAdapter", "_add", "_remove", "_onEmpty"],
  "client.d.ts": [
    "onDecoded",
    "onSessionData",
    "onSessionClose",
    "_ondecoded",
    "_joined",
    "_packet",
    "_remove",
    "_onclose",
  ],
  "socket.d.ts": ["_onconnect", "_restore", "_onpacket", "_dispatch", "_onerror", "_onclose"],
};

describe.each(["esm", "cjs"] as const)("built %s declarations", (build) => {
  it.each(Object.keys(SEMI_PUBLIC))("%s keeps the semi-public names and leaves the internals out", (file) => {
    const members = declaredMembers(build, file);
    for (const name of SEMI_PUBLIC[file]!) expect(members.has(name), `${file} declares ${name}`).toBe(true);
    for (const name of INTERNAL[file]!) expect(members.has(name), `${file} hides ${name}`).toBe(false);
  });
});
