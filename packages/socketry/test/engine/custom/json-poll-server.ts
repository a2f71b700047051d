// A third-party transport written on the engine's Transport base, as a user would: long-polling
// where every body is a JSON array of packets (binary travels as base64 with `"b64": true`).
import type { IncomingMessage, ServerResponse } from "node:http";
import { Transport, type TransportInit } from "socketry/engine";
import type { Packet } from "@socketry/engine-parser";

interface WirePacket {
  type: Packet["type"];
  data?: string;
  b64?: true;
}

export class JsonPoll extends Transport {
  static override readonly transportName: string = "json-poll";
  static override readonly upgradesTo: readonly string[] = [];
  static override readonly handlesUpgrades: boolean = false;

  #pending: { req: IncomingMessage; res: ServerResponse } | null = null;

  constructor(init: TransportInit) {
    super(init);
  }

  override onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (req.method === "GET") {
      if (this.#pending !== null) {
        res.writeHead(400).end();
        this.onError("two polls at once");
        return;
      }
      this.#pending = { req, res };
      this.writable = true;
      this.onDrain();
      return;
    }
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
      if (body.length > this.maxHttpBufferSize) req.destroy();
    });
    req.on("end", () => {
      res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
      let packets: WirePacket[];
      try {
        packets = JSON.parse(body) as WirePacket[];
      } catch {
        this.onPacket({ type: "error", data: "parser error" });
        return;
      }
      for (const p of packets) {
        this.onPacket(
          p.b64 ? { type: p.type, data: Buffer.from(p.data ?? "", "base64") } : { type: p.type, data: p.data },
        );
      }
    });
  }

  send(packets: Packet[]): void {
    const pending = this.#pending;
    if (pending === null) return;
    this.#pending = null;
    this.writable = false;
    const wire = packets.map((p): WirePacket => {
      if (p.data === undefined) return { type: p.type };
      if (typeof p.data === "string") return { type: p.type, data: p.data };
      return { type: p.type, data: Buffer.from(p.data as Buffer).toString("base64"), b64: true };
    });
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    this.decorateHeaders(headers, pending.req);
    pending.res.writeHead(200, headers).end(JSON.stringify(wire), () => this.onDrain());
  }

  protected doClose(fn?: () => void): void {
    if (this.#pending !== null) this.send([{ type: "close" }]);
    this.onClose();
    fn?.();
  }
}
