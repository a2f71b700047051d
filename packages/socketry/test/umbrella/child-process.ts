// Fixtures run as child processes with plain `node` (no source condition, so the BUILT package,
// dist/, is what they load), and the JSON lines they print.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { withTimeout } from "./helpers.js";

export const FIXTURES_DIR = fileURLToPath(new URL("./fixtures/", import.meta.url));

export interface Child {
  child: ChildProcess;
  lines: AsyncIterator<string>;
  exit: Promise<number | null>;
  stderr: () => string;
}

/** Starts `fixtures/<fixture>` and reads its stdout line by line. */
export function startChild(fixture: string): Child {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [join(FIXTURES_DIR, fixture)], {
    cwd: join(FIXTURES_DIR, ".."),
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return { child, lines, exit, stderr: () => stderr };
}

/** The child's next line, parsed; fails with its stderr when it ended without one. */
export async function nextJson<T>(lines: AsyncIterator<string>, stderr: () => string): Promise<T> {
  const line = await withTimeout(lines.next(), 10_000, "a line from the child process");
  if (line.done) throw new Error(`the child process ended without output; stderr:\n${stderr()}`);
  return JSON.parse(line.value) as T;
}
