// Socket.IO v2 clients (Engine.IO protocol 3, accepted when the engine has allowEIO3). Their
// protocol (Socket.IO revision 4) differs in three ways the server must honour:
// - the client is connected to "/" implicitly, without sending CONNECT;
// - a CONNECT packet carries the namespace's query string in the namespace ("/admin?token=1");
// - CONNECT answers carry no payload, and a refusal (ERROR) carries the bare message or data.
import { parse as parseQuery } from "node:querystring";

/** Engine.IO protocol revision of Socket.IO v2 clients. */
export const V2_ENGINE_PROTOCOL = 3;

export function isV2(protocol: number): boolean {
  return protocol === V2_ENGINE_PROTOCOL;
}

/** Splits "/admin?token=1" into the namespace name and its query (null-prototype object). */
export function splitV2Namespace(nsp: string): { name: string; query: Record<string, unknown> } {
  const mark = nsp.indexOf("?");
  if (mark === -1) return { name: nsp, query: parseQuery("") };
  return { name: nsp.slice(0, mark), query: parseQuery(nsp.slice(mark + 1)) };
}

/** Payload of the CONNECT answer: the socket id for v3+ clients, nothing for v2 clients. */
export function connectPayload(protocol: number, sid: string): { sid: string } | undefined {
  return isV2(protocol) ? undefined : { sid };
}

/** Payload of a refused connection: { message, data } for v3+ clients, data or message for v2. */
export function connectErrorPayload(protocol: number, message: string, data: unknown): unknown {
  if (isV2(protocol)) return data !== undefined ? data : message;
  return data === undefined ? { message } : { message, data };
}

/** v2 clients compute their socket id themselves from the engine id: "<engine id>" or "<nsp>#<engine id>". */
export function v2SocketId(nsp: string, engineId: string): string {
  return nsp === "/" ? engineId : `${nsp}#${engineId}`;
}
