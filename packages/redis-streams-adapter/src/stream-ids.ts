// Stream entry ids ("<ms>-<seq>", each a 64-bit unsigned integer) and the raw RESP2 replies of
// XREAD / XRANGE, parsed the same way whichever client library gave them.

export interface StreamEntry {
  readonly id: string;
  readonly fields: Record<string, string>;
}

const ID = /^(\d{1,20})-(\d{1,20})$/;

export function isStreamId(value: unknown): value is string {
  return typeof value === "string" && ID.test(value);
}

/** Orders two valid ids: negative, zero or positive. */
export function compareIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split("-") as [string, string];
  const [bMs, bSeq] = b.split("-") as [string, string];
  return compareDigits(aMs, bMs) || compareDigits(aSeq, bSeq);
}

function compareDigits(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The smallest id after `id` (exclusive ranges need Redis 6.2; this works on any version). */
export function nextId(id: string): string {
  const [ms, seq] = id.split("-") as [string, string];
  return `${ms}-${BigInt(seq) + 1n}`;
}

/** Entries of an XRANGE/XREVRANGE reply: `[[id, [field, value, ...]], ...]`. */
export function parseEntries(reply: unknown): StreamEntry[] {
  if (!Array.isArray(reply)) return [];
  const entries: StreamEntry[] = [];
  for (const item of reply) {
    if (!Array.isArray(item) || item.length < 2) continue;
    const id = String(item[0]);
    const flat = item[1];
    const fields: Record<string, string> = Object.create(null);
    if (Array.isArray(flat)) {
      for (let i = 0; i + 1 < flat.length; i += 2) fields[String(flat[i])] = String(flat[i + 1]);
    }
    entries.push({ id, fields });
  }
  return entries;
}

/**
 * Entries of a one-stream XREAD reply: `[[stream, entries]]` in RESP2, a map `{ stream: entries }`
 * in RESP3 (node-redis 6 speaks it by default), or null when it timed out.
 */
export function parseReadReply(reply: unknown): StreamEntry[] {
  if (reply instanceof Map) return parseEntries(reply.values().next().value);
  if (Array.isArray(reply)) {
    const [stream] = reply as unknown[];
    return Array.isArray(stream) ? parseEntries(stream[1]) : [];
  }
  if (typeof reply === "object" && reply !== null) return parseEntries(Object.values(reply)[0]);
  return [];
}
