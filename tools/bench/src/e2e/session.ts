// The transport-independent half of the lean load-generator client: Engine.IO v4 / Socket.IO v5
// packets as text, parsed by hand (no JSON.parse on the hot path), so the generator costs little.
// Engine.IO: 0 open, 1 close, 2 ping, 3 pong, 4 message, 6 noop. Socket.IO (inside 4): 0 connect,
// 2 event, 3 ack, 4 connect_error, 5 binary event, 6 binary ack.

export type AckHandler = (id: number, packet: string) => void;
export type BinaryAckHandler = (id: number, attachment: Buffer, packet: string) => void;
export type EventHandler = (packet: string) => void;

const CHAR_0 = 48;
const CHAR_9 = 57;

/** Reads the decimal number starting at `from`; returns [value, index after the digits]. */
function readNumber(text: string, from: number): [number, number] {
  let value = 0;
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < CHAR_0 || c > CHAR_9) break;
    value = value * 10 + (c - CHAR_0);
  }
  return [value, i];
}

export abstract class LeanSession {
  onAck: AckHandler = () => {};
  onBinaryAck: BinaryAckHandler = () => {};
  onEvent: EventHandler = () => {};
  /** Socket.IO session id from the `40{"sid":…}` answer; empty until connected. */
  sid = "";
  closed = false;
  /** Engine.IO pings received (each answered with a pong): shows which heartbeats an idle window saw */
  pings = 0;
  private nextAckId = 0;
  private pendingBinaryAck: { id: number; packet: string } | undefined;
  private connectWaiter: { resolve: () => void; reject: (error: Error) => void } | undefined;

  protected abstract sendText(packet: string): void;
  protected abstract sendBinary(data: Buffer): void;
  abstract close(): void;

  /** Sends `40` (connect to "/", with an optional auth payload) and resolves on `40{"sid":…}`. */
  protected connectNamespace(auth?: object): Promise<void> {
    return new Promise((resolve, reject) => {
      this.connectWaiter = { resolve, reject };
      this.sendText(auth === undefined ? "40" : `40${JSON.stringify(auth)}`);
    });
  }

  protected failConnect(error: Error): void {
    const waiter = this.connectWaiter;
    this.connectWaiter = undefined;
    waiter?.reject(error);
  }

  /** `42["event",<json>]` — `json` is already serialised by the caller (reused across sends). */
  emit(event: string, json: string): void {
    this.sendText(`42["${event}",${json}]`);
  }

  /** `42<id>["event",<json>]`; the answer arrives at `onAck(id, …)`. */
  emitWithAck(event: string, json: string): number {
    const id = this.nextAckId++;
    this.sendText(`42${id}["${event}",${json}]`);
    return id;
  }

  /** `451-<id>["event",{placeholder 0}]` then the attachment; the answer arrives at `onBinaryAck`. */
  emitBinaryWithAck(event: string, attachment: Buffer): number {
    const id = this.nextAckId++;
    this.sendText(`451-${id}["${event}",{"_placeholder":true,"num":0}]`);
    this.sendBinary(attachment);
    return id;
  }

  protected receiveBinary(data: Buffer): void {
    const pending = this.pendingBinaryAck;
    if (pending === undefined) return; // attachments of binary events are not used by the bench
    this.pendingBinaryAck = undefined;
    this.onBinaryAck(pending.id, data, pending.packet);
  }

  protected receiveText(text: string): void {
    switch (text.charCodeAt(0)) {
      case 50 /* 2 ping */:
        this.pings++;
        this.sendText("3");
        return;
      case 52 /* 4 message */:
        this.receiveMessage(text);
        return;
      case 49 /* 1 close */:
        this.closed = true;
        this.failConnect(new Error("engine closed before connect"));
        return;
      default:
        return; // 0 open is handled by the transport, 3/5/6 need no answer
    }
  }

  private receiveMessage(text: string): void {
    switch (text.charCodeAt(1)) {
      case 50 /* 2 event */:
        this.onEvent(text);
        return;
      case 51 /* 3 ack */:
        {
          const [id] = readNumber(text, 2);
          this.onAck(id, text);
          return;
        }
      case 54 /* 6 binary ack: 461-<id>[...] */:
        {
          const [, afterCount] = readNumber(text, 2);
          const [id] = readNumber(text, afterCount + 1);
          this.pendingBinaryAck = { id, packet: text };
          return;
        }
      case 48 /* 0 connect */:
        {
          const match = /"sid":"([^"]+)"/.exec(text);
          this.sid = match?.[1] ?? "";
          const waiter = this.connectWaiter;
          this.connectWaiter = undefined;
          waiter?.resolve();
          return;
        }
      case 52 /* 4 connect_error */:
        this.failConnect(new Error(`connect_error ${text.slice(2)}`));
        return;
      default:
        return;
    }
  }
}
