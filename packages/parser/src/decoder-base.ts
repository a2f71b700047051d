// What every socketry decoder shares: the "decoded" event, and a direct call to the one component
// that owns the decoder (the Socket.IO server's client) instead of a listener. A decoder nobody
// else listens to never creates its listener table (~230 bytes per connection).
import { EventEmitter } from "node:events";
import { withoutListenerTable } from "@socketry/shared";
import type { Packet } from "./packet.js";

export interface DecoderEvents {
  decoded: [packet: Packet];
}

/** Registered key (`Symbol.for`), so a server can use it without importing this package. */
export const DECODED_OBSERVER: unique symbol = Symbol.for("socketry.parser.decodedObserver") as never;

export interface DecodedObserver {
  /** Called with each complete packet, before the "decoded" event. */
  onDecoded(packet: Packet): void;
}

export class DecoderBase extends EventEmitter<DecoderEvents> {
  [DECODED_OBSERVER]: DecodedObserver | null = null;

  constructor() {
    super();
    withoutListenerTable(this);
  }

  protected deliver(packet: Packet): void {
    this[DECODED_OBSERVER]?.onDecoded(packet);
    this.emit("decoded", packet);
  }
}
