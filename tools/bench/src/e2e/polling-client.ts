// Lean load-generator client over HTTP long-polling (Engine.IO v4): one GET always pending, at most
// one POST at a time carrying every packet queued meanwhile (records joined by \x1e), as the
// protocol requires (an overlapping GET or POST is a protocol error on the official server).
// Each session owns two keep-alive connections on raw sockets (http-connection.ts), one for its
// GETs and one for its POSTs, with the requests formatted by hand: node:http's client (agent,
// streams, per-request objects and timers) cost more CPU than the servers under test.
import { HttpAgent } from "./http-agent.js";
import type { HttpCallback, HttpConnection } from "./http-connection.js";
import { LeanSession } from "./session.js";
import { SOCKET_IO_PATH } from "./ws-client.js";
import { STEP_TIMEOUT_MS } from "./config.js";
import { withTimeout } from "./timeout.js";

const RECORD_SEPARATOR = "\x1e";
/** A GET may legitimately wait a whole ping interval (25 s by default) for data. */
const POLL_TIMEOUT_MS = 60_000;

function getRequest(path: string, port: number): string {
  return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`;
}

export class LeanPollingSession extends LeanSession {
  /** Engine.IO session id from the handshake; empty until then. */
  engineSid = "";
  private queue: string[] = [];
  private posting = false;
  private readonly polls: HttpConnection;
  private readonly posts: HttpConnection;
  /** the whole poll request, the same bytes every time */
  private pollRequest = "";
  /** the POST request up to its Content-Length value */
  private postHead = "";

  constructor(
    private readonly port: number,
    private readonly agent: HttpAgent,
  ) {
    super();
    this.polls = agent.connection(port);
    this.posts = agent.connection(port);
  }

  async start(auth?: object): Promise<void> {
    const payload = await new Promise<string>((resolve, reject) => {
      this.polls.request(
        getRequest(`${SOCKET_IO_PATH}?EIO=4&transport=polling`, this.port),
        "polling handshake",
        STEP_TIMEOUT_MS,
        (error, status, body) => {
          if (error !== undefined) reject(error);
          else if (status !== 200 || !body.startsWith("0{"))
            reject(new Error(`polling handshake failed: ${status} ${body.slice(0, 80)}`));
          else resolve(body);
        },
      );
    });
    const [open = "", ...rest] = payload.split(RECORD_SEPARATOR);
    this.engineSid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
    const path = `${SOCKET_IO_PATH}?EIO=4&transport=polling&sid=${encodeURIComponent(this.engineSid)}`;
    this.pollRequest = getRequest(path, this.port);
    this.postHead = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${this.port}\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: `;
    for (const packet of rest) this.receiveText(packet);
    this.poll();
    await withTimeout(this.connectNamespace(auth), STEP_TIMEOUT_MS, "polling connect");
  }

  private poll(): void {
    if (!this.closed) this.polls.request(this.pollRequest, "poll GET", POLL_TIMEOUT_MS, this.onPollAnswer);
  }

  private readonly onPollAnswer: HttpCallback = (error, status, body) => {
    if (this.closed) return;
    if (error !== undefined) return this.fail(error);
    if (status !== 200) return this.fail(new Error(`poll answered ${status}: ${body.slice(0, 80)}`));
    this.receivePayload(body);
    // A close packet in the payload ends the session: free its sockets.
    if (this.closed) this.close();
    else this.poll();
  };

  /** Splits a payload on \x1e without building an array. */
  private receivePayload(payload: string): void {
    let start = 0;
    for (;;) {
      const end = payload.indexOf(RECORD_SEPARATOR, start);
      if (end < 0) break;
      this.receiveText(payload.slice(start, end));
      start = end + 1;
    }
    this.receiveText(start === 0 ? payload : payload.slice(start));
  }

  protected sendText(packet: string): void {
    if (this.closed) return;
    this.queue.push(packet);
    if (!this.posting) this.flush();
  }

  protected sendBinary(): void {
    throw new Error("the polling bench client sends text only");
  }

  private flush(): void {
    if (this.queue.length === 0 || this.closed) return;
    const body = this.queue.length === 1 ? this.queue[0]! : this.queue.join(RECORD_SEPARATOR);
    this.queue.length = 0;
    this.posting = true;
    this.posts.request(
      `${this.postHead}${Buffer.byteLength(body)}\r\n\r\n${body}`,
      "POST",
      STEP_TIMEOUT_MS,
      this.onPostAnswer,
    );
  }

  private readonly onPostAnswer: HttpCallback = (error, status, body) => {
    this.posting = false;
    if (this.closed) return;
    if (error !== undefined) return this.fail(error);
    if (status !== 200) return this.fail(new Error(`POST answered ${status}: ${body.slice(0, 80)}`));
    this.flush();
  };

  private fail(error: Error): void {
    if (this.closed) return;
    this.close();
    this.failConnect(error);
  }

  /** Stops polling and closes both sockets (the pending GET ends with them). */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.agent.release(this.polls);
    this.agent.release(this.posts);
  }
}

/** Opens `count` polling sessions (at most `inFlight` handshakes at a time) on one agent. */
export async function connectPollingMany(
  port: number,
  count: number,
  inFlight: number,
  agent: HttpAgent,
): Promise<LeanPollingSession[]> {
  const sessions: LeanPollingSession[] = [];
  let started = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (started < count && failure === undefined) {
      started++;
      const session = new LeanPollingSession(port, agent);
      sessions.push(session);
      try {
        await session.start();
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  if (failure !== undefined) {
    for (const session of sessions) session.close();
    throw failure;
  }
  return sessions;
}

/** The agent the sessions of one run share; destroy() closes every socket they opened. */
export function createPollingAgent(): HttpAgent {
  return new HttpAgent();
}
