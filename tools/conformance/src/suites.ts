// The suites the gate runs: each is one invocation of ../shared/conformance/run.

export interface Suite {
  /** Key in floor.json and name of its passing list. */
  readonly name: string;
  /** The suite name ../shared/conformance/run takes. */
  readonly runs: string;
  /** Extra environment for the runner (e.g. a Redis Cluster). */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Internal module paths of the official package that its tests load directly, mapped to files
   * of ours (relative to the repository's root); handed to the kit as its IMPL_MAP.
   */
  readonly implMap?: Readonly<Record<string, string>>;
}

export const SUITES: readonly Suite[] = [
  { name: "engine-parser", runs: "engine-parser" },
  { name: "parser", runs: "parser" },
  { name: "msgpack-parser", runs: "msgpack-parser" },
  { name: "adapter", runs: "adapter" },
  // engine.io's test/parser.js loads engine.io's bundled protocol 3 codec (engine.io-parser 2.x)
  {
    name: "engine",
    runs: "engine",
    implMap: { "build/parser-v3/index.js": "packages/engine-parser/dist/cjs/v3/index.js" },
  },
  { name: "socket.io", runs: "socket.io" },
  // with a 6-node Redis Cluster beside the standalone server: the same run also holds the cluster variants
  { name: "redis-adapter", runs: "redis-adapter", env: { REDIS_CLUSTER: "1" } },
];

export function findSuite(name: string): Suite {
  const suite = SUITES.find((s) => s.name === name);
  if (!suite) throw new Error(`unknown conformance suite "${name}" (known: ${SUITES.map((s) => s.name).join(", ")})`);
  return suite;
}
