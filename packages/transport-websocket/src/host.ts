// The one interface between the transport and a WebSocket server implementation ("wsEngine"):
// `ws`'s WebSocketServer fits it, and so does any class with the same constructor options and
// `handleUpgrade(req, socket, head, cb)`. Nothing is patched process-wide.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

/** The connection a host hands back: the subset of `ws`'s WebSocket the transport uses. */
export interface WebSocketConnection {
  readonly readyState: number;
  binaryType?: string;
  send(
    data: string | Buffer,
    options: { compress?: boolean; binary?: boolean },
    callback?: (error?: Error) => void,
  ): void;
  close(code?: number, reason?: string): void;
  terminate?(): void;
  on(
    event: "message",
    listener: (this: WebSocketConnection, data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void,
  ): unknown;
  on(event: "close", listener: (this: WebSocketConnection, code: number, reason: Buffer) => void): unknown;
  on(event: "error", listener: (this: WebSocketConnection, error: Error & { code?: string }) => void): unknown;
  /**
   * The underlying TCP socket, where the implementation exposes it (`ws` does, as `_socket`): the
   * transport corks it around a batch so the batch's frames leave in one write.
   */
  readonly _socket?: { cork?(): void; uncork?(): void } | null;
}

export interface WebSocketHost {
  handleUpgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    callback: (connection: WebSocketConnection) => void,
  ): void;
  /** `ws` emits "headers" (the response lines) before answering an upgrade; used to add engine headers. */
  on?(event: "headers", listener: (headers: string[], request: IncomingMessage) => void): unknown;
  close?(callback?: () => void): void;
}

/** What the `wsEngine` option accepts. */
export type WebSocketHostClass = new (options: WebSocketHostOptions) => WebSocketHost;

export interface WebSocketHostOptions {
  noServer: true;
  clientTracking: false;
  maxPayload: number;
  perMessageDeflate: boolean | Record<string, unknown>;
  [wsOption: string]: unknown;
}
