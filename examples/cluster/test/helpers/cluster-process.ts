// Runs the example (`src/primary.js`) as a child process, from the TypeScript sources of the
// workspace packages (the "socketry-source" condition and tsx), so no build is needed.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort, terminate, waitForOutput } from "./processes.js";

export const EXAMPLE_DIR = fileURLToPath(new URL("../../", import.meta.url));
const READY_TIMEOUT_MS = 20_000;

export interface ClusterProcess {
  url: string;
  /** The primary process (leader of its own process group; the workers belong to that group). */
  process: ChildProcess;
  /** The worker pids the primary announced when every worker was ready. */
  workerPids: number[];
  /** Everything the cluster printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  redisUrl: string;
  workers: number;
  /** the ADAPTER of the example: "pubsub" (default) or "streams" (with connection state recovery) */
  adapter?: "pubsub" | "streams";
}

export async function startCluster({ redisUrl, workers, adapter = "pubsub" }: ClusterOptions): Promise<ClusterProcess> {
  const port = await freePort();
  const child = spawn("node", ["--conditions=socketry-source", "--import", "tsx", "src/primary.js"], {
    cwd: EXAMPLE_DIR,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      WORKERS: String(workers),
      REDIS_URL: redisUrl,
      ADAPTER: adapter,
    },
    // Its own process group, so that one signal reaches the primary and every worker.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const record = (chunk: Buffer) => (output += chunk.toString());
  child.stdout.on("data", record);
  child.stderr.on("data", record);
  const stop = () => terminate(child, { group: true, graceMs: 8000 });
  try {
    await waitForOutput(child, "cluster ready on", READY_TIMEOUT_MS);
  } catch (error) {
    await stop();
    throw error;
  }
  const announced = /cluster ready on \S+ \(workers ([\d, ]+);/.exec(output);
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    workerPids: announced ? announced[1]!.split(", ").map(Number) : [],
    output: () => output,
    stop,
  };
}
