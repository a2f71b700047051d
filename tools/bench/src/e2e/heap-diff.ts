// What one server keeps per connection that another does not: the self size and object count per
// kind in two .heapsnapshot files (from `bench:e2e --profile`, idle-memory scenarios, same client
// count), their difference divided by the connections, largest first. It found, for instance, the
// listener tables in Node's dictionary form (array:(object properties)) and the second Set per socket.
// Usage: pnpm --filter @socketry/bench run bench:e2e:heap-diff <a.heapsnapshot> <b.heapsnapshot> [connections] [top]
import { readHeapKinds } from "./heap-kinds.js";

const [fileA, fileB, connectionsArg, topArg] = process.argv.slice(2);
if (fileA === undefined || fileB === undefined) {
  throw new Error("usage: heap-diff.ts <a.heapsnapshot> <b.heapsnapshot> [connections] [top]");
}
const connections = Number(connectionsArg ?? 5000);
const top = Number(topArg ?? 40);
const [a, b] = [readHeapKinds(fileA), readHeapKinds(fileB)];
const keys = new Set([...a.bytes.keys(), ...b.bytes.keys()]);
const rows = [...keys].map((key) => ({
  key,
  bytes: ((a.bytes.get(key) ?? 0) - (b.bytes.get(key) ?? 0)) / connections,
  objects: ((a.counts.get(key) ?? 0) - (b.counts.get(key) ?? 0)) / connections,
}));
rows.sort((x, y) => Math.abs(y.bytes) - Math.abs(x.bytes));
console.log(
  `${fileA} minus ${fileB}, per connection (÷ ${connections}): ${((a.total - b.total) / connections).toFixed(0)} bytes in all`,
);
console.log("bytes/conn  objects/conn  kind");
for (const row of rows.slice(0, top)) {
  console.log(`${row.bytes.toFixed(0).padStart(10)}  ${row.objects.toFixed(2).padStart(12)}  ${row.key}`);
}
