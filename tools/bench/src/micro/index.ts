// Micro-benchmark harness: runs each suite's rows (socketry vs the official package, same work)
// with tinybench in two rounds of opposite order, and prints ops/s and the ratio socketry/official.
// Usage: pnpm bench [suite ...]   (default: every suite in this folder)
import { readdirSync } from "node:fs";
import { basename, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Bench } from "tinybench";

export interface MicroRow {
  name: string;
  socketry: () => unknown;
  official: () => unknown;
}

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.env.BENCH_QUICK === "1";
const CALLS_PER_SAMPLE = 50;
const requested = process.argv.slice(2);
const suites = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== "index.ts")
  .map((f) => basename(f, ".ts"))
  .filter((s) => requested.length === 0 || requested.includes(s));

const rows: Array<{ suite: string; name: string; socketry: number; official: number }> = [];
for (const suite of suites) {
  const mod = (await import(pathToFileURL(`${here}/${suite}.ts`).href)) as { default: MicroRow[] };
  for (const row of mod.default) {
    // Same result from both sides is the precondition for comparing their speed.
    row.socketry();
    row.official();
    const totals = { socketry: 0, official: 0 };
    // Two rounds in opposite order (A B, then B A) so neither side always runs on a warmer JIT/GC state.
    for (const order of [
      ["socketry", "official"],
      ["official", "socketry"],
    ] as const) {
      const bench = new Bench({ time: quick ? 150 : 500, warmupTime: quick ? 50 : 150 });
      for (const side of order) {
        const fn = row[side];
        // Many calls per sample: a single 20-40 ns call would be lost in the per-sample timer cost.
        bench.add(side, () => {
          for (let i = 0; i < CALLS_PER_SAMPLE; i++) fn();
        });
      }
      await bench.run();
      for (const task of bench.tasks) {
        const result = task.result;
        const mean = result && "throughput" in result ? result.throughput.mean : 0;
        totals[task.name as keyof typeof totals] += (mean * CALLS_PER_SAMPLE) / 2;
      }
    }
    rows.push({ suite, name: row.name, ...totals });
    process.stderr.write(".");
  }
}
process.stderr.write("\n");

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
console.log("| suite | case | socketry ops/s | official ops/s | ratio |");
console.log("|---|---|---:|---:|---:|");
for (const r of rows) {
  const ratio = r.official > 0 ? (r.socketry / r.official).toFixed(2) + "x" : "n/a";
  console.log(`| ${r.suite} | ${r.name} | ${fmt(r.socketry)} | ${fmt(r.official)} | ${ratio} |`);
}
