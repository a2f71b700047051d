// Starts one server child (pinned to core 0 with taskset when available), and talks to it over IPC.
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Implementation } from "./implementations.js";
import type { ServerReply, ServerRequest, WindowEdge } from "./ipc.js";
import { STEP_TIMEOUT_MS } from "./config.js";
import { withTimeout } from "./timeout.js";

const SERVER_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "server.ts");
/** The bench package: `--import tsx` resolves from the working directory, wherever the runner started. */
const BENCH_DIR = join(dirname(SERVER_SCRIPT), "..", "..");

export interface StartOptions {
  implementation: Implementation;
  flags: string[];
  /** core for the server, or undefined to run unpinned */
  core: number | undefined;
  /** socketry from dist/ instead of its TypeScript sources */
  fromDist: boolean;
  /** extra Node/V8 options for every server child (`--server-node-args`), e.g. a heap setting */
  nodeOptions?: string[];
}

export interface CpuSample {
  cpu: NodeJS.CpuUsage;
  clients: number;
  /** GC pauses so far, ms (servers started with --gc-stats; 0 otherwise) */
  gcMs: number;
}
export interface MemorySample {
  memory: NodeJS.MemoryUsage;
  clients: number;
}

export class ServerProcess {
  private nextId = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (reply: ServerReply) => void; reject: (error: Error) => void }
  >();
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly pid: number,
  ) {
    child.on("message", (reply: ServerReply) => {
      if (reply.type === "ready") return;
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      waiter?.resolve(reply);
    });
    child.once("exit", (code, signal) => {
      this.exited = true;
      // A crashed server fails the run at once instead of at the next request's timeout.
      for (const waiter of this.waiting.values())
        waiter.reject(new Error(`server exited (${signal ?? `code ${code}`})`));
      this.waiting.clear();
    });
  }

  static async start(options: StartOptions): Promise<ServerProcess> {
    const nodeArgs = [
      "--expose-gc",
      ...(options.nodeOptions ?? []),
      ...(options.fromDist ? [] : ["--conditions=socketry-source"]),
      "--import",
      "tsx",
      SERVER_SCRIPT,
      options.implementation,
      ...options.flags,
    ];
    const [command, args] =
      options.core === undefined
        ? [process.execPath, nodeArgs]
        : ["taskset", ["-c", String(options.core), process.execPath, ...nodeArgs]];
    const child = spawn(command, args, { cwd: BENCH_DIR, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    try {
      const ready = await withTimeout(
        new Promise<{ port: number; pid: number }>((resolve, reject) => {
          child.on("message", (reply: ServerReply) => {
            if (reply.type === "ready") resolve(reply);
          });
          child.once("exit", (code) =>
            reject(new Error(`${options.implementation} server exited with code ${code} before it was ready`)),
          );
          child.once("error", reject);
        }),
        STEP_TIMEOUT_MS,
        `${options.implementation} server start`,
      );
      return new ServerProcess(child, ready.port, ready.pid);
    } catch (error) {
      child.kill("SIGKILL");
      throw error;
    }
  }

  private ask(type: "cpu" | "memory", window?: WindowEdge): Promise<ServerReply> {
    const id = this.nextId++;
    if (this.exited) return Promise.reject(new Error(`server exited before the ${type} request`));
    const answer = new Promise<ServerReply>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.child.send((type === "cpu" ? { type, id, window } : { type, id }) satisfies ServerRequest);
    return withTimeout(answer, STEP_TIMEOUT_MS, `server ${type} request`);
  }

  /** `window`: this sample opens or closes a measured window (a profiled run profiles those only). */
  async cpu(window?: WindowEdge): Promise<CpuSample> {
    const reply = await this.ask("cpu", window);
    if (reply.type !== "cpu") throw new Error(`expected a cpu reply, got ${reply.type}`);
    return { cpu: reply.cpu, clients: reply.clients, gcMs: reply.gcMs };
  }

  async memory(): Promise<MemorySample> {
    const reply = await this.ask("memory");
    if (reply.type !== "memory") throw new Error(`expected a memory reply, got ${reply.type}`);
    return { memory: reply.memory, clients: reply.clients };
  }

  /** Asks the child to exit; kills it if it has not within 5 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    if (this.child.connected) this.child.send({ type: "exit" } satisfies ServerRequest);
    try {
      await withTimeout(exited, 5000, "server exit");
    } catch {
      this.child.kill("SIGKILL");
      await withTimeout(exited, 5000, "server kill").catch(() => undefined);
    }
  }
}

/** Server CPU seconds (user + system) between two samples. */
export function cpuSeconds(before: CpuSample, after: CpuSample): number {
  return (after.cpu.user - before.cpu.user + after.cpu.system - before.cpu.system) / 1e6;
}

/** Server CPU seconds spent in the kernel between two samples (on loopback that includes the peer's TCP receive work). */
export function systemSeconds(before: CpuSample, after: CpuSample): number {
  return (after.cpu.system - before.cpu.system) / 1e6;
}
