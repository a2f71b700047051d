// The checks every engine request passes before it reaches a session or a handshake, in the order
// the official engine applies them (transport, origin, session, method, allowRequest, then the
// protocol version of a handshake); each failure names its protocol error code and precise cause.
import type { ProtocolVersion } from "./codec.js";
import { errors, type ConnectionErrorContext, type ProtocolErrorCode } from "./errors.js";
import { hasInvalidHeaderChar, type EngineRequest } from "./request.js";
import type { Server } from "./server.js";
import type { TransportClass } from "./transport.js";

export interface Rejection {
  code: ProtocolErrorCode;
  context: ConnectionErrorContext;
}

type Verdict = (rejection: Rejection | null, protocol: ProtocolVersion) => void;

export function verifyRequest(
  server: Server,
  transports: ReadonlyMap<string, TransportClass>,
  req: EngineRequest,
  query: URLSearchParams,
  upgrade: boolean,
  verdict: Verdict,
): void {
  const transport = query.get("transport");
  if (transport === null || !transports.has(transport)) {
    return verdict({ code: errors.UNKNOWN_TRANSPORT, context: { name: "TRANSPORT_UNKNOWN", transport } }, 4);
  }
  const origin = req.headers.origin;
  if (typeof origin === "string" && hasInvalidHeaderChar(origin)) {
    return verdict({ code: errors.BAD_REQUEST, context: { name: "INVALID_ORIGIN", origin } }, 4);
  }
  const sid = query.get("sid");
  if (sid !== null) {
    const client = server.findClient(sid);
    if (client === undefined) return verdict({ code: errors.UNKNOWN_SID, context: { name: "UNKNOWN_SID", sid } }, 4);
    // Requests of an open session speak the session's protocol (EIO is only read at handshake).
    const protocol = client.protocol;
    const current = client.transport.name;
    if (!upgrade && current !== transport) {
      return verdict({ code: errors.BAD_REQUEST, context: { name: "TRANSPORT_MISMATCH", transport, previousTransport: current } }, protocol);
    }
    if (upgrade && !server.upgrades(current).includes(transport)) {
      return verdict({ code: errors.BAD_REQUEST, context: { name: "UPGRADE_NOT_ALLOWED", transport, previousTransport: current } }, protocol);
    }
    return verdict(null, protocol);
  }

  if (req.method !== "GET") {
    return verdict({ code: errors.BAD_HANDSHAKE_METHOD, context: { name: "BAD_HANDSHAKE_METHOD", method: req.method } }, 4);
  }
  if (!upgrade && (transports.get(transport) as TransportClass).handlesUpgrades) {
    return verdict({ code: errors.BAD_REQUEST, context: { name: "TRANSPORT_MISMATCH", transport } }, 4);
  }
  const checkProtocol = () => {
    const eio = query.get("EIO");
    const protocol: ProtocolVersion | null = eio === "4" ? 4 : eio === "3" && server.opts.allowEIO3 ? 3 : null;
    if (protocol === null) {
      return verdict({ code: errors.UNSUPPORTED_PROTOCOL_VERSION, context: { name: "UNSUPPORTED_PROTOCOL_VERSION", protocol: eio } }, 4);
    }
    verdict(null, protocol);
  };
  const allowRequest = server.opts.allowRequest;
  if (allowRequest === undefined) return checkProtocol();
  let answered = false;
  allowRequest(req, (message, success) => {
    if (answered) return;
    answered = true;
    if (success) return checkProtocol();
    const context: ConnectionErrorContext = { name: "FORBIDDEN" };
    if (typeof message === "string" && message !== "") context.message = message;
    verdict({ code: errors.FORBIDDEN, context }, 4);
  });
}
