// Session and socket ids: 15 random bytes (120 bits) as 20 base64url characters, the length of
// the official ids. The bytes come from the CSPRNG 64 ids at a time: one call into it per 64
// handshakes instead of one per id (each call crosses into C++ and OpenSSL: 4 % of a connect
// storm's server time when every Socket.IO socket drew its own). Pooled bytes are as random as
// fresh ones; each is handed out once.
import { randomFillSync } from "node:crypto";

const ID_BYTES = 15;
const IDS_PER_FILL = 64;
const pool = Buffer.alloc(ID_BYTES * IDS_PER_FILL);
let offset = pool.length;

export function randomId(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString("base64url", offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}
