// The HTTP long-polling transport: a GET waits until the session has packets (one pending GET per
// session), a POST carries the client's packets. Engine.IO v3 extras (JSONP, base64, binary
// payloads) come from their own modules and only apply when the client speaks v3.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { abortRequest, errors, Transport, type ResponseHeaders, type TransportInit } from "@socketry/engine";
import type { Packet } from "@socketry/engine-parser";
import { readBoundedBody } from "./body.js";
import { chooseEncoding, compress } from "./compression.js";
import { invalidContent, payloadTooLarge, pollOverlap } from "./errors.js";
import { jsonpIndex, unwrapJsonpBody, wrapJsonp } from "./jsonp.js";
import { logPolling } from "./log.js";
import { POLLING_DEFAULTS, resolvePollingSettings, type PollingSettings } from "./options.js";

const CLOSE_PACKETS: readonly Packet[] = Object.freeze([Object.freeze({ type: "close" as const })]);
const NOOP_PACKETS: readonly Packet[] = Object.freeze([Object.freeze({ type: "noop" as const })]);
/** The transport a pending poll belongs to, so one shared "close" listener serves every poll. */
const POLL_OWNER = Symbol("socketry.polling.owner");
const POLL_CLOSED = Symbol("pollClosed");
type OwnedResponse = ServerResponse & { [POLL_OWNER]?: Polling };

interface PendingPoll {
  request: IncomingMessage;
  response: ServerResponse;
}

export class Polling extends Transport {
  static override readonly transportName: string = "polling";
  static override readonly upgradesTo: readonly string[] = Object.freeze(["websocket"]);
  static override readonly handlesUpgrades: boolean = false;
  static readonly defaults = POLLING_DEFAULTS;

  static setup(options: Readonly<Record<string, unknown>>) {
    return { settings: resolvePollingSettings(options) };
  }

  readonly #settings: PollingSettings;
  /** JSONP callback index (v3 clients that poll with `?j=`), else null. */
  readonly #jsonp: string | null;
  #poll: PendingPoll | null = null;
  /** The POST whose body is arriving, if any (destroyed when the transport closes). */
  #dataRequest: IncomingMessage | null = null;
  #closeCallback: (() => void) | null = null;
  #closeTimer: NodeJS.Timeout | null = null;

