// The encodings of @socket.io/redis-streams-adapter 0.3, so official and socketry nodes share one
// cluster: a stream entry has the fields uid, nsp, type (decimal) and data (JSON, or msgpack in
// base64 when the data holds binary); a Pub/Sub payload is the whole message in msgpack.
import { MessageType, type ClusterMessage, type ClusterResponse } from "@socketry/adapter";
// msgpack as @socketry/msgpack-parser configures it for every socketry package: the bytes
// notepack.io and @msgpack/msgpack read as plain maps, decoded with msgpackr's no-eval build,
// without structured clone and with bounded nesting.
import { msgpack } from "@socketry/msgpack-parser";

export type AnyMessage = ClusterMessage | ClusterResponse;

/** Types whose data may carry binary (the others are always JSON). */
const MAY_CONTAIN_BINARY: ReadonlySet<number> = new Set([
  MessageType.BROADCAST,
  MessageType.FETCH_SOCKETS_RESPONSE,
  MessageType.SERVER_SIDE_EMIT,
  MessageType.SERVER_SIDE_EMIT_RESPONSE,
  MessageType.BROADCAST_ACK,
]);

export function pack(value: unknown): Buffer {
  return msgpack.encode(value);
}

/** Throws a ParserError on malformed or too deeply nested input. */
export function unpack(data: Buffer): unknown {
  return msgpack.decode(data);
}

/** The fields of the stream entry for `message`, as a flat list for XADD. */
export function toStreamFields(message: ClusterMessage, onlyPlaintext: boolean): string[] {
  const fields = ["uid", message.uid, "nsp", message.nsp, "type", String(message.type)];
  const data = (message as { data?: unknown }).data;
  if (data) {
    const binary = !onlyPlaintext && MAY_CONTAIN_BINARY.has(message.type) && hasBinary(data);
    fields.push("data", binary ? pack(data).toString("base64") : JSON.stringify(data));
  }
  return fields;
}

/** The message of a stream entry, or undefined when the entry is not one. */
export function fromStreamFields(fields: Record<string, string>): ClusterMessage | undefined {
  const { uid, nsp, type, data } = fields;
  if (typeof uid !== "string" || typeof nsp !== "string" || typeof type !== "string" || !/^\d{1,3}$/.test(type))
    return undefined;
  const message: Record<string, unknown> = { uid, nsp, type: Number(type) };
  if (data) message.data = data.startsWith("{") ? JSON.parse(data) : unpack(Buffer.from(data, "base64"));
  return message as unknown as ClusterMessage;
}

/** A Pub/Sub payload as a message, or undefined when it is not one. */
export function fromPayload(payload: Buffer): AnyMessage | undefined {
  const message = unpack(payload) as Partial<AnyMessage> | null;
  if (typeof message !== "object" || message === null) return undefined;
  if (typeof message.uid !== "string" || typeof message.nsp !== "string" || typeof message.type !== "number")
    return undefined;
  return message as AnyMessage;
}

/** Whether `value` holds an ArrayBuffer or a typed array (bounded depth: the data may be hostile). */
export function hasBinary(value: unknown, depth = 0, viaToJSON = false): boolean {
  if (typeof value !== "object" || value === null || depth > 64) return false;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return true;
  if (Array.isArray(value)) return value.some((item) => hasBinary(item, depth + 1));
  for (const key of Object.keys(value)) if (hasBinary((value as Record<string, unknown>)[key], depth + 1)) return true;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  return typeof toJSON === "function" && !viaToJSON ? hasBinary(toJSON.call(value), depth + 1, true) : false;
}
