import { Adapter, type AdapterPacket, type AdapterSocket, type WriteOptions } from "@socketry/adapter";

export interface RecordingSocket extends AdapterSocket {
  written: Array<{ encoded: unknown[]; opts: WriteOptions }>;
  disconnectedWith: boolean | undefined;
  acks: Map<number, (...args: unknown[]) => void>;
}

/** A namespace with real sockets that record what the adapter makes them do. */
export function makeNamespace(ids: string[]) {
  const encodeCalls: AdapterPacket[] = [];
  const nsp = {
    name: "/chat",
    sockets: new Map<string, RecordingSocket>(),
    server: {
      encoder: {
        encode(packet: AdapterPacket) {
          encodeCalls.push(packet);
          return [JSON.stringify(packet)] as unknown[];
        },
      },
    },
    _ids: 0,
  };
  const adapter = new Adapter(nsp);
  for (const id of ids) {
    const socket: RecordingSocket = {
      id,
      written: [],
      disconnectedWith: undefined,
      acks: new Map(),
      client: { writeToEngine: (encoded, opts) => socket.written.push({ encoded, opts }) },
      join: (rooms) => adapter.addAll(id, new Set(Array.isArray(rooms) ? rooms : [rooms])),
      leave: (room) => adapter.del(id, room),
      disconnect: (close) => {
        socket.disconnectedWith = close;
        adapter.delAll(id);
        nsp.sockets.delete(id);
      },
    };
    nsp.sockets.set(id, socket);
    adapter.addAll(id, new Set([id]));
  }
  const socket = (id: string) => nsp.sockets.get(id) as RecordingSocket;
  return { nsp, adapter, encodeCalls, socket };
}
