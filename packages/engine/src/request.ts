// Reading what the engine needs from a request, and answering a rejected one in the protocol's shape.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { errorMessages, statusOf, type ProtocolErrorCode } from "./errors.js";
import { parsePlainQuery, queryStringOf } from "./query.js";

export type EngineRequest = IncomingMessage & {
  /** The query as a plain object, as engine.io exposes it (tools read it). */
  _query?: Record<string, string>;
};

/**
 * The session id a handshake request is about to get, for the cookie/initial_headers hook. Kept
 * beside the request, not on it: adding properties to a retained request costs memory per session.
 */
export const handshakeSids = new WeakMap<IncomingMessage, string>();

/**
 * What routing reads from a request's query, copied out before any user code (allowRequest, a
 * middleware) can see `req._query`: changing that object cannot re-route a request the checks
 * already passed. A repeated key means its last value, and an empty `sid` means none, as on the
 * official server.
 */
export interface RouteQuery {
  transport: string | undefined;
  sid: string | undefined;
  EIO: string | undefined;
}

/** Parses the query once; also exposed as `req._query` (engine.io's shape) unless a middleware set one. */
export function parseQuery(request: EngineRequest): RouteQuery {
  const query = parsePlainQuery(queryStringOf(request.url));
  if (request._query === undefined) request._query = query;
  return { transport: query.transport, sid: query.sid === "" ? undefined : query.sid, EIO: query.EIO };
}

/** Answers a rejected HTTP request: the official status and JSON body `{ code, message }`. */
export function abortRequest(response: ServerResponse, code: ProtocolErrorCode, message: string | undefined): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const body = JSON.stringify({ code, message: message ?? errorMessages[code] });
  response.writeHead(statusOf(code), { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  response.end(body);
}

/** Refuses an HTTP upgrade on the raw socket (there is no response object yet) and destroys it. */
export function abortUpgrade(socket: Duplex, code: ProtocolErrorCode, message: string | undefined): void {
  socket.on("error", ignoreError);
  if (socket.writable) {
    const text = message ?? errorMessages[code];
    const status = statusOf(code);
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/html\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
    );
  }
  socket.destroy();
}

function ignoreError(): void {}

/** Characters that may not appear in a header value (an `Origin` with them is a bad request). */
export function hasInvalidHeaderChar(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || c > 0xff) return true;
  }
  return false;
}
