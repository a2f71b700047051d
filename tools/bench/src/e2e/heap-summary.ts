// Summarises a V8 .heapsnapshot (from `bench:e2e --profile`, idle-memory scenarios): self size by
// object kind ("Object:Socket", "closure:onData", "string", …), divided by the number of
// connections, so the per-connection budget can be read off by category.
// Usage: pnpm --filter @socketry/bench run bench:e2e:heap-summary <file.heapsnapshot> [connections] [top]
import { readFileSync } from "node:fs";

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

const [file, connectionsArg, topArg] = process.argv.slice(2);
if (file === undefined) throw new Error("usage: heap-summary.ts <file.heapsnapshot> [connections] [top]");
const connections = Number(connectionsArg ?? 5000);
const top = Number(topArg ?? 30);
const heap = JSON.parse(readFileSync(file, "utf8")) as HeapSnapshot;
const fields = heap.snapshot.meta.node_fields;
const typeNames = heap.snapshot.meta.node_types[0];
const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f)) as [
  number,
  number,
  number,
];

const bytes = new Map<string, number>();
const counts = new Map<string, number>();
let total = 0;
for (let i = 0; i < heap.nodes.length; i += fields.length) {
  const type = typeNames[heap.nodes[i + typeAt]!]!;
  const size = heap.nodes[i + sizeAt]!;
  // Strings and numbers by kind only; objects, closures and arrays by constructor / function name.
  const key = ["string", "concatenated string", "sliced string", "number", "hidden", "code"].includes(type)
    ? type
    : `${type}:${heap.strings[heap.nodes[i + nameAt]!]!.slice(0, 60)}`;
  bytes.set(key, (bytes.get(key) ?? 0) + size);
  counts.set(key, (counts.get(key) ?? 0) + 1);
  total += size;
}
console.log(`${file}: ${(total / 2 ** 20).toFixed(1)} MiB of self sizes; per connection below (÷ ${connections})`);
console.log("bytes/conn  objects/conn  kind");
for (const [key, size] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(
    `${(size / connections).toFixed(0).padStart(10)}  ${((counts.get(key) ?? 0) / connections).toFixed(2).padStart(12)}  ${key}`,
  );
}
