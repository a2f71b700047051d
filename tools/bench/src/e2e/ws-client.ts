// Lean load-generator client over WebSocket: a bare net.Socket with a hand-built upgrade request
// (raw-ws.ts), straight to `transport=websocket` (no polling step), no compression, no UTF-8
// validation of what the server sends. Protocol order as the official client: wait for the 101 and
// the Engine.IO open packet `0{…}`, then send `40` and wait for `40{"sid":…}`. Reads land in one
// shared buffer (`onread`): no stream machinery and no allocation per read.
import { connect, type Socket } from "node:net";
import { LeanSession } from "./session.js";
import { STEP_TIMEOUT_MS } from "./config.js";
import { withTimeout } from "./timeout.js";
import {
  binaryFrame,
  controlFrame,
  FrameReader,
  OPCODE_BINARY,
  OPCODE_CLOSE,
  OPCODE_PING,
  OPCODE_PONG,
  OPCODE_TEXT,
  readUpgradeAnswer,
  textFrame,
  upgradeRequest,
} from "./raw-ws.js";

export const SOCKET_IO_PATH = "/socket.io/";
const WS_PATH = `${SOCKET_IO_PATH}?EIO=4&transport=websocket`;
/** Frames every session sends, encoded once. */
const CONNECT_FRAME = textFrame("40");
const PONG_FRAME = textFrame("3");
const EMPTY = Buffer.alloc(0);
/** Every session reads into this buffer; its contents are consumed synchronously in `onRead`. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
const SESSION = Symbol("session");
type SessionSocket = Socket & { [SESSION]?: LeanWsSession };

// biome-ignore lint/suspicious/noConstEnum: used in this file only, where tsc and esbuild inline it
const enum Stage {
  Upgrading,
  AwaitingOpen,
  Open,
  Closed,
}

export class LeanWsSession extends LeanSession {
  private readonly socket: Socket;
  private stage = Stage.Upgrading;
  /** the answer head received so far, while it spans several reads */
  private head: Buffer = EMPTY;
  private readonly frames = new FrameReader((opcode, payload) => this.onMessage(opcode, payload));
  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.socket.uncork();
  };
  private readonly ready: Promise<void>;
  private settle: { resolve: () => void; reject: (error: Error) => void } | undefined;

  /** Starts the TCP connect and the upgrade at once; `start()` waits for the rest of the handshake. */
  constructor(
    port: number,
    private auth?: object,
  ) {
    super();
    this.ready = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    this.ready.catch(() => {}); // observed by start(); never an unhandled rejection meanwhile
    const socket: SessionSocket = connect({
      host: "127.0.0.1",
      port,
      noDelay: true,
      onread: { buffer: READ_BUFFER, callback: onRead },
    });
    socket[SESSION] = this;
    this.socket = socket;
    socket.on("error", (error) => this.fail(error));
    socket.on("close", () => this.fail(new Error("WebSocket closed before connect")));
    socket.write(upgradeRequest(port, WS_PATH)); // queued until the TCP connect completes
  }

  /** Resolves once connected to "/" (`40{"sid":…}` received); `auth`, if given, replaces the constructor's. */
  start(auth?: object): Promise<void> {
    if (auth !== undefined) this.auth = auth; // the open packet cannot have arrived yet: no I/O ran
    return this.ready;
  }

  protected sendText(packet: string): void {
    if (this.stage !== Stage.Open) return;
    this.coalesce();
    this.socket.write(packet === "3" ? PONG_FRAME : packet === "40" ? CONNECT_FRAME : textFrame(packet));
  }

  protected sendBinary(data: Buffer): void {
    if (this.stage !== Stage.Open) return;
    this.coalesce();
    const [header, payload] = binaryFrame(data);
    this.socket.write(header);
    this.socket.write(payload);
  }

  /**
   * Frames sent in the same tick leave in one system call: keeps the generator's cost per message
   * low, so the server, not the generator, is what saturates.
   */
  private coalesce(): void {
    if (this.corked) return;
    this.corked = true;
    this.socket.cork();
    process.nextTick(this.uncork);
  }

  /** Bytes the client has queued but not yet handed to the kernel. */
  get bufferedAmount(): number {
    return this.socket.writableLength;
  }

  close(): void {
    this.closed = true;
    this.stage = Stage.Closed;
    this.socket.destroy();
  }

  /** @internal `chunk` is the shared read buffer: used synchronously, copied where kept. */
  onData(chunk: Buffer): void {
    try {
      if (this.stage === Stage.Upgrading) {
        const data = this.head.length === 0 ? chunk : Buffer.concat([this.head, chunk]);
        const rest = readUpgradeAnswer(data);
        if (rest === null) {
          this.head = data === chunk ? Buffer.from(chunk) : data;
          return;
        }
        this.head = EMPTY;
        this.stage = Stage.AwaitingOpen;
        if (rest.length > 0) this.frames.push(rest);
        return;
      }
      if (this.stage !== Stage.Closed) this.frames.push(chunk);
    } catch (error) {
      this.fail(error as Error);
      this.close();
    }
  }

  private onMessage(opcode: number, payload: Buffer): void {
    switch (opcode) {
      case OPCODE_TEXT:
        if (this.stage === Stage.Open) {
          this.receiveText(payload.toString());
        } else if (payload[0] === 48 /* "0{…}" Engine.IO open */) {
          this.stage = Stage.Open;
          this.connectNamespace(this.auth).then(this.settle?.resolve, (error: Error) => this.fail(error));
        } else {
          throw new Error(`expected the Engine.IO open packet, got ${payload.toString().slice(0, 80)}`);
        }
        return;
      case OPCODE_BINARY:
        if (this.stage === Stage.Open) this.receiveBinary(payload); // the reader's copy (see MessageHandler)
        return;
      case OPCODE_PING:
        this.socket.write(controlFrame(OPCODE_PONG, payload));
        return;
      case OPCODE_CLOSE:
        // Echo the status code, as RFC 6455 asks, then let the server close the TCP connection.
        this.socket.end(controlFrame(OPCODE_CLOSE, payload.subarray(0, 2)));
        this.fail(new Error("WebSocket closed before connect"));
        return;
      default:
        return; // pong: nothing to do
    }
  }

  /** The session is over (closed, refused, broken): a pending connect rejects with `error`. */
  private fail(error: Error): void {
    this.closed = true;
    this.stage = Stage.Closed;
    this.failConnect(error);
    const settle = this.settle;
    this.settle = undefined;
    settle?.reject(error);
  }
}

