// Sessions in Redis, in the official adapter's format (msgpack of { sid, pid, rooms, data } in
// base64), so official and socketry nodes restore each other's sessions.
import type { SessionToPersist } from "@socketry/adapter";
import { pack, unpack } from "./wire.js";

export interface StoredSession {
  readonly sid: string;
  readonly rooms: string[];
  readonly data: unknown;
}

export function encodeSession(session: SessionToPersist): string {
  return pack({ sid: session.sid, pid: session.pid, rooms: session.rooms, data: session.data }).toString("base64");
}

/** The stored session, or undefined when the value is not one. */
export function decodeSession(raw: string): StoredSession | undefined {
  try {
    const value = unpack(Buffer.from(raw, "base64")) as Partial<StoredSession> | null;
    if (typeof value !== "object" || value === null || typeof value.sid !== "string" || !Array.isArray(value.rooms))
      return undefined;
    if (!value.rooms.every((room) => typeof room === "string" || typeof room === "number")) return undefined;
    return { sid: value.sid, rooms: value.rooms, data: value.data };
  } catch {
    return undefined;
  }
}
