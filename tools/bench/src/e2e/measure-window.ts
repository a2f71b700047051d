// The measured window of a throughput scenario: wall time, the server's CPU (from its own
// process.cpuUsage(), over IPC) and the load generator's own CPU, so a run can tell whether the
// server or the generator set the pace.
import { cpuSeconds, systemSeconds, type ServerProcess } from "./server-process.js";

export interface WindowResult {
  seconds: number;
  /** summed over the servers of the window */
  serverCpuSeconds: number;
  /** per server, in the order given to openWindow */
  serverCpuSecondsEach: number[];
  /** server CPU-s per second of window: below 1, the server was waiting */
  serverCores: number;
  /** kernel (system) share of the server's CPU */
  kernelShare: number;
  /** generator CPU-s per second of window: near 1, the generator's core was the limit */
  generatorCores: number;
}

/** Who set the pace of a window, reported beside every scenario's own figures. */
export function paceFigures(window: WindowResult): {
  serverCores: number;
  kernelShare: number;
  generatorCores: number;
} {
  return { serverCores: window.serverCores, kernelShare: window.kernelShare, generatorCores: window.generatorCores };
}

/** Opens a window over one server, or several (the nodes of a cluster: their CPU is summed). */
export async function openWindow(
  servers: ServerProcess | readonly ServerProcess[],
): Promise<() => Promise<WindowResult>> {
  const list = Array.isArray(servers) ? (servers as readonly ServerProcess[]) : [servers as ServerProcess];
  const before = await Promise.all(list.map((server) => server.cpu("open")));
  const generatorBefore = process.cpuUsage();
  const start = performance.now();
  return async () => {
    const seconds = (performance.now() - start) / 1000;
    const generator = process.cpuUsage(generatorBefore);
    const after = await Promise.all(list.map((server) => server.cpu("close")));
    const serverCpuSecondsEach = list.map((_, i) => cpuSeconds(before[i]!, after[i]!));
    const serverCpuSeconds = serverCpuSecondsEach.reduce((a, b) => a + b, 0);
    const kernelSeconds = list.reduce((sum, _, i) => sum + systemSeconds(before[i]!, after[i]!), 0);
    return {
      seconds,
      serverCpuSeconds,
      serverCpuSecondsEach,
      serverCores: serverCpuSeconds / seconds,
      kernelShare: kernelSeconds / serverCpuSeconds,
      generatorCores: (generator.user + generator.system) / 1e6 / seconds,
    };
  };
}
