// Small process helpers for the cluster test: free ports, bounded waits for output and exits,
// and a check that no process we started is still alive.
import { execFile, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** A port that was free on 127.0.0.1 a moment ago (bound with port 0, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves when `child` has printed `text` (stdout or stderr); rejects on exit or after `timeoutMs`. */
export function waitForOutput(child: ChildProcess, text: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const finish = (error?: Error) => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.stderr?.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
      if (error) reject(error);
      else resolve(output);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(text)) finish();
    };
    const onExit = (code: number | null, signal: string | null) =>
      finish(new Error(`process exited (${signal ?? code}) before printing "${text}":\n${output}`));
    const onError = (error: Error) => finish(new Error(`process failed before printing "${text}": ${error.message}`));
    const timer = setTimeout(() => finish(new Error(`no "${text}" within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
  });
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves true once `child` has exited, false if it is still running after `timeoutMs`. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off("exit", onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once("exit", onExit);
  });
}

/**
 * Sends SIGTERM (to the whole process group when `group` is set: the child was spawned detached),
 * then SIGKILL if it has not exited after `graceMs`.
 */
export async function terminate(child: ChildProcess, { group = false, graceMs = 5000 } = {}): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      if (group && child.pid !== undefined) process.kill(-child.pid, name);
      else child.kill(name);
    } catch {
      // Already gone (ESRCH): nothing to signal.
    }
  };
  if (!hasExited(child)) {
    signal("SIGTERM");
    if (await waitForExit(child, graceMs)) return;
  }
  // Also reached when the group leader is gone but a member lingers.
  signal("SIGKILL");
  await waitForExit(child, graceMs);
}

/** The pids whose command line matches `pattern` (`pgrep -f`); empty when none does. */
export function pgrep(pattern: string): Promise<number[]> {
  return new Promise((resolve, reject) => {
    execFile("pgrep", ["-f", pattern], { timeout: 5000 }, (error, stdout) => {
      // pgrep exits with 1 when nothing matches.
      if (error && (error as { code?: unknown }).code !== 1) return reject(error);
      resolve(stdout.split("\n").filter(Boolean).map(Number));
    });
  });
}
