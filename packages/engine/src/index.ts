// @socketry/engine: the Engine.IO server core. Transports are handed in as classes (see README).
export { Server, type ConnectionError, type ServerEvents, type TransportRegistry } from "./server.js";
export {
  Socket,
  SESSION_OBSERVER,
  type CloseReason,
  type SendCallback,
  type SessionObserver,
  type SocketEvents,
  type SocketReadyState,
  type WriteOptions,
} from "./socket.js";
export {
  Transport,
  type ResponseHeaders,
  type TransportClass,
  type TransportInit,
  type TransportReadyState,
  type TransportSetup,
} from "./transport.js";
export { codecFor, type Codec, type ProtocolVersion } from "./codec.js";
export {
  EngineError,
  EngineOptionError,
  errorMessages,
  errors,
  statusOf,
  type ConnectionErrorContext,
  type EngineErrorCode,
  type ProtocolErrorCode,
} from "./errors.js";
export {
  DEFAULTS,
  type AllowRequest,
  type CookieOptions,
  type ResolvedOptions,
  type ServerOptions,
} from "./options.js";
export { PRE_ROUTE, type AttachOptions, type PreRoute } from "./attach.js";
export type { Middleware } from "./middleware.js";
/** For transports: answers a refused HTTP request with the protocol's status and `{ code, message }` body. */
export { abortRequest } from "./request.js";
export * as parser from "@socketry/engine-parser";
/** The Engine.IO protocol revision this engine speaks natively (v3 too, with allowEIO3). */
export const protocol = 4;
