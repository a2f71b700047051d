// Lean load-generator client over WebSocket: straight to `transport=websocket` (no polling step),
// no compression, no UTF-8 validation of what the server sends.
import type { Socket } from "node:net";
import WebSocket from "ws";
import { LeanSession } from "./session.js";
import { STEP_TIMEOUT_MS } from "./config.js";
import { withTimeout } from "./timeout.js";

export const SOCKET_IO_PATH = "/socket.io/";

/** ws keeps its net.Socket on `_socket` (not public API, stable across ws 7–8); corking is skipped without it. */
type WithRawSocket = WebSocket & { _socket?: Socket };

export class LeanWsSession extends LeanSession {
  private opened = false;
  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    (this.ws as WithRawSocket)._socket?.uncork();
  };

  constructor(private readonly ws: WebSocket) {
    super();
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (isBinary) this.receiveBinary(data);
      else if (this.opened) this.receiveText(data.toString());
      else this.opened = data[0] === 48; // "0{…}" Engine.IO open
    });
    ws.on("close", () => {
      this.closed = true;
      this.failConnect(new Error("WebSocket closed before connect"));
    });
    ws.on("error", (error) => this.failConnect(error));
  }

  protected sendText(packet: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.coalesce();
    this.ws.send(packet);
  }

  protected sendBinary(data: Buffer): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.coalesce();
    this.ws.send(data, { binary: true });
  }

  /**
   * Frames sent in the same tick leave in one system call: keeps the generator's cost per message
   * low, so the server, not the generator, is what saturates.
   */
  private coalesce(): void {
    if (this.corked) return;
    const raw = (this.ws as WithRawSocket)._socket;
    if (raw === undefined) return;
    this.corked = true;
    raw.cork();
    process.nextTick(this.uncork);
  }

  /** Waits for the Engine.IO open packet, then connects to "/". */
  start(auth?: object): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.ws.once("open", () => resolve());
      this.ws.once("error", reject);
    }).then(() => this.connectNamespace(auth));
  }

  /** Bytes the client has queued but not yet handed to the kernel. */
  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  close(): void {
    this.closed = true;
    this.ws.terminate();
  }
}

/** Opens one session and connects it to "/"; rejects (and tears down) after `timeoutMs`. */
export async function connectWs(port: number, auth?: object, timeoutMs = STEP_TIMEOUT_MS): Promise<LeanWsSession> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${SOCKET_IO_PATH}?EIO=4&transport=websocket`, {
    perMessageDeflate: false,
    skipUTF8Validation: true,
  });
  const session = new LeanWsSession(ws);
  try {
    await withTimeout(session.start(auth), timeoutMs, "WebSocket connect");
    return session;
  } catch (error) {
    session.close();
    throw error;
  }
}

/** Opens `count` sessions with at most `inFlight` handshakes at a time; all or nothing. */
export async function connectMany(port: number, count: number, inFlight: number, auth?: object): Promise<LeanWsSession[]> {
  const sessions: LeanWsSession[] = [];
  let started = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (started < count && failure === undefined) {
      started++;
      try {
        sessions.push(await connectWs(port, auth));
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  if (failure !== undefined) {
    closeAll(sessions);
    throw failure;
  }
  return sessions;
}

export function closeAll(sessions: Iterable<LeanSession>): void {
  for (const session of sessions) session.close();
}
