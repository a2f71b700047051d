// Summarises a V8 .heapsnapshot (from `bench:e2e --profile`, idle-memory scenarios): self size by
// object kind ("Object:Socket", "closure:onData", "string", …), divided by the number of
// connections, so the per-connection budget can be read off by category.
// Usage: pnpm --filter @socketry/bench run bench:e2e:heap-summary <file.heapsnapshot> [connections] [top]
import { readHeapKinds } from "./heap-kinds.js";

const [file, connectionsArg, topArg] = process.argv.slice(2);
if (file === undefined) throw new Error("usage: heap-summary.ts <file.heapsnapshot> [connections] [top]");
const connections = Number(connectionsArg ?? 5000);
const top = Number(topArg ?? 30);
const { bytes, counts, total } = readHeapKinds(file);
console.log(`${file}: ${(total / 2 ** 20).toFixed(1)} MiB of self sizes; per connection below (÷ ${connections})`);
console.log("bytes/conn  objects/conn  kind");
for (const [key, size] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(
    `${(size / connections).toFixed(0).padStart(10)}  ${((counts.get(key) ?? 0) / connections).toFixed(2).padStart(12)}  ${key}`,
  );
}
