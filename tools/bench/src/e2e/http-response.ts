// Minimal incremental reader of HTTP/1.1 responses for the bench's raw-socket polling client: the
// status line, bodies framed by Content-Length (every polling answer of socketry and of the official
// socket.io 4.8.4 and 3.1.2 servers) or chunked (the official servers' 400 errors and empty answers
// written with writeHead(…).end()). One response at a time: the client never pipelines.

export interface HttpResponse {
  status: number;
  body: string;
  /** false when the server said `Connection: close` (or spoke HTTP/1.0): the socket is not reused */
  keepAlive: boolean;
}

const HEAD_END = Buffer.from("\r\n\r\n");
/** A head longer than this is not an answer of the servers under test. */
const MAX_HEAD_BYTES = 16 * 1024;

/** The trimmed value of header `name` (lower case) in a lower-cased head, or undefined. */
function headerValue(head: string, name: string): string | undefined {
  const at = head.indexOf(`\r\n${name}:`);
  if (at < 0) return undefined;
  const start = at + name.length + 3;
  const end = head.indexOf("\r\n", start);
  return head.slice(start, end < 0 ? undefined : end).trim();
}

/**
 * Decodes a chunked body starting at `from`; returns the body and the index after its last byte,
 * or undefined while it is incomplete. Each step consumes bytes, so the loop is bounded.
 */
function readChunked(buffer: Buffer, from: number): { body: Buffer; end: number } | undefined {
  const parts: Buffer[] = [];
  let at = from;
  for (;;) {
    const lineEnd = buffer.indexOf("\r\n", at);
    if (lineEnd < 0) return undefined;
    const sizeText = buffer.toString("latin1", at, lineEnd);
    const size = Number.parseInt(sizeText, 16); // chunk extensions after ";" are ignored by parseInt
    if (!Number.isInteger(size) || size < 0) throw new Error(`bad chunk size ${JSON.stringify(sizeText.slice(0, 20))}`);
    at = lineEnd + 2;
    if (size === 0) {
      // An empty line ends the body, after optional trailer lines.
      if (buffer.length < at + 2) return undefined;
      if (buffer[at] === 13 && buffer[at + 1] === 10) return { body: Buffer.concat(parts), end: at + 2 };
      const trailersEnd = buffer.indexOf(HEAD_END, at);
      return trailersEnd < 0 ? undefined : { body: Buffer.concat(parts), end: trailersEnd + 4 };
    }
    if (buffer.length < at + size + 2) return undefined;
    parts.push(buffer.subarray(at, at + size));
    at += size;
    if (buffer[at] !== 13 || buffer[at + 1] !== 10) throw new Error("chunk not followed by CRLF");
    at += 2;
  }
}

export class HttpResponseReader {
  private buffer: Buffer | undefined;
  /** index of the first body byte once the head is parsed, else -1 */
  private bodyStart = -1;
  private status = 0;
  private contentLength = -1;
  private chunked = false;
  private keepAlive = true;

  /** Feeds received bytes; returns the response once complete. Throws on anything malformed. */
  feed(chunk: Buffer): HttpResponse | undefined {
    // Answers nearly always arrive in one chunk: concatenate only when they do not.
    const buffer = this.buffer === undefined ? chunk : Buffer.concat([this.buffer, chunk]);
    this.buffer = buffer;
    if (this.bodyStart < 0 && !this.readHead(buffer)) return undefined;
    let body: string;
    let end: number;
    if (this.chunked) {
      const decoded = readChunked(buffer, this.bodyStart);
      if (decoded === undefined) return undefined;
      body = decoded.body.toString("utf8");
      end = decoded.end;
    } else {
      end = this.bodyStart + this.contentLength;
      if (buffer.length < end) return undefined;
      body = buffer.toString("utf8", this.bodyStart, end);
    }
    if (end !== buffer.length) throw new Error(`${buffer.length - end} unexpected bytes after an HTTP response`);
    const response: HttpResponse = { status: this.status, body, keepAlive: this.keepAlive };
    this.buffer = undefined;
    this.bodyStart = -1;
    return response;
  }

  /** Parses the head once it is complete; false while it is not. */
  private readHead(buffer: Buffer): boolean {
    const headEnd = buffer.indexOf(HEAD_END);
    if (headEnd < 0) {
      if (buffer.length > MAX_HEAD_BYTES) throw new Error("HTTP response head too long");
      return false;
    }
    const head = buffer.toString("latin1", 0, headEnd).toLowerCase();
    // "http/1.1 200 ok": the status code sits at a fixed offset.
    if (!head.startsWith("http/1.")) throw new Error(`not an HTTP/1.x response: ${JSON.stringify(head.slice(0, 40))}`);
    this.status = Number(head.slice(9, 12));
    if (!Number.isInteger(this.status) || this.status < 100)
      throw new Error(`bad status line ${JSON.stringify(head.slice(0, 40))}`);
    if (this.status < 200) throw new Error(`unexpected interim response ${this.status}`);
    this.chunked = headerValue(head, "transfer-encoding")?.includes("chunked") ?? false;
    const length = headerValue(head, "content-length");
    this.contentLength = length === undefined ? -1 : Number(length);
    if (!this.chunked && !(Number.isInteger(this.contentLength) && this.contentLength >= 0)) {
      throw new Error(`HTTP response with neither Content-Length nor chunked encoding (status ${this.status})`);
    }
    const connection = headerValue(head, "connection");
    this.keepAlive = connection === undefined ? head.startsWith("http/1.1") : !connection.includes("close");
    this.bodyStart = headEnd + 4;
    return true;
  }
}
