// The checks every engine request passes before it reaches a session or a handshake, in the order
// the official engine applies them (transport, origin, session, method, allowRequest, then the
// protocol version of a handshake). The answer is a tagged verdict: refuse (with the protocol's
// error code and the official context name), join an open session, open a new one, or ask the
// user's `allowRequest` first.
import type { ProtocolVersion } from "./codec.js";
import { errors, type ConnectionErrorContext, type ProtocolErrorCode } from "./errors.js";
import { hasInvalidHeaderChar, type EngineRequest, type RouteQuery } from "./request.js";
import type { Socket } from "./socket.js";
import type { TransportClass } from "./transport.js";

export interface Refusal {
  readonly kind: "refuse";
  readonly code: ProtocolErrorCode;
  readonly context: ConnectionErrorContext;
}

export type Verdict =
  | Refusal
  /** A request (or an upgrade) of the open session `session`. */
  | { readonly kind: "join"; readonly session: Socket }
  /** A handshake for a new session speaking `protocol`. */
  | { readonly kind: "handshake"; readonly protocol: ProtocolVersion }
  /** A handshake the user's `allowRequest` must see before the protocol check (see `askAllowRequest`). */
  | { readonly kind: "ask" };

/** What verification needs from the server. */
export interface VerifyHost {
  readonly opts: { readonly allowEIO3: boolean; readonly allowRequest?: AllowRequestHook | undefined };
  findClient(sid: string): Socket | undefined;
  upgrades(transportName: string): string[];
}

type AllowRequestHook = (
  request: EngineRequest,
  callback: (message: string | null | undefined, success: boolean) => void,
) => void;

const HANDSHAKE_V3: Verdict = Object.freeze({ kind: "handshake", protocol: 3 });
const HANDSHAKE_V4: Verdict = Object.freeze({ kind: "handshake", protocol: 4 });
const ASK: Verdict = Object.freeze({ kind: "ask" });

export function refusal(code: ProtocolErrorCode, context: ConnectionErrorContext): Refusal {
  return { kind: "refuse", code, context };
}

/** Every check that needs no callback, synchronously (no closure per request). */
export function verify(
  server: VerifyHost,
  transports: ReadonlyMap<string, TransportClass>,
  req: EngineRequest,
  query: RouteQuery,
  upgrade: boolean,
): Verdict {
  const transport = query.transport ?? null;
  const cls = transport === null ? undefined : transports.get(transport);
  if (transport === null || cls === undefined) {
    return refusal(errors.UNKNOWN_TRANSPORT, { name: "TRANSPORT_UNKNOWN", transport });
  }
  const origin = req.headers.origin;
  if (typeof origin === "string" && hasInvalidHeaderChar(origin)) {
    return refusal(errors.BAD_REQUEST, { name: "INVALID_ORIGIN", origin });
  }
  const sid = query.sid;
  if (sid !== undefined) {
    const session = server.findClient(sid);
    if (session === undefined) return refusal(errors.UNKNOWN_SID, { name: "UNKNOWN_SID", sid });
    // Requests of an open session speak the session's protocol (EIO is only read at handshake).
    const current = session.transport.name;
    if (!upgrade && current !== transport) {
      return refusal(errors.BAD_REQUEST, { name: "TRANSPORT_MISMATCH", transport, previousTransport: current });
    }
    if (upgrade && !server.upgrades(current).includes(transport)) {
      return refusal(errors.BAD_REQUEST, { name: "UPGRADE_NOT_ALLOWED", transport, previousTransport: current });
    }
    return { kind: "join", session };
  }

  if (req.method !== "GET") {
    return refusal(errors.BAD_HANDSHAKE_METHOD, { name: "BAD_HANDSHAKE_METHOD", method: req.method });
  }
  // A WebSocket handshake over plain HTTP, or a polling handshake sent as an upgrade.
  if (cls.handlesUpgrades !== upgrade) {
    return refusal(errors.BAD_REQUEST, { name: "TRANSPORT_HANDSHAKE_ERROR", transport });
  }
  if (server.opts.allowRequest !== undefined) return ASK;
  return handshakeProtocol(server, query);
}

/** A handshake after `verify` said "ask": the user's verdict, then the protocol check. */
export function askAllowRequest(
  server: VerifyHost,
  req: EngineRequest,
  query: RouteQuery,
  then: (verdict: Verdict) => void,
): void {
  let answered = false;
  (server.opts.allowRequest as AllowRequestHook)(req, (message, success) => {
    if (answered) return;
    answered = true;
    if (success) {
      then(handshakeProtocol(server, query));
      return;
    }
    const context: ConnectionErrorContext = { name: "FORBIDDEN" };
    if (typeof message === "string" && message !== "") context.message = message;
    then(refusal(errors.FORBIDDEN, context));
  });
}

/**
 * The handshake's protocol: `EIO=4` is v4; no `EIO` or `EIO=3` is v3, accepted with allowEIO3 (as
 * on the official server). socketry is stricter on anything else (`EIO=5`, `EIO=x`): refused, where
 * the official server would take it for v3.
 */
function handshakeProtocol(server: VerifyHost, query: RouteQuery): Verdict {
  const eio = query.EIO;
  if (eio === "4") return HANDSHAKE_V4;
  if ((eio === undefined || eio === "3") && server.opts.allowEIO3) return HANDSHAKE_V3;
  const asNumber = eio === undefined ? 3 : Number(eio);
  const protocol = eio === undefined || (eio !== "" && Number.isInteger(asNumber)) ? asNumber : eio;
  return refusal(errors.UNSUPPORTED_PROTOCOL_VERSION, { name: "UNSUPPORTED_PROTOCOL_VERSION", protocol });
}
