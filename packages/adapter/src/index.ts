export { Adapter } from "./in-memory-adapter.js";
export type {
  AdapterNamespace,
  AdapterPacket,
  AdapterSocket,
  BroadcastFlags,
  BroadcastOptions,
  PacketEncoder,
  PrivateSessionId,
  Room,
  Session,
  SocketId,
  WriteOptions,
} from "./types.js";
