// Lean load-generator client over HTTP long-polling (Engine.IO v4): one GET always pending, at most
// one POST at a time carrying every packet queued meanwhile (records joined by \x1e), as the
// protocol requires (an overlapping GET or POST is a protocol error on the official server).
import { Agent, request } from "node:http";
import { LeanSession } from "./session.js";
import { SOCKET_IO_PATH } from "./ws-client.js";
import { STEP_TIMEOUT_MS } from "./config.js";
import { withTimeout } from "./timeout.js";

const RECORD_SEPARATOR = "\x1e";
/** A GET may legitimately wait a whole ping interval (25 s by default) for data. */
const POLL_TIMEOUT_MS = 60_000;

interface HttpAnswer {
  status: number;
  body: string;
}

function httpCall(agent: Agent, port: number, method: "GET" | "POST", path: string, body: string | undefined, timeoutMs: number): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: "127.0.0.1",
        port,
        method,
        path,
        headers: body === undefined ? {} : { "content-type": "text/plain;charset=UTF-8", "content-length": Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} timed out after ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

export class LeanPollingSession extends LeanSession {
  private queue: string[] = [];
  private posting = false;
  private engineSid = "";

  constructor(
    private readonly port: number,
    private readonly agent: Agent,
  ) {
    super();
  }

  private get sessionPath(): string {
    return `${SOCKET_IO_PATH}?EIO=4&transport=polling&sid=${encodeURIComponent(this.engineSid)}`;
  }

  async start(auth?: object): Promise<void> {
    const open = await httpCall(this.agent, this.port, "GET", `${SOCKET_IO_PATH}?EIO=4&transport=polling`, undefined, STEP_TIMEOUT_MS);
    if (open.status !== 200 || !open.body.startsWith("0{")) throw new Error(`polling handshake failed: ${open.status} ${open.body.slice(0, 80)}`);
    this.engineSid = (JSON.parse(open.body.slice(1)) as { sid: string }).sid;
    void this.pollLoop();
    await withTimeout(this.connectNamespace(auth), STEP_TIMEOUT_MS, "polling connect");
  }

  private async pollLoop(): Promise<void> {
    while (!this.closed) {
      let answer: HttpAnswer;
      try {
        answer = await httpCall(this.agent, this.port, "GET", this.sessionPath, undefined, POLL_TIMEOUT_MS);
      } catch (error) {
        this.fail(error as Error);
        return;
      }
      if (answer.status !== 200) {
        this.fail(new Error(`poll answered ${answer.status}: ${answer.body.slice(0, 80)}`));
        return;
      }
      for (const packet of answer.body.split(RECORD_SEPARATOR)) this.receiveText(packet);
    }
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
    const body = this.queue.join(RECORD_SEPARATOR);
    this.queue = [];
    this.posting = true;
    httpCall(this.agent, this.port, "POST", this.sessionPath, body, STEP_TIMEOUT_MS).then(
      (answer) => {
        this.posting = false;
        if (answer.status !== 200) this.fail(new Error(`POST answered ${answer.status}: ${answer.body.slice(0, 80)}`));
        else this.flush();
      },
      (error: Error) => {
        this.posting = false;
        this.fail(error);
      },
    );
  }

  private fail(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.failConnect(error);
  }

  /** Stops polling; the caller destroys the agent, which ends the pending GET. */
  close(): void {
    this.closed = true;
  }
}

/** Opens `count` polling sessions (at most `inFlight` handshakes at a time) sharing one keep-alive agent. */
export async function connectPollingMany(port: number, count: number, inFlight: number, agent: Agent): Promise<LeanPollingSession[]> {
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

export function createPollingAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });
}