  constructor(init: TransportInit) {
    super(init);
    this.#settings = (init.settings as PollingSettings | undefined) ?? resolvePollingSettings({});
    this.#jsonp = init.protocol === 3 ? jsonpIndex(init.query) : null;
    // A JSONP response is a script: binary can only travel as base64 text.
    if (this.#jsonp !== null) this.supportsBinary = false;
  }

  override onRequest(request: IncomingMessage, response: ServerResponse): void {
    if (request.method === "GET") this.onPollRequest(request, response);
    else if (request.method === "POST") this.onDataRequest(request, response);
    else response.writeHead(400).end();
  }

  send(packets: Packet[]): void {
    this.writable = false;
    // A close waiting for this poll rides along with the packets, then completes.
    const closing = this.#closeCallback;
    this.#closeCallback = null;
    if (closing !== null) packets = [...packets, ...CLOSE_PACKETS];
    this.#respond(this.codec.encodePayload(packets, this.supportsBinary), packets.some(wantsCompression));
    closing?.();
  }

  /** A close waiting for the client's next poll finishes now: nothing more goes to this client. */
  override discard(): void {
    super.discard();
    const pending = this.#closeCallback;
    if (pending !== null) {
      this.#closeCallback = null;
      pending();
    }
  }

  protected doClose(fn?: () => void): void {
    // A body still arriving will never be read: end its request (and free its connection).
    const dataRequest = this.#dataRequest;
    if (dataRequest !== null) {
      logPolling("closing: the POST still arriving is aborted");
      this.#dataRequest = null;
      dataRequest.destroy();
    }
    const finish = () => {
      this.onClose();
      fn?.();
    };
    if (this.#poll !== null) {
      this.send(CLOSE_PACKETS as Packet[]);
      finish();
    } else if (this.discarded) {
      finish();
    } else {
      // Deliver the close packet on the client's next poll, or give up after pollingCloseTimeout.
      this.#closeCallback = finish;
      this.#closeTimer = setTimeout(finish, this.#settings.closeTimeout);
    }
  }

  protected override onClose(): void {
    if (this.#closeTimer !== null) clearTimeout(this.#closeTimer);
    this.#closeTimer = null;
    this.#closeCallback = null;
    const poll = this.#poll;
    this.#poll = null;
    if (poll !== null && !poll.response.headersSent) poll.response.writeHead(200).end();
    super.onClose();
  }

  /** A GET: the long-poll that the next packets answer. */
  onPollRequest(request: IncomingMessage, response: ServerResponse): void {
    if (this.#poll !== null) {
      logPolling("a second long-poll on one session: refused, the session ends");
      abortRequest(response, errors.BAD_REQUEST, undefined);
      this.onError("overlap from client", pollOverlap("poll"));
      return;
    }
    this.#poll = { request, response };
    (response as OwnedResponse)[POLL_OWNER] = this;
    response.once("close", onPollClosed);
    this.writable = true;
    if (this.#closeCallback !== null) {
      // As engine.io: a noop carries the waiting close packet ("6\x1e1").
      this.send(NOOP_PACKETS as Packet[]);
      return;
    }
    this.onDrain();
  }

  /** @internal the client went away while its poll was pending. */
  [POLL_CLOSED](response: ServerResponse): void {
    if (this.#poll?.response !== response || response.writableFinished) return;
    logPolling("the pending poll's connection closed");
    this.#poll = null;
    this.writable = false;
    this.onError("poll connection closed prematurely");
  }

  /** A POST: a payload of packets from the client. */
  onDataRequest(request: IncomingMessage, response: ServerResponse): void {
    if (this.#dataRequest !== null) {
      logPolling("a second POST while one is arriving: refused, the session ends");
      abortRequest(response, errors.BAD_REQUEST, undefined);
      this.onError("data request overlap from client", pollOverlap("data"));
      return;
    }
    const octets = request.headers["content-type"] === "application/octet-stream";
    // Only v3 clients post binary payloads (a v4 client that claims one is refused, as on the
    // official server), and never over JSONP: a JSONP body is a form, read as one.
    if (octets && this.protocol !== 3) {
      logPolling("a binary POST from a v4 client: refused, the session ends");
      abortRequest(response, errors.BAD_REQUEST, undefined);
      this.onError("invalid content", invalidContent());
      return;
    }
    const binary = octets && this.#jsonp === null;
    this.#dataRequest = request;
    readBoundedBody(request, this.maxHttpBufferSize, (result) => {
      if (this.#dataRequest !== request) return; // the transport closed meanwhile
      this.#dataRequest = null;
      if (!result.ok) {
        logPolling("POST body %s", result.reason);
        if (result.reason === "too large") {
          const headers: OutgoingHttpHeaders = { "Content-Type": "text/plain; charset=UTF-8" };
          if (request.httpVersionMajor === 1) headers.Connection = "close";
          if (!response.headersSent) response.writeHead(413, headers).end("Payload Too Large");
          this.onError("payload too large", payloadTooLarge(this.maxHttpBufferSize));
        } else {
          // The client went away mid-body (a reset, a closed tab): the session is over.
          this.onError("data request connection closed prematurely");
        }
        return;
      }
      const headers: OutgoingHttpHeaders = { "Content-Type": "text/html", "Content-Length": 2 };
      this.#headers(headers, request);
      response.writeHead(200, headers).end("ok");
      this.#deliver(result.body, binary);
    });
  }

  /**
   * Headers every polling response carries (no caching; no XSS filter for old IE, which would
   * otherwise rewrite the payload), then the engine's, then the transport's "headers" event.
   */
  #headers(headers: OutgoingHttpHeaders, request: IncomingMessage): void {
    const agent = request.headers["user-agent"];
    if (agent !== undefined && (agent.includes(";MSIE") || agent.includes("; MSIE") || agent.includes("Trident/"))) {
      headers["X-XSS-Protection"] = "0";
    }
    headers["cache-control"] = "no-store";
    this.decorateHeaders(headers as ResponseHeaders, request);
    this.emit("headers", headers, request);
  }

  #deliver(body: Buffer, binary: boolean): void {
    let data: string | Buffer = binary ? body : body.toString("utf8");
    if (this.#jsonp !== null) {
      const unwrapped = unwrapJsonpBody(data as string);
      if (unwrapped === null) {
        this.onPacket({ type: "error", data: "parser error" });
        return;
      }
      data = unwrapped;
    }
    for (const packet of this.codec.decodePayload(data)) {
      if (this.readyState !== "open") return;
      if (packet.type === "close") {
        this.onClose();
        return;
      }
      this.onPacket(packet);
    }
  }

  #respond(payload: string | Buffer, compressible: boolean): void {
    const poll = this.#poll;
    if (poll === null) return;
    this.#poll = null; // answered now, even if compression finishes later
    const { request, response } = poll;
    let body: string | Buffer = payload;
    let contentType: string;
    if (this.#jsonp !== null) {
      body = wrapJsonp(this.#jsonp, payload as string);
      contentType = "text/javascript; charset=UTF-8";
    } else {
      contentType = typeof payload === "string" ? "text/plain; charset=UTF-8" : "application/octet-stream";
    }
    // Long-poll answers are one-shot: no cache (browser, proxy) may keep or replay them.
    const headers: OutgoingHttpHeaders = { "Content-Type": contentType };
    this.#headers(headers, request);
    const size = typeof body === "string" ? Buffer.byteLength(body) : body.length;
    const encoding = compressible ? chooseEncoding(request, this.#settings, size) : null;
    if (encoding === null) {
      // A text body stays a string: node:http then sends headers and body in one plain write.
      this.#finish(response, headers, body, size);
      return;
    }
    const buffer = typeof body === "string" ? Buffer.from(body) : body;
    compress(encoding, buffer, this.#settings, (error, compressed) => {
      if (error !== null) {
        this.#finish(response, headers, buffer, size);
        return;
      }
      headers["Content-Encoding"] = encoding;
      this.#finish(response, headers, compressed, compressed.length);
    });
  }

  #finish(response: ServerResponse, headers: OutgoingHttpHeaders, body: string | Buffer, size: number): void {
    if (response.destroyed || response.headersSent) return;
    headers["Content-Length"] = size;
    response.writeHead(200, headers);
    response.end(body);
    // Handed to node:http: the sent packets' callbacks run now, as engine.io runs them after
    // res.end() (no "finish" listener per poll). The transport stays unwritable until the next poll.
    this.onDrain();
  }
}

/** A payload is compressed only when one of its packets may be (`send(data, { compress: false })` opts out). */
function wantsCompression(packet: Packet): boolean {
  return packet.options !== undefined && packet.options.compress !== false;
}

function onPollClosed(this: OwnedResponse): void {
  this[POLL_OWNER]?.[POLL_CLOSED](this);
}
