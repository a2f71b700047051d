// httpCompression: gzip/deflate of polling responses over the threshold, when the client accepts it.
import type { IncomingMessage } from "node:http";
import { deflate, gzip } from "node:zlib";
import accepts from "accepts";
import type { PollingSettings } from "./options.js";

export type Encoding = "gzip" | "deflate";

/** The encoding to use for a body of `size` bytes, or null to send it as is. */
export function chooseEncoding(request: IncomingMessage, settings: PollingSettings, size: number): Encoding | null {
  const compression = settings.compression;
  if (compression === false || size < compression.threshold) return null;
  if (request.headers["accept-encoding"] === undefined) return null;
  const encoding = accepts(request).encodings(["gzip", "deflate"]);
  return encoding === "gzip" || encoding === "deflate" ? encoding : null;
}

export function compress(
  encoding: Encoding,
  body: Buffer,
  settings: PollingSettings,
  done: (error: Error | null, compressed: Buffer) => void,
): void {
  const { threshold: _threshold, ...zlibOptions } = settings.compression || { threshold: 0 };
  (encoding === "gzip" ? gzip : deflate)(body, zlibOptions, done);
}
