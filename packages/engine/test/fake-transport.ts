// A transport with no network: records what the session sends, lets a test inject packets.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Packet } from "@socketry/engine-parser";
import { Transport, type TransportInit } from "../src/index.js";

export class FakeTransport extends Transport {
  static override readonly transportName: string = "fake";
  static override readonly upgradesTo: readonly string[] = ["fake-upgrade"];
  sent: Packet[] = [];
  responses = 0;

  constructor(init: TransportInit) {
    super(init);
    this.writable = true;
  }

  override onRequest(_req: IncomingMessage, res: ServerResponse): void {
    this.responses++;
    res.writeHead(200).end("fake");
  }

  /** One packet per frame, like WebSocket: the session flushes each write at once. */
  override get supportsFraming(): boolean {
    return true;
  }

  sends = 0;

  send(packets: Packet[]): void {
    this.sends++;
    this.sent.push(...packets);
  }

  protected doClose(fn?: () => void): void {
    this.onClose();
    fn?.();
  }

  /** Test hook: a packet from the peer. */
  receive(packet: Packet): void {
    this.onPacket(packet);
  }

  fail(message: string): void {
    this.onError(message);
  }
}

/** Packets travel in payloads, like polling: the session flushes once per tick. */
export class FakePayloadTransport extends FakeTransport {
  static override readonly transportName: string = "fake-payload";
  override get supportsFraming(): boolean {
    return false;
  }
}

export class FakeUpgradeTransport extends FakeTransport {
  static override readonly transportName: string = "fake-upgrade";
  static override readonly upgradesTo: readonly string[] = [];
  static override readonly handlesUpgrades: boolean = true;
}
