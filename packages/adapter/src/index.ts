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
export { ClusterAdapter, DEFAULT_REQUEST_TIMEOUT } from "./cluster-adapter.js";
export { ClusterAdapterWithHeartbeat, type ClusterAdapterOptions } from "./cluster-adapter-with-heartbeat.js";
export {
  MessageType,
  type ClusterMessage,
  type ClusterResponse,
  type Offset,
  type ServerId,
} from "./cluster-messages.js";
export { AdapterError, AdapterOptionError, type AdapterErrorCode } from "./errors.js";
