// What a node tells another about one of its sockets (fetchSockets answers), for both adapters.
import type { AdapterSocket } from "@socketry/adapter";

export interface RemoteSocketDetails {
  id: string;
  handshake: unknown;
  rooms: unknown[];
  data: unknown;
}

export function socketDetails(socket: AdapterSocket): RemoteSocketDetails {
  // The official server's handshake may hold its session store, which must not travel.
  const { sessionStore: _store, ...handshake } = (socket.handshake ?? {}) as Record<string, unknown>;
  return { id: socket.id, handshake, rooms: [...(socket.rooms ?? [])], data: socket.data };
}
