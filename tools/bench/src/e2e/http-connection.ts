// One keep-alive HTTP/1.1 connection to 127.0.0.1 on a raw net.Socket, for the bench's polling
// client: one request at a time (no pipelining), each written with one socket.write, its answer read
// by HttpResponseReader, and a callback instead of a promise so a round trip allocates little. The
// socket opens lazily and reopens when the server closed it or it sat idle long enough for the
// server to be about to close it. Deadlines are checked by the owning HttpAgent's sweep, not by a
// timer per request.
import { connect, type Socket } from "node:net";
import { HttpResponseReader, type HttpResponse } from "./http-response.js";

export type HttpCallback = (error: Error | undefined, status: number, body: string) => void;

/** Node's http server closes keep-alive sockets idle for 5 s: reopen before, never race that close. */
const MAX_IDLE_MS = 4000;

export class HttpConnection {
  private socket: Socket | undefined;
  private reader = new HttpResponseReader();
  private callback: HttpCallback | undefined;
  /** Date.now() after which the request in flight fails */
  private deadline = 0;
  private what = "";
  private timeoutMs = 0;
  private idleSince = 0;
  private destroyed = false;

  constructor(private readonly port: number) {}

  /**
   * Writes `request` (request line, headers and body, already formatted) and calls `callback` once,
   * with the answer or an error. `what` names the request in error messages.
   */
  request(request: string, what: string, timeoutMs: number, callback: HttpCallback): void {
    if (this.callback !== undefined) throw new Error(`${what}: a request is already in flight on this connection`);
    if (this.destroyed) {
      process.nextTick(callback, new Error(`${what}: connection destroyed`), 0, "");
      return;
    }
    const now = Date.now();
    if (this.socket !== undefined && now - this.idleSince > MAX_IDLE_MS) this.dropSocket();
    this.callback = callback;
    this.what = what;
    this.timeoutMs = timeoutMs;
    this.deadline = now + timeoutMs;
    (this.socket ??= this.open()).write(request);
  }

  /** Fails the request in flight if its deadline passed (called by the agent's sweep). */
  expire(now: number): void {
    if (this.callback !== undefined && now > this.deadline)
      this.fail(new Error(`${this.what} timed out after ${this.timeoutMs} ms`));
  }

  /** Closes the socket; a request in flight fails with an error. */
  destroy(): void {
    this.destroyed = true;
    this.fail(new Error(`${this.what}: connection destroyed`));
  }

  private open(): Socket {
    const socket = connect({ host: "127.0.0.1", port: this.port, noDelay: true });
    this.reader = new HttpResponseReader();
    // Events of a socket this connection already dropped are stale: ignore them.
    socket.on("data", (chunk: Buffer) => {
      if (this.socket === socket) this.onData(chunk);
    });
    socket.on("error", (error: Error) => {
      if (this.socket === socket) this.fail(new Error(`${this.what}: ${error.message}`));
    });
    socket.on("close", () => {
      if (this.socket === socket) this.fail(new Error(`${this.what}: connection closed before the answer`));
    });
    return socket;
  }

  private onData(chunk: Buffer): void {
    if (this.callback === undefined) {
      this.fail(new Error("bytes received with no request in flight"));
      return;
    }
    let response: HttpResponse | undefined;
    try {
      response = this.reader.feed(chunk);
    } catch (error) {
      this.fail(new Error(`${this.what}: ${(error as Error).message}`));
      return;
    }
    if (response === undefined) return;
    if (!response.keepAlive) this.dropSocket();
    this.idleSince = Date.now();
    this.complete(undefined, response.status, response.body);
  }

  /** Drops the socket and fails the request in flight, if any (an idle socket just goes away). */
  private fail(error: Error): void {
    this.dropSocket();
    this.complete(error, 0, "");
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
  }

  private complete(error: Error | undefined, status: number, body: string): void {
    const callback = this.callback;
    if (callback === undefined) return;
    this.callback = undefined;
    callback(error, status, body);
  }
}
