// Self size and object count per kind of a V8 .heapsnapshot, the shared reading of heap-summary.ts
// and heap-diff.ts: strings, numbers, hidden and code by kind only; objects, closures and arrays
// by constructor or function name.
import { readFileSync } from "node:fs";

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapKinds {
  bytes: Map<string, number>;
  counts: Map<string, number>;
  total: number;
}

const BY_KIND_ONLY = new Set(["string", "concatenated string", "sliced string", "number", "hidden", "code"]);

export function readHeapKinds(file: string): HeapKinds {
  const heap = JSON.parse(readFileSync(file, "utf8")) as HeapSnapshot;
  const fields = heap.snapshot.meta.node_fields;
  const typeNames = heap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const kinds: HeapKinds = { bytes: new Map(), counts: new Map(), total: 0 };
  for (let i = 0; i < heap.nodes.length; i += fields.length) {
    const type = typeNames[heap.nodes[i + typeAt]!]!;
    const size = heap.nodes[i + sizeAt]!;
    const key = BY_KIND_ONLY.has(type) ? type : `${type}:${heap.strings[heap.nodes[i + nameAt]!]!.slice(0, 60)}`;
    kinds.bytes.set(key, (kinds.bytes.get(key) ?? 0) + size);
    kinds.counts.set(key, (kinds.counts.get(key) ?? 0) + 1);
    kinds.total += size;
  }
  return kinds;
}
