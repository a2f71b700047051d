// Minimal typing of engine.io-client 3 (npm alias engine.io-client-v3), as the v3 tests use it.
declare module "engine.io-client-v3" {
  import { EventEmitter } from "node:events";
  interface V3Socket extends EventEmitter {
    id: string;
    readyState: string;
    transport: { name: string };
    send(data: string | ArrayBuffer | Uint8Array | Buffer): void;
    close(): void;
  }
  function eio(uri: string, opts?: Record<string, unknown>): V3Socket;
  export = eio;
}
