// socketry: the socket.io-compatible entry. `new Server(srv, opts)`, or the default export
// called as a function, as with the official package.
import type { HttpServerLike } from "@socketry/server";
import { Server, type ServerOptions } from "./socketry-server.js";

/** `require("socketry")(srv?, opts?)` / `import io from "socketry"`: the same as `new Server(srv, opts)`. */
function createServer(srv?: HttpServerLike | number | ServerOptions, opts?: ServerOptions): Server {
  if (srv !== undefined && typeof srv === "object" && typeof (srv as HttpServerLike).listen !== "function") {
    return new Server(srv as ServerOptions);
  }
  return new Server(srv as HttpServerLike | number | undefined, opts);
}

export default createServer;
export { Server, type ServerOptions };
export {
  Namespace,
  ParentNamespace,
  Socket,
  BroadcastOperator,
  RemoteSocket,
  ServerError,
  ServerOptionError,
  RESERVED_EVENTS,
  type ServerErrorCode,
  type Handshake,
  type DisconnectReason,
  type ExtendedError,
  type Event,
  type EventsMap,
  type DefaultEventsMap,
  type EventNames,
  type EventParams,
  type Room,
  type SocketId,
  type BroadcastFlags,
  type BroadcastOptions,
} from "@socketry/server";
export type { EngineOptions } from "./engine.js";
