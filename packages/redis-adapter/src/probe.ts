// Checks that the adapter's own subscription still delivers: every `interval` ms it publishes a
// probe on a channel only this node listens to, and counts the subscription as lost when no probe
// came back for `timeout` ms. Cluster clients do not always say when a connection drops (a crashed
// cluster node), so `health.subscribed` must not rely on the clients' events alone.

export interface ProbeSettings {
  interval: number;
  timeout: number;
  /** Publishes one probe. */
  send(): void;
  /** No probe came back for `timeout` ms. */
  onSilence(): void;
  /** A probe came back. */
  onEcho(): void;
}

export class SubscriptionProbe {
  readonly #settings: ProbeSettings;
  #lastEcho = Date.now();
  #timer: NodeJS.Timeout | undefined;

  constructor(settings: ProbeSettings) {
    this.#settings = settings;
  }

  start(): void {
    this.#lastEcho = Date.now();
    this.#timer ??= setInterval(() => {
      if (Date.now() - this.#lastEcho > this.#settings.timeout) this.#settings.onSilence();
      this.#settings.send();
    }, this.#settings.interval);
    this.#timer.unref();
  }

  /** One of this node's probes came back. */
  echo(): void {
    this.#lastEcho = Date.now();
    this.#settings.onEcho();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
