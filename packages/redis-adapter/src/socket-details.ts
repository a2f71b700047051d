// What a node tells another about one of its sockets (fetchSockets answers), for both adapters.
import type { AdapterSocket, Room, SocketId } from "@socketry/adapter";

/** Details of a socket living on another node, as fetchSockets() receives them. */
export interface RemoteSocketDetails {
  id: SocketId;
  handshake: unknown;
  rooms: Room[];
  data: unknown;
}

export function socketDetails(socket: AdapterSocket): RemoteSocketDetails {
  // The official server's handshake may hold its session store, which must not travel.
  const { sessionStore: _store, ...handshake } = (socket.handshake ?? {}) as Record<string, unknown>;
  return { id: socket.id, handshake, rooms: [...(socket.rooms ?? [])], data: socket.data };
}

/**
 * Adds the sockets of one fetchSockets answer to `found`; returns false when the answer carries
 * no list (it then does not count as a node's answer). Entries without a string id are dropped.
 */
export function addRemoteSockets(found: unknown[], sockets: unknown): boolean {
  if (!Array.isArray(sockets)) return false;
  for (const socket of sockets as Array<Partial<RemoteSocketDetails> | null>) {
    if (typeof socket?.id === "string")
      found.push({ ...socket, rooms: Array.isArray(socket.rooms) ? socket.rooms : [] });
  }
  return true;
}
