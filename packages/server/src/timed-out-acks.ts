// A broadcast whose acknowledgements timed out leaves its response callback in the ack map of
// every recipient that never answered. socketry's adapters (in-memory, Redis) drop those entries
// themselves: they know the recipients, also of broadcasts that came from other nodes. An adapter
// written for the official server (socket.io-adapter and those built on it) leaves them, as the
// official server does, so a silent client's map would grow with every broadcast; for those the
// entries are dropped here, by identity, from the namespace's sockets.
import { Adapter } from "@socketry/adapter";
import type { AdapterLike } from "./adapter-types.js";

/** An adapter that fans out to others (a parent namespace's) drops from each of them. */
export const DROP_TIMED_OUT_ACK: unique symbol = Symbol("socketry.dropTimedOutAck");

interface DropsTimedOutAck {
  [DROP_TIMED_OUT_ACK]?: (ack: unknown) => void;
}

type NamespaceSockets = Map<string, { _dropAck?(ack: unknown): void }>;

export function dropTimedOutAck(adapter: AdapterLike, ack: unknown): void {
  if (adapter instanceof Adapter) return;
  const fanOut = (adapter as DropsTimedOutAck)[DROP_TIMED_OUT_ACK];
  if (fanOut !== undefined) {
    fanOut.call(adapter, ack);
    return;
  }
  const sockets = (adapter as { nsp?: { sockets?: NamespaceSockets } }).nsp?.sockets;
  if (sockets === undefined) return;
  for (const socket of sockets.values()) socket._dropAck?.(ack);
}
