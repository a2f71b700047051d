// Summarises a V8 .cpuprofile (from `bench:e2e --profile`): self time per function and per module
// group (a workspace package, a node_modules package, node internals, GC), top N of each.
// Usage: pnpm --filter @socketry/bench run bench:e2e:profile-summary <file.cpuprofile> [top]
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** "ws", "socket.io", "@socketry/engine", "node:internal", "(garbage collector)", … */
function groupOf(url: string, functionName: string): string {
  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  // from sources (src/) or from a build (--dist: dist/esm/)
  const workspace = /\/packages\/([^/]+)\/(?:src|dist)\//.exec(url);
  if (workspace) return `socketry:${workspace[1]}`;
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + 14).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return "node:internal";
  return url
    .replace(/^file:\/\//, "")
    .split("/")
    .slice(-2)
    .join("/");
}

const [file, topArg] = process.argv.slice(2);
if (file === undefined) throw new Error("usage: profile-summary.ts <file.cpuprofile> [top]");
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMicros = new Map<number, number>();
for (const [i, id] of profile.samples.entries())
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));

const total = [...selfMicros.values()].reduce((a, b) => a + b, 0);
const idle = [...selfMicros]
  .filter(([id]) => byId.get(id)?.callFrame.functionName === "(idle)")
  .reduce((a, [, t]) => a + t, 0);
const busy = total - idle;
const perFunction = new Map<string, number>();
const perGroup = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  if (functionName === "(idle)") continue;
  const name = `${functionName || "(anonymous)"} ${url.split("/").slice(-2).join("/")}:${lineNumber + 1}`;
  perFunction.set(name, (perFunction.get(name) ?? 0) + micros);
  const group = groupOf(url, functionName);
  perGroup.set(group, (perGroup.get(group) ?? 0) + micros);
}

const pct = (micros: number): string => `${((100 * micros) / busy).toFixed(1).padStart(5)}%`;
console.log(`${file}: ${(busy / 1e3).toFixed(0)} ms busy of ${(total / 1e3).toFixed(0)} ms sampled`);
console.log("\nself time by module group (share of busy time):");
for (const [group, micros] of [...perGroup].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${pct(micros)}  ${group}`);
console.log("\nself time by function:");
for (const [name, micros] of [...perFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${pct(micros)}  ${name}`);
