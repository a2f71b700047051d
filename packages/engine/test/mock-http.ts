// Minimal request/response stand-ins for tests that need no socket.
import type { IncomingMessage, ServerResponse } from "node:http";

export interface MockResponse {
  status: number | undefined;
  headers: Record<string, unknown>;
  body: string;
  ended: boolean;
}

export function mockRequest(url: string, method = "GET", headers: Record<string, string> = {}): IncomingMessage {
  return { url, method, headers, socket: { remoteAddress: "127.0.0.1" } } as unknown as IncomingMessage;
}

export function mockResponse(): { res: ServerResponse; out: MockResponse } {
  const out: MockResponse = { status: undefined, headers: {}, body: "", ended: false };
  const res = {
    headersSent: false,
    setHeader(name: string, value: unknown) {
      out.headers[name.toLowerCase()] = value;
    },
    getHeader(name: string) {
      return out.headers[name.toLowerCase()];
    },
    writeHead(status: number, headers?: Record<string, unknown>) {
      out.status = status;
      for (const [k, v] of Object.entries(headers ?? {})) out.headers[k.toLowerCase()] = v;
      this.headersSent = true;
      return this;
    },
    end(body?: string) {
      out.body += body ?? "";
      out.ended = true;
      return this;
    },
  };
  return { res: res as unknown as ServerResponse, out };
}
