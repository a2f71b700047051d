// socket.handshake: built from the engine session's HTTP request the first time it is read, so
// a socket whose handshake is never inspected keeps only its auth object and a timestamp.
import type { IncomingHttpHeaders } from "node:http";
import { parse as parseQuery, type ParsedUrlQuery } from "node:querystring";
import type { EngineSocketLike } from "./engine-types.js";

export interface Handshake {
  /** Headers of the request that opened the engine session. */
  headers: IncomingHttpHeaders;
  /** Creation date, as a string. */
  time: string;
  /** Client IP address. */
  address: string;
  /** Whether the request is cross-domain (it has an Origin header). */
  xdomain: boolean;
  /** Whether the connection uses TLS. */
  secure: boolean;
  /** Creation date, as milliseconds since the epoch. */
  issued: number;
  /** Request URL. */
  url: string;
  /** Query string of the request URL (null-prototype object). */
  query: ParsedUrlQuery;
  /** The auth payload of the CONNECT packet (for v2 clients: the namespace query). */
  // biome-ignore lint/suspicious/noExplicitAny: the official type is any-based
  auth: Record<string, any>;
}

export function buildHandshake(conn: EngineSocketLike, auth: Record<string, unknown>, issued: number): Handshake {
  const request = conn.request;
  const headers = request?.headers ?? {};
  const url = request?.url ?? "";
  const mark = url.indexOf("?");
  const socket = request?.socket as { encrypted?: boolean; remoteAddress?: string } | undefined;
  return {
    headers,
    time: new Date(issued).toString(),
    address: conn.remoteAddress ?? socket?.remoteAddress ?? "",
    xdomain: headers.origin !== undefined,
    // No HTTP request at all: a WebTransport session, which is always over TLS.
    secure: request === undefined || request === null ? true : socket?.encrypted === true,
    issued,
    url,
    query: parseQuery(mark === -1 ? "" : url.slice(mark + 1)),
    auth,
  };
}
