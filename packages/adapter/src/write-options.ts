import { messageFrame } from "./message-frame.js";
import type { BroadcastOptions } from "./types.js";

/**
 * The options of one broadcast's writes: a single object shared by every recipient, so the
 * engine and transports can tell that data and options are the same for all of them (and encode
 * once). Besides those neutral facts, the official adapter contract (its suite checks it on the
 * adapter alone) has the broadcast's WebSocket frame here as `wsPreEncodedFrame`, built by ws on
 * first read only.
 */
export class BroadcastWriteOptions {
  readonly preEncoded = true as const;
  readonly volatile: boolean | undefined;
  readonly compress: boolean | undefined;
  readonly #encoded: unknown[];
  #frame: Buffer[] | undefined | null = null;

  constructor(opts: BroadcastOptions, encoded: unknown[]) {
    this.volatile = opts.flags?.volatile;
    this.compress = opts.flags?.compress;
    this.#encoded = encoded;
  }

  /** The frame of a broadcast encoded as one string; undefined for binary content. */
  get wsPreEncodedFrame(): Buffer[] | undefined {
    if (this.#frame === null) {
      const encoded = this.#encoded;
      this.#frame = encoded.length === 1 && typeof encoded[0] === "string" ? messageFrame(encoded[0]) : undefined;
    }
    return this.#frame;
  }
}
