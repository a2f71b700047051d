// The measured window of a throughput scenario: wall time, the server's CPU (from its own
// process.cpuUsage(), over IPC) and the load generator's own CPU, so a run can tell whether the
// server or the generator set the pace.
import { cpuSeconds, systemShare, type ServerProcess } from "./server-process.js";

export interface WindowResult {
  seconds: number;
  serverCpuSeconds: number;
  /** server CPU-s per second of window: below 1, the server was waiting */
  serverCores: number;
  /** kernel (system) share of the server's CPU */
  kernelShare: number;
  /** generator CPU-s per second of window: near 1, the generator's core was the limit */
  generatorCores: number;
}

export async function openWindow(server: ServerProcess): Promise<() => Promise<WindowResult>> {
  const before = await server.cpu();
  const generatorBefore = process.cpuUsage();
  const start = performance.now();
  return async () => {
    const seconds = (performance.now() - start) / 1000;
    const generator = process.cpuUsage(generatorBefore);
    const after = await server.cpu();
    const serverCpuSeconds = cpuSeconds(before, after);
    return {
      seconds,
      serverCpuSeconds,
      serverCores: serverCpuSeconds / seconds,
      kernelShare: systemShare(before, after),
      generatorCores: (generator.user + generator.system) / 1e6 / seconds,
    };
  };
}
