// Internal wiring between a transport and its session: direct calls through one symbol-keyed
// reference instead of four listeners (and closures) per transport.
import type { Packet } from "@socketry/engine-parser";
import type { EngineError } from "./errors.js";
import type { Transport } from "./transport.js";

export const SINK = Symbol("socketry.engine.sink");
export const ON_PACKET = Symbol("socketry.engine.onPacket");
export const ON_ERROR = Symbol("socketry.engine.onError");
export const ON_DRAIN = Symbol("socketry.engine.onDrain");
export const ON_CLOSE = Symbol("socketry.engine.onClose");

export interface TransportSink {
  [ON_PACKET](transport: Transport, packet: Packet): void;
  [ON_ERROR](transport: Transport, error: EngineError): void;
  [ON_DRAIN](transport: Transport): void;
  [ON_CLOSE](transport: Transport): void;
}

/** Server -> session hooks that are not public API. */
export const CLOSE_WITH_REASON = Symbol("socketry.engine.closeWithReason");
export const START_UPGRADE = Symbol("socketry.engine.startUpgrade");
/** Session -> server: forget this closed session. */
export const REMOVE_CLIENT = Symbol("socketry.engine.removeClient");
/** Server -> session: the per-server state sessions share (see session-host.ts). */
export const SESSION_HOST = Symbol("socketry.engine.sessionHost");
/** attach -> server: the HTTP server closed; end the sessions, stay attached (it may listen again). */
export const CLOSE_SESSIONS = Symbol("socketry.engine.closeSessions");
