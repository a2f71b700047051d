// Event names the server emits itself: user code may not emit them and a client may not send them.
// The list is the default parser's, so the codec and the server can never disagree on it.
import { RESERVED_EVENTS } from "@socketry/parser";
import { serverError } from "./errors.js";

export { RESERVED_EVENTS };

/**
 * A namespace's own lifecycle events: a server-side emit (which other servers re-emit on their
 * namespace) may not carry them, or it could fake a connection there.
 */
export const NAMESPACE_RESERVED_EVENTS: ReadonlySet<string> = new Set(["connect", "connection", "new_namespace"]);

/** Throws a coded error when user code emits a reserved event name. */
export function assertEmittable(ev: unknown): void {
  if (typeof ev === "string" && RESERVED_EVENTS.has(ev)) {
    throw serverError("ERR_SERVER_RESERVED_EVENT", `"${ev}" is a reserved event name`);
  }
}

/** serverSideEmit(): neither a socket's nor a namespace's reserved names. */
export function assertServerSideEmittable(ev: unknown): void {
  assertEmittable(ev);
  if (typeof ev === "string" && NAMESPACE_RESERVED_EVENTS.has(ev)) {
    throw serverError("ERR_SERVER_RESERVED_EVENT", `"${ev}" is a reserved event name`);
  }
}

/** True for a server-side event from another server that must not be re-emitted locally. */
export function isReservedServerSide(ev: unknown): boolean {
  return typeof ev === "string" && (RESERVED_EVENTS.has(ev) || NAMESPACE_RESERVED_EVENTS.has(ev));
}

/** True for an incoming event name the server must drop (a client cannot fake lifecycle events). */
export function isReservedIncoming(ev: unknown): boolean {
  return typeof ev === "string" && RESERVED_EVENTS.has(ev);
}

/**
 * EventEmitter itself emits "newListener"/"removeListener" through this.emit() when someone
 * listens to them: those calls stay local (they are never sent to a client).
 */
export function isEmitterMetaEvent(ev: unknown): ev is "newListener" | "removeListener" {
  return ev === "newListener" || ev === "removeListener";
}
