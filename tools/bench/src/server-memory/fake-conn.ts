// An in-process engine session with the engine.io v6 shape, shared by the server benchmarks:
// both servers see the same object, and nothing is sent anywhere.
import { EventEmitter } from "node:events";

export /** An engine session as both servers see it; write() keeps the last frame (nothing is sent). */
class FakeConn extends EventEmitter {
  static count = 0;
  readonly id = `conn${FakeConn.count++}`;
  readonly protocol = 4;
  readyState = "open";
  readonly remoteAddress = "127.0.0.1";
  readonly transport = { name: "websocket", writable: true };
  readonly request = {
    headers: { host: "localhost" },
    url: "/socket.io/?EIO=4&transport=websocket",
    connection: { encrypted: false },
    socket: { encrypted: false, remoteAddress: "127.0.0.1" },
  };
  last: unknown;
  write(data: unknown): this {
    this.last = data;
    return this;
  }
  close(): this {
    this.readyState = "closed";
    return this;
  }
}
