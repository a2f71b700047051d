// @socketry/server: the Socket.IO server core (namespaces, sockets, rooms, acks, middlewares).
// It works on any engine with the engine.io v6 shape, bound with io.bind(engine).
export { Server, type HttpServerLike, type ServerReservedEvents } from "./server.js";
export { Namespace, type NamespaceReservedEvents, type ConnectMiddleware } from "./namespace.js";
export { ParentNamespace, type NamespaceMatcher } from "./parent-namespace.js";
export { Socket, type SocketReservedEvents, type Event } from "./socket.js";
export { Client } from "./client.js";
export { BroadcastOperator, type OperatorFlags } from "./broadcast-operator.js";
export { RemoteSocket, type SocketDetails } from "./remote-socket.js";
export type { Handshake } from "./handshake.js";
export {
  SERVER_DEFAULTS,
  type ServerOptions,
  type ResolvedServerOptions,
  type ParserLike,
  type DecoderLike,
  type AdapterConstructor,
} from "./server-options.js";
export type { EngineLike, EngineSocketLike, EngineWriteOptions } from "./engine-types.js";
export type { AdapterLike, BroadcastFlags, BroadcastOptions, Room, SocketId } from "./adapter-types.js";
export { ServerError, ServerOptionError, type ServerErrorCode } from "./errors.js";
export { RESERVED_EVENTS } from "./reserved-events.js";
export type { DisconnectReason, OfficialDisconnectReason, LimitDisconnectReason } from "./disconnect-reasons.js";
export type { Middleware, NextFunction, ExtendedError } from "./middleware.js";
export type {
  EventsMap,
  DefaultEventsMap,
  EventNames,
  EventParams,
  DecorateAcknowledgements,
  DecorateAcknowledgementsWithMultipleResponses,
  DecorateAcknowledgementsWithTimeoutAndMultipleResponses,
  RemoveAcknowledgements,
  AllButLast,
  Last,
  FirstNonErrorArg,
} from "./typed-events.js";
