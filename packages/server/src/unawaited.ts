// Adapter methods the server calls without waiting for them (init, join, leaveAll, persistSession,
// the operators' room and disconnect requests) may be async in third-party adapters. A rejection
// there (its Redis is down, say) must not become an unhandled rejection, which ends the process:
// it is logged. The official server leaves them unhandled.
import { logNamespace } from "./log.js";
import { isThenable } from "./thenable.js";

/** A namespace name, or an adapter (one built on socket.io-adapter keeps its namespace). */
type Where = string | object;

export function unawaited(result: unknown, what: string, where: Where): void {
  if (!isThenable(result)) return;
  result.then(undefined, (err: unknown) => {
    const nsp = typeof where === "string" ? where : ((where as { nsp?: { name?: string } }).nsp?.name ?? "?");
    logNamespace("%s: the adapter's %s failed: %s", nsp, what, (err as Error)?.message ?? String(err));
  });
}
