// Polling's own options, read from the engine's options once per server (Transport.setup).
import type { ZlibOptions } from "node:zlib";
import { invalidPollingOption } from "./errors.js";

export interface HttpCompressionOptions extends ZlibOptions {
  /** Payloads smaller than this many bytes go out uncompressed. Default 1024. */
  threshold?: number;
}

export interface PollingSettings {
  /** false when httpCompression is off. */
  readonly compression: Readonly<HttpCompressionOptions & { threshold: number }> | false;
  /** ms a closing transport waits for the client's next poll to deliver the close packet. */
  readonly closeTimeout: number;
}

const COMPRESSION_DEFAULTS = Object.freeze({ threshold: 1024 });
/**
 * Polling's options and their defaults (the class's `defaults`, which the engine shows in its
 * `opts`). `pollingCloseTimeout`: how long a session closed while no poll is pending waits for the
 * client's next poll to hand it the close packet (engine.io's fixed 30 s).
 */
export const POLLING_DEFAULTS = Object.freeze({
  httpCompression: true as boolean | HttpCompressionOptions,
  pollingCloseTimeout: 30_000 as number,
});
/** setTimeout turns anything longer into 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function resolvePollingSettings(options: Readonly<Record<string, unknown>>): PollingSettings {
  const given = options.httpCompression ?? POLLING_DEFAULTS.httpCompression;
  let compression: PollingSettings["compression"];
  if (given === false) compression = false;
  else if (given === true) compression = COMPRESSION_DEFAULTS;
  else if (typeof given === "object" && given !== null) {
    compression = Object.freeze({ ...COMPRESSION_DEFAULTS, ...(given as HttpCompressionOptions) });
    if (typeof compression.threshold !== "number" || compression.threshold < 0) {
      throw invalidPollingOption("httpCompression.threshold", "a non-negative number", compression.threshold);
    }
  } else throw invalidPollingOption("httpCompression", "a boolean or compression options", given);
  const closeTimeout = options.pollingCloseTimeout ?? POLLING_DEFAULTS.pollingCloseTimeout;
  if (typeof closeTimeout !== "number" || !(closeTimeout > 0) || closeTimeout > MAX_TIMER_MS) {
    throw invalidPollingOption("pollingCloseTimeout", "a positive number of ms (at most 2147483647)", closeTimeout);
  }
  return Object.freeze({ compression, closeTimeout });
}
