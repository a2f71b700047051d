export { Adapter } from "./in-memory-adapter.js";
export { SessionAwareAdapter } from "./session-aware-adapter.js";
export { SESSION_STORE_DEFAULTS, type SessionAwareAdapterOptions, type SessionStoreLimits } from "./session-options.js";
export type {
  AdapterNamespace,
  AdapterPacket,
  AdapterServerOptions,
  AdapterSocket,
  BroadcastFlags,
  BroadcastOptions,
  PacketEncoder,
  PrivateSessionId,
  Room,
  Session,
  SessionToPersist,
  SocketId,
  WriteOptions,
} from "./types.js";
