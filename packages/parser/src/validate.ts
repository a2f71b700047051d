// Packet validation shared by both decoders (JSON and msgpack): type, namespace, ack id and
// payload shape per type. Binary types follow the rules of their plain type.
import { ERROR_MESSAGES, parserError } from "./errors.js";
import { PacketType, RESERVED_EVENTS, type Packet } from "./packet.js";

/** Throws a ParserError for the first rule the packet breaks (its code says which). */
export function validatePacket(packet: Packet): void {
  const type = packet.type;
  if (!Number.isInteger(type) || type < PacketType.CONNECT || type > PacketType.BINARY_ACK) {
    throw parserError("ERR_PARSER_INVALID_TYPE", ERROR_MESSAGES.invalidType);
  }
  validateNamespace(packet.nsp);
  validateAckId(type, packet.id);
  validatePayload(type, packet.data);
}

/** Boolean form of validatePacket, with the name the official parser exports. */
export function isPacketValid(packet: Packet): boolean {
  try {
    validatePacket(packet);
    return true;
  } catch {
    return false;
  }
}

export function validateNamespace(nsp: unknown): void {
  if (typeof nsp !== "string" || nsp.charCodeAt(0) !== 0x2f /* "/" */) {
    throw parserError("ERR_PARSER_INVALID_NAMESPACE", ERROR_MESSAGES.invalidNamespace);
  }
}

export function validateAckId(type: PacketType, id: unknown): void {
  const isAck = type === PacketType.ACK || type === PacketType.BINARY_ACK;
  if (id === undefined) {
    if (isAck) throw parserError("ERR_PARSER_INVALID_ID", ERROR_MESSAGES.invalidId);
    return;
  }
  if (!isAck && type !== PacketType.EVENT && type !== PacketType.BINARY_EVENT) {
    throw parserError("ERR_PARSER_INVALID_ID", ERROR_MESSAGES.invalidId);
  }
  // An ACK only names a pending callback: any integer is well-formed (as for the official
  // parsers), and one the server never issued is ignored there. An id the server must answer with
  // stays a safe non-negative integer.
  if (typeof id !== "number" || !(isAck ? Number.isInteger(id) : Number.isSafeInteger(id) && id >= 0)) {
    throw parserError("ERR_PARSER_INVALID_ID", ERROR_MESSAGES.invalidId);
  }
}

/**
 * Checks the payload's shape for its type. `reservedNames: false` leaves the event-name check to
 * the caller (a binary event is only refused once its attachments are consumed, see decoder.ts).
 */
export function validatePayload(type: PacketType, data: unknown, reservedNames = true): void {
  switch (type) {
    case PacketType.CONNECT:
      if (data === undefined || isPlainObject(data)) return;
      throw invalidPayload(); // CONNECT payload must be an object or absent
    case PacketType.DISCONNECT:
      if (data === undefined) return;
      throw invalidPayload(); // DISCONNECT carries no payload
    case PacketType.EVENT:
    case PacketType.BINARY_EVENT:
      validateEventArguments(data);
      if (reservedNames) refuseReservedName(data as unknown[]);
      return;
    case PacketType.ACK:
    case PacketType.BINARY_ACK:
      if (Array.isArray(data)) return;
      throw invalidPayload(); // ACK payload must be an array
    case PacketType.CONNECT_ERROR:
      if (typeof data === "string" || isPlainObject(data)) return;
      throw invalidPayload(); // CONNECT_ERROR payload must be a string or an object
  }
}

function validateEventArguments(data: unknown): void {
  if (!Array.isArray(data) || data.length === 0) {
    throw invalidPayload(); // EVENT payload must be a non-empty array
  }
  const name: unknown = data[0];
  if (typeof name !== "number" && typeof name !== "string") throw invalidPayload(); // event name must be a string or a number
}

/** An event named like one the server emits itself ("connect", "disconnect", …) is refused. */
export function refuseReservedName(data: unknown[]): void {
  const name = data[0];
  if (typeof name === "string" && RESERVED_EVENTS.has(name)) {
    throw parserError("ERR_PARSER_RESERVED_EVENT", ERROR_MESSAGES.invalidPayload);
  }
}

/** A JSON-style object: not an array, not a class instance (Buffer, Date, Map, ...). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function invalidPayload() {
  return parserError("ERR_PARSER_INVALID_PAYLOAD", ERROR_MESSAGES.invalidPayload);
}
