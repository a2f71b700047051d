// What both adapters know about their Redis connection — subscribed or not, the last error — kept
// from the clients' lifecycle events and the adapter's own checks. Every change is announced on
// the adapter: "health" when `subscribed` flips, "error" (when someone listens) for an error.
import type { EventEmitter } from "node:events";
import { RedisAdapterError } from "./errors.js";
import { log } from "./log.js";
import type { RedisLink } from "./redis-link.js";
import { describe } from "./util.js";

/** What an adapter reports about its connection to the cluster. */
export interface RedisAdapterHealth {
  /** The subscriber is connected and subscribed (its own messages come back). */
  subscribed: boolean;
  /** Other nodes known (classic: socketry peers heard by heartbeat; sharded: at the last serverCount()). */
  peers: number;
  /** Cluster requests waiting for answers. */
  pendingRequests: number;
  /** The last error reported by Redis or a command, if any. */
  lastError: RedisAdapterError | undefined;
}

export interface LinkStateOwner extends EventEmitter {
  readonly health: RedisAdapterHealth;
  readonly nsp: { readonly name: string };
}

export class LinkState {
  readonly #owner: LinkStateOwner;
  #subscribed = false;
  #lost = false;
  #closed = false;
  #lastError: RedisAdapterError | undefined;
  #unwatch: (() => void) | undefined;

  constructor(owner: LinkStateOwner) {
    this.#owner = owner;
  }

  get subscribed(): boolean {
    return this.#subscribed;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get lastError(): RedisAdapterError | undefined {
    return this.#lastError;
  }

  /** Listens to the clients; `resubscribe` runs when the subscriber is back after a loss. */
  watch(link: RedisLink, resubscribe: () => void): void {
    this.#unwatch ??= link.watch({
      error: (err) =>
        this.report(
          err instanceof RedisAdapterError
            ? err
            : new RedisAdapterError("ERR_REDIS_ADAPTER_CLIENT_ERROR", describe(err), { cause: err }),
        ),
      subscriberLost: () => {
        this.setSubscribed(false);
        this.#lost = true;
      },
      subscriberReady: () => {
        if (!this.#lost || this.#closed) return;
        this.#lost = false;
        log("%s: subscriber is back, subscribing again", this.#owner.nsp.name);
        resubscribe();
      },
    });
  }

  /** A change of `subscribed` is announced with a "health" event carrying the new health. */
  setSubscribed(subscribed: boolean): void {
    if (this.#subscribed === subscribed || (subscribed && this.#closed)) return;
    this.#subscribed = subscribed;
    this.#owner.emit("health", this.#owner.health);
  }

  /** Surfaces an error on the "error" event when someone listens, and logs it in any case. */
  report(error: RedisAdapterError): void {
    this.#lastError = error;
    log("%s: %s", this.#owner.nsp.name, error.message);
    if (this.#owner.listenerCount("error") > 0) this.#owner.emit("error", error);
  }

  /** Reports a failed publish, subscribe or unsubscribe. */
  commandFailed(what: string, err: unknown): void {
    this.report(
      new RedisAdapterError("ERR_REDIS_ADAPTER_COMMAND_FAILED", `${what} failed: ${describe(err)}`, { cause: err }),
    );
  }

  /** The adapter is closing: no longer subscribed, nothing more to announce after `release()`. */
  close(): void {
    this.setSubscribed(false);
    this.#closed = true;
  }

  /** Removes the client listeners. */
  release(): void {
    this.#unwatch?.();
    this.#unwatch = undefined;
  }
}
