// biome-ignore-all lint/suspicious/noExplicitAny: the client libraries are duck-typed
// ioredis and node-redis 3 emit one event per kind of message ("messageBuffer", "pmessageBuffer",
// "smessageBuffer") for every channel of the client: the router hands each message to the handler
// of its channel or pattern, and drops messages of channels no adapter subscribed to.
import { asBuffer, type MessageHandler } from "./types.js";

export class MessageRouter {
  readonly exact = new Map<string, MessageHandler>();
  readonly patterns = new Map<string, MessageHandler>();
  readonly sharded = new Map<string, MessageHandler>();
  #attached = false;

  constructor(readonly sub: any) {}

  /** Adds the client listeners on first use, so a client the adapter never subscribes with is left alone. */
  attach(): void {
    if (this.#attached) return;
    this.#attached = true;
    this.sub.on("messageBuffer", (channel: Buffer | string, message: Buffer) => {
      const name = String(channel);
      this.exact.get(name)?.(name, asBuffer(message));
    });
    this.sub.on("pmessageBuffer", (pattern: Buffer | string, channel: Buffer | string, message: Buffer) => {
      this.patterns.get(String(pattern))?.(String(channel), asBuffer(message));
    });
    this.sub.on("smessageBuffer", (channel: Buffer | string, message: Buffer) => {
      const name = String(channel);
      this.sharded.get(name)?.(name, asBuffer(message));
    });
  }

  add(map: Map<string, MessageHandler>, names: string[], handler: MessageHandler): void {
    this.attach();
    for (const name of names) map.set(name, handler);
  }

  /** Removes the names still routed to `handler` (or to anyone when no handler is given). */
  remove(map: Map<string, MessageHandler>, names: string[], handler: MessageHandler | undefined): string[] {
    const removed: string[] = [];
    for (const name of names) {
      if (handler !== undefined && map.get(name) !== handler) continue;
      map.delete(name);
      removed.push(name);
    }
    return removed;
  }
}
