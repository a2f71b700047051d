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
 * What routing reads from a request's query, copied out of `req._query` right after `prepare()`,
 * before any other user code (a middleware, allowRequest) runs: changing that object cannot
 * re-route a request. A repeated key means its last value, and an empty `sid` means none, as on
 * the official server.
 */
export interface RouteQuery {
  transport: string | undefined;
  sid: string | undefined;
  EIO: string | undefined;
}

/** engine.io's `prepare()`: the query as `req._query`, unless something set one already. */
export function prepareRequest(request: EngineRequest): void {
  if (request._query === undefined) request._query = parsePlainQuery(queryStringOf(request.url));
}

/** The routing keys of a prepared request (plain strings only: a user's `_query` may hold anything). */
export function routeQueryOf(request: EngineRequest): RouteQuery {
  const query = request._query ?? parsePlainQuery(queryStringOf(request.url));
  const sid = stringOrUndefined(query.sid);
  return {
    transport: stringOrUndefined(query.transport),
    sid: sid === "" ? undefined : sid,
    EIO: stringOrUndefined(query.EIO),
  };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/**
 * Answers a rejected HTTP request: the official status and JSON body `{ code, message }` (the
 * message an allowRequest callback gave, else the code's own). Headers a middleware set (cors)
 * stay on the response.
 */
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
  if (socket.writable && !socket.destroyed) {
    const text = message ?? errorMessages[code];
    const status = statusOf(code);
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/html\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
    );
  }
  socket.destroy();
}

/** An error listener that only stops an error from going uncaught (the socket is being destroyed). */
export function ignoreError(): void {}

/** Characters that may not appear in a header value (an `Origin` with them is a bad request). */
export function hasInvalidHeaderChar(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || c > 0xff) return true;
  }
  return false;
}
