// One request the engine is answering, whichever way it came: a plain HTTP request (handshake,
// poll, POST) or an HTTP upgrade (a WebSocket handshake or upgrade). The server runs both through
// one pipeline; only what differs lives here: how a refusal is written, what middlewares get as a
// response, and whether the peer is still there after an asynchronous step.
import type { ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { UpgradeResponse } from "./middleware.js";
import { abortRequest, abortUpgrade, type EngineRequest, type RouteQuery } from "./request.js";
import type { ProtocolErrorCode } from "./errors.js";

export interface HttpExchange {
  readonly upgrade: false;
  readonly request: EngineRequest;
  readonly query: RouteQuery;
  readonly response: ServerResponse;
}

export interface UpgradeExchange {
  readonly upgrade: true;
  readonly request: EngineRequest;
  readonly query: RouteQuery;
  /** The stand-in response middlewares write their headers to (null when there is no middleware). */
  readonly response: UpgradeResponse | null;
  readonly socket: Duplex;
  readonly head: Buffer;
}

export type Exchange = HttpExchange | UpgradeExchange;

/** Answers a refused exchange in the protocol's shape (JSON body, or a raw answer on the socket). */
export function refuseExchange(exchange: Exchange, code: ProtocolErrorCode, message: string | undefined): void {
  if (exchange.upgrade) abortUpgrade(exchange.socket, code, message);
  else abortRequest(exchange.response, code, message);
}

/** false once an upgrade's connection is gone (reset or closed during an asynchronous step). */
export function peerPresent(exchange: Exchange): boolean {
  return !exchange.upgrade || (!exchange.socket.destroyed && exchange.socket.writable);
}
