import { SessionAwareAdapter, type AdapterPacket, type SessionAwareAdapterOptions } from "@socketry/adapter";

/** A session-aware adapter over a namespace with no connected socket, encoding packets as JSON. */
export function makeSessionAdapter(options?: SessionAwareAdapterOptions, maxDisconnectionDuration = 5_000) {
  const nsp = {
    name: "/",
    sockets: new Map(),
    server: {
      encoder: { encode: (packet: AdapterPacket) => [JSON.stringify(packet)] },
      opts: { connectionStateRecovery: { maxDisconnectionDuration } },
    },
  };
  return new SessionAwareAdapter(nsp, options);
}

/** Broadcasts an event with `args` and returns the offset the adapter appended. */
export function emit(
  adapter: SessionAwareAdapter,
  args: unknown[],
  opts: { rooms?: string[]; except?: string[]; volatile?: boolean; local?: boolean } = {},
): string | undefined {
  const data = [...args];
  adapter.broadcast(
    { type: 2, data },
    {
      rooms: new Set(opts.rooms ?? []),
      except: new Set(opts.except ?? []),
      flags: { volatile: opts.volatile, local: opts.local },
    },
  );
  return data.length > args.length ? (data[data.length - 1] as string) : undefined;
}

export function persist(adapter: SessionAwareAdapter, pid: string, rooms: string[] = [], sid = `sid-${pid}`) {
  adapter.persistSession({ sid, pid, rooms: [sid, ...rooms], data: { pid } });
}
