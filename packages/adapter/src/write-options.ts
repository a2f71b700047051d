import type { BroadcastOptions } from "./types.js";

/**
 * The options of one broadcast's writes: a single object shared by every recipient, so the
 * engine and transports can tell that data and options are the same for all of them (and encode
 * once). Transport-neutral facts only: a transport may add its own encoding to it (the WebSocket
 * transport exposes its frame there).
 */
export class BroadcastWriteOptions {
  readonly preEncoded = true as const;
  readonly volatile: boolean | undefined;
  readonly compress: boolean | undefined;

  constructor(opts: BroadcastOptions) {
    this.volatile = opts.flags?.volatile;
    this.compress = opts.flags?.compress;
  }
}
