// Reads a POST body with a hard bound: the request is refused from its Content-Length when it can
// be, and otherwise collection stops the moment the running total passes the limit.
import type { IncomingMessage } from "node:http";

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: "too large" | "aborted" };

export function readBoundedBody(request: IncomingMessage, limit: number, done: (result: BodyResult) => void): void {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    done({ ok: false, reason: "too large" });
    return;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let finished = false;
  const finish = (result: BodyResult) => {
    if (finished) return;
    finished = true;
    request.removeListener("data", onData);
    request.removeListener("end", onEnd);
    request.removeListener("error", onAbort);
    request.removeListener("close", onClose);
    chunks.length = result.ok ? chunks.length : 0;
    done(result);
  };
  const onData = (chunk: Buffer | string) => {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    total += buffer.length;
    if (total > limit) {
      finish({ ok: false, reason: "too large" });
      return;
    }
    chunks.push(buffer);
  };
  const onEnd = () =>
    finish({ ok: true, body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total) });
  const onAbort = () => finish({ ok: false, reason: "aborted" });
  const onClose = () => {
    if (!request.complete) onAbort();
  };
  request.on("data", onData);
  request.on("end", onEnd);
  request.on("error", onAbort);
  request.on("close", onClose);
}