function onRead(this: SessionSocket, bytes: number, buffer: Uint8Array): boolean {
  this[SESSION]?.onData((buffer as Buffer).subarray(0, bytes));
  return true; // keep reading
}

/** Opens one session and connects it to "/"; rejects (and tears down) after `timeoutMs`. */
export async function connectWs(port: number, auth?: object, timeoutMs = STEP_TIMEOUT_MS): Promise<LeanWsSession> {
  const session = new LeanWsSession(port, auth);
  try {
    await withTimeout(session.start(), timeoutMs, "WebSocket connect");
    return session;
  } catch (error) {
    session.close();
    throw error;
  }
}

/**
 * Opens `count` sessions with at most `inFlight` handshakes at a time; all or nothing. One watchdog
 * for the whole batch (no timer per connection): it fails when no handshake finished for
 * STEP_TIMEOUT_MS.
 */
export function connectMany(port: number, count: number, inFlight: number, auth?: object): Promise<LeanWsSession[]> {
  return new Promise((resolve, reject) => {
    const sessions: LeanWsSession[] = [];
    const pending = new Set<LeanWsSession>();
    let started = 0;
    let lastProgress = Date.now();
    let failed = false;
    const finish = (error: unknown): void => {
      if (failed) return;
      failed = true;
      clearInterval(watchdog);
      closeAll(sessions);
      closeAll(pending);
      reject(error);
    };
    const watchdog = setInterval(() => {
      if (Date.now() - lastProgress > STEP_TIMEOUT_MS)
        finish(new Error(`WebSocket connect timed out after ${STEP_TIMEOUT_MS} ms`));
    }, 1000);
    const next = (): void => {
      if (failed) return;
      if (started === count) {
        if (pending.size === 0) {
          clearInterval(watchdog);
          resolve(sessions);
        }
        return;
      }
      started++;
      const session = new LeanWsSession(port, auth);
      pending.add(session);
      session.start().then(() => {
        pending.delete(session);
        sessions.push(session);
        lastProgress = Date.now();
        next();
      }, finish);
    };
    const first = Math.min(inFlight, count);
    for (let i = 0; i < first; i++) next();
    if (count === 0) next();
  });
}

export function closeAll(sessions: Iterable<LeanSession>): void {
  for (const session of sessions) session.close();
}
