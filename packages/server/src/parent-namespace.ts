// biome-ignore-all lint/suspicious/noExplicitAny: packets cross the adapter boundary untyped
// Dynamic namespaces: io.of(/regex/) or io.of(fn) returns a ParentNamespace. Each matching name a
// client asks for becomes a child Namespace that inherits the parent's middlewares and
// connection listeners; the parent's broadcasts reach every child.
import type { AdapterLike, BroadcastOptions, Room, SocketId } from "./adapter-types.js";
import { Namespace } from "./namespace.js";
import type { Server } from "./server.js";
import type { DefaultEventsMap, EventsMap } from "./typed-events.js";
import { unawaited } from "./unawaited.js";

/** Decides whether a namespace name a client asked for exists: `next(null, true)` creates it. */
export type NamespaceMatcher = (
  name: string,
  auth: Record<string, unknown>,
  next: (err: Error | null, allow: boolean) => void,
) => void;

let parentCount = 0;

export class ParentNamespace<
  ListenEvents extends EventsMap = DefaultEventsMap,
  EmitEvents extends EventsMap = ListenEvents,
  ServerSideEvents extends EventsMap = DefaultEventsMap,
  SocketData = any,
> extends Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData> {
  readonly children = new Set<Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>();

  constructor(server: Server<ListenEvents, EmitEvents, ServerSideEvents, SocketData>) {
    super(server, `/_${parentCount++}`);
  }

  /** @internal The parent's adapter fans out to its children's adapters. */
  override _initAdapter(): void {
    this.adapter = new ParentAdapter(this, () => this.children);
  }

  /** @internal Creates the child namespace `name` (called once per name). */
  createChild(name: string): Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData> {
    const child = new Namespace(this.server, name);
    child._fns = this._fns.slice();
    for (const listener of this.listeners("connect")) child.on("connect", listener);
    for (const listener of this.listeners("connection")) child.on("connection", listener);
    this.children.add(child);
    if (this.server._settings.cleanupEmptyChildNamespaces) child._onEmpty = this.#removeChild;
    this.server._registerNamespace(child);
    return child;
  }

  /** Drops an empty child (shared by every child: no closure per namespace). */
  readonly #removeChild = (child: Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>): void => {
    if (child.sockets.size > 0 || !this.children.delete(child)) return;
    this.server._nsps.delete(child.name);
    void child.adapter.close?.();
  };
}

/** Runs each adapter operation on every child namespace's adapter. */
class ParentAdapter implements AdapterLike {
  readonly rooms = new Map<Room, Set<SocketId>>();
  readonly sids = new Map<SocketId, Set<Room>>();
  /** The parent namespace (its ack registry owns the ids and timeouts of its broadcasts). */
  readonly nsp: Namespace<any, any, any, any>;
  readonly #children: () => Set<Namespace<any, any, any, any>>;

  constructor(nsp: Namespace<any, any, any, any>, children: () => Set<Namespace<any, any, any, any>>) {
    this.nsp = nsp;
    this.#children = children;
  }

  #adapters(): AdapterLike[] {
    return [...this.#children()].map((nsp) => nsp.adapter);
  }

  addAll(): void {}
  del(): void {}
  delAll(): void {}

  broadcast(packet: any, opts: BroadcastOptions): void {
    // Each child adapter stamps its own namespace on the packet: give each its own copy.
    for (const adapter of this.#adapters()) adapter.broadcast({ ...packet }, opts);
  }

  // Each child adapter reports its servers' client counts itself (a distributed one later, for
  // its peers), so the operator waits for every child's servers: serverCount() is their sum.
  broadcastWithAck(
    packet: any,
    opts: BroadcastOptions,
    clientCountCallback: (n: number) => void,
    ack: (...args: any[]) => void,
  ): void {
    const adapters = this.#adapters();
    // No child, no report: say "no recipient" once, or a local broadcast (which expects one
    // report from this server) would wait for ever.
    if (adapters.length === 0) clientCountCallback(0);
    for (const adapter of adapters) adapter.broadcastWithAck({ ...packet }, opts, clientCountCallback, ack);
  }

  async serverCount(): Promise<number> {
    const counts = await Promise.all(
      this.#adapters().map((a) => (typeof a.serverCount === "function" ? a.serverCount() : 1)),
    );
    return counts.reduce((sum, n) => sum + n, 0);
  }

  async sockets(rooms: Set<Room>): Promise<Set<SocketId>> {
    const all = new Set<SocketId>();
    for (const ids of await Promise.all(this.#adapters().map((a) => a.sockets(rooms))))
      for (const id of ids) all.add(id);
    return all;
  }

  socketRooms(): Set<Room> | undefined {
    return undefined;
  }

  async fetchSockets(opts: BroadcastOptions): Promise<any[]> {
    return (await Promise.all(this.#adapters().map((a) => a.fetchSockets(opts)))).flat();
  }

  addSockets(opts: BroadcastOptions, rooms: Room[]): void {
    for (const adapter of this.#adapters()) unawaited(adapter.addSockets(opts, rooms), "addSockets", adapter);
  }

  delSockets(opts: BroadcastOptions, rooms: Room[]): void {
    for (const adapter of this.#adapters()) unawaited(adapter.delSockets(opts, rooms), "delSockets", adapter);
  }

  disconnectSockets(opts: BroadcastOptions, close: boolean): void {
    for (const adapter of this.#adapters())
      unawaited(adapter.disconnectSockets(opts, close), "disconnectSockets", adapter);
  }

  serverSideEmit(packet: any[]): void {
    for (const adapter of this.#adapters()) unawaited(adapter.serverSideEmit(packet), "serverSideEmit", adapter);
  }
}
