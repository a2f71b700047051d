// The option `persistConnectedSessions`: the session of every connected socket (sid, pid, rooms,
// data) is kept in Redis while it is connected, under the key the server's persistSession uses,
// so a client whose node died (and so never persisted anything) can be restored by another node.
// A record is written when the socket's rooms change and refreshed every `refreshMs`, with an
// expiry of maxDisconnectionDuration + refreshMs: it outlives its node by at least
// maxDisconnectionDuration. A socket that leaves for good (a disconnection the server does not
// persist) has its record deleted.
import type { AdapterNamespace, SocketId } from "@socketry/adapter";
import { log } from "./log.js";

export interface LiveSessionStore {
  set(key: string, value: string, ttlMs: number): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

export interface LiveSessionSettings {
  readonly keyPrefix: string;
  readonly maxDisconnectionDuration: number;
  readonly encode: (session: { sid: string; pid: string; rooms: string[]; data: unknown }) => string;
}

const MIN_REFRESH = 1_000;
const MAX_REFRESH = 60_000;

export class LiveSessions {
  readonly refreshMs: number;
  readonly #nsp: AdapterNamespace;
  readonly #store: LiveSessionStore;
  readonly #settings: LiveSessionSettings;
  /** Sockets whose record must be written (rooms changed). */
  readonly #pending = new Set<SocketId>();
  /** Sockets the server has just persisted: their record must stay when they leave their rooms. */
  readonly #persisted = new Set<SocketId>();
  /** The pid of each socket with a record. */
  readonly #pids = new Map<SocketId, string>();
  #flushScheduled = false;
  readonly #timer: NodeJS.Timeout;

  constructor(nsp: AdapterNamespace, store: LiveSessionStore, settings: LiveSessionSettings) {
    this.#nsp = nsp;
    this.#store = store;
    this.#settings = settings;
    this.refreshMs = Math.min(MAX_REFRESH, Math.max(MIN_REFRESH, Math.floor(settings.maxDisconnectionDuration / 2)));
    this.#timer = setInterval(() => this.#refreshAll(), this.refreshMs);
    this.#timer.unref();
  }

  /** The rooms of socket `id` changed. */
  changed(id: SocketId): void {
    if (this.#persisted.has(id)) return;
    this.#pending.add(id);
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // After the current turn: a new socket is in the namespace's map by then.
    setImmediate(() => this.#flush());
  }

  /** The server persisted the socket's session on disconnection: that record stays. */
  persisted(id: SocketId): void {
    this.#persisted.add(id);
    this.#pending.delete(id);
  }

  /** Socket `id` left all its rooms (it disconnected). */
  gone(id: SocketId): void {
    this.#pending.delete(id);
    const pid = this.#pids.get(id);
    this.#pids.delete(id);
    if (this.#persisted.delete(id) || pid === undefined) return;
    this.#store.del(this.#settings.keyPrefix + pid).catch((error: unknown) => this.#failed("delete", id, error));
  }

  close(): void {
    clearInterval(this.#timer);
    this.#pending.clear();
    this.#pids.clear();
    this.#persisted.clear();
  }

  #flush(): void {
    this.#flushScheduled = false;
    for (const id of this.#pending) this.#write(id);
    this.#pending.clear();
  }

  #refreshAll(): void {
    for (const id of this.#nsp.sockets.keys()) this.#write(id);
  }

  #write(id: SocketId): void {
    const socket = this.#nsp.sockets.get(id) as { pid?: unknown; rooms?: Set<string>; data?: unknown } | undefined;
    if (socket === undefined || typeof socket.pid !== "string" || this.#persisted.has(id)) return;
    const pid = socket.pid;
    let value: string;
    try {
      value = this.#settings.encode({ sid: id, pid, rooms: [...(socket.rooms ?? [])], data: socket.data });
    } catch (error) {
      this.#failed("encode", id, error);
      return;
    }
    this.#pids.set(id, pid);
    const ttl = this.#settings.maxDisconnectionDuration + this.refreshMs;
    this.#store
      .set(this.#settings.keyPrefix + pid, value, ttl)
      .catch((error: unknown) => this.#failed("write", id, error));
  }

  #failed(what: string, id: SocketId, error: unknown): void {
    log("could not %s the live session of %s: %s", what, id, (error as Error)?.message);
  }
}
