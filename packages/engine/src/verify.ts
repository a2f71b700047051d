// The checks every engine request passes before it reaches a session or a handshake, in the order
// the official engine applies them (transport, origin, session, method, allowRequest, then the
// protocol version of a handshake); each failure names its protocol error code and precise cause.
import type { ProtocolVersion } from "./codec.js";
import { errors, type ConnectionErrorContext, type ProtocolErrorCode } from "./errors.js";
import { hasInvalidHeaderChar, type EngineRequest, type RouteQuery } from "./request.js";
import type { Server } from "./server.js";
import type { TransportClass } from "./transport.js";

export interface Rejection {
  code: ProtocolErrorCode;
  context: ConnectionErrorContext;
}

type Verdict = (rejection: Rejection | null, protocol: ProtocolVersion) => void;

/** `checkRequest`'s answer when the user's `allowRequest` has to decide (see `askAllowRequest`). */
export const ASK_ALLOW_REQUEST: unique symbol = Symbol("askAllowRequest");

/**
 * Every check that needs no callback, synchronously (no closure per request): a rejection, the
 * protocol version the request speaks, or ASK_ALLOW_REQUEST for a handshake the user's
 * `allowRequest` must see first.
 */
export function checkRequest(
  server: Server,
  transports: ReadonlyMap<string, TransportClass>,
  req: EngineRequest,
  query: RouteQuery,
  upgrade: boolean,
): Rejection | ProtocolVersion | typeof ASK_ALLOW_REQUEST {
  const transport = query.transport ?? null;
  if (transport === null || !transports.has(transport)) {
    return { code: errors.UNKNOWN_TRANSPORT, context: { name: "TRANSPORT_UNKNOWN", transport } };
  }
  const origin = req.headers.origin;
  if (typeof origin === "string" && hasInvalidHeaderChar(origin)) {
    return { code: errors.BAD_REQUEST, context: { name: "INVALID_ORIGIN", origin } };
  }
  const sid = query.sid;
  if (sid !== undefined) {
    const client = server.findClient(sid);
    if (client === undefined) return { code: errors.UNKNOWN_SID, context: { name: "UNKNOWN_SID", sid } };
    // Requests of an open session speak the session's protocol (EIO is only read at handshake).
    const current = client.transport.name;
    if (!upgrade && current !== transport) {
      return { code: errors.BAD_REQUEST, context: { name: "TRANSPORT_MISMATCH", transport, previousTransport: current } };
    }
    if (upgrade && !server.upgrades(current).includes(transport)) {
      return { code: errors.BAD_REQUEST, context: { name: "UPGRADE_NOT_ALLOWED", transport, previousTransport: current } };
    }
    return client.protocol;
  }

  if (req.method !== "GET") {
    return { code: errors.BAD_HANDSHAKE_METHOD, context: { name: "BAD_HANDSHAKE_METHOD", method: req.method } };
  }
  if (!upgrade && (transports.get(transport) as TransportClass).handlesUpgrades) {
    return { code: errors.BAD_REQUEST, context: { name: "TRANSPORT_MISMATCH", transport } };
  }
  if (server.opts.allowRequest !== undefined) return ASK_ALLOW_REQUEST;
  return handshakeProtocol(server, query);
}

/** A handshake after `checkRequest` said ASK_ALLOW_REQUEST: the user's verdict, then the protocol check. */
export function askAllowRequest(server: Server, req: EngineRequest, query: RouteQuery, verdict: Verdict): void {
  let answered = false;
  (server.opts.allowRequest as NonNullable<Server["opts"]["allowRequest"]>)(req, (message, success) => {
    if (answered) return;
    answered = true;
    if (success) {
      const checked = handshakeProtocol(server, query);
      if (typeof checked === "number") verdict(null, checked);
      else verdict(checked, 4);
      return;
    }
    const context: ConnectionErrorContext = { name: "FORBIDDEN" };
    if (typeof message === "string" && message !== "") context.message = message;
    verdict({ code: errors.FORBIDDEN, context }, 4);
  });
}

/** The handshake's `EIO` version, if this server speaks it. */
function handshakeProtocol(server: Server, query: RouteQuery): Rejection | ProtocolVersion {
  const eio = query.EIO ?? null;
  if (eio === "4") return 4;
  if (eio === "3" && server.opts.allowEIO3) return 3;
  return { code: errors.UNSUPPORTED_PROTOCOL_VERSION, context: { name: "UNSUPPORTED_PROTOCOL_VERSION", protocol: eio } };
}
