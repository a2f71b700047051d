// Reads one stream on a dedicated connection, in order, from where it started: blocking XREAD
// while it keeps up; when it is behind (its last read was full) or after an error (connection
// lost, Redis restarted) it reads with XRANGE starting *at* the last id it saw, so it can tell
// whether that entry is still there. If it is not, entries after it may have been trimmed away
// (the stream is capped at `maxLen`) or lost with a restarted Redis: the reader reports a gap,
// then goes on from the oldest entry left. It never reads an entry twice.
import { log } from "./log.js";
import type { RedisLink } from "./redis-link.js";
import { compareIds, parseEntries, parseReadReply, type StreamEntry } from "./stream-ids.js";

export interface StreamGap {
  /** The stream read. */
  readonly stream: string;
  /** The last entry the reader had delivered before the gap. */
  readonly lastId: string;
  /** The first entry after the gap (undefined when the stream is now empty). */
  readonly resumedAt: string | undefined;
}

export interface ReaderHandlers {
  entry(entry: StreamEntry): void;
  gap(gap: StreamGap): void;
}

export interface ReaderSettings {
  readonly readCount: number;
  readonly blockTimeInMs: number;
}

/** Pause before a read that follows a failed one. */
const RETRY_DELAY = 100;
const MAX_RETRY_DELAY = 2_000;

export class StreamReader {
  readonly stream: string;
  /** The id of the last entry delivered (every entry up to it has been delivered). */
  lastId: string | undefined;
  /** Resolves once the reader knows its starting point. */
  readonly ready: Promise<void>;
  #connection: RedisLink | undefined;
  #stopped = false;
  /** True when the next read must verify that `lastId` is still in the stream. */
  #mustCheck = false;
  #failures = 0;
  /** How many times the connection came back after dropping. */
  #reconnections = 0;

  constructor(
    private readonly link: RedisLink,
    stream: string,
    private readonly settings: ReaderSettings,
    private readonly handlers: ReaderHandlers,
  ) {
    this.stream = stream;
    this.ready = this.#start();
    this.ready.catch(() => {});
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  stop(): void {
    this.#stopped = true;
    // Ends a pending blocking read at once.
    this.#connection?.destroy();
  }

  async #start(): Promise<void> {
    const connection = await this.#connect();
    if (connection === undefined) return;
    // The newest entry is the starting point: what was sent before this node started is not its.
    for (let attempt = 1; !this.#stopped; attempt++) {
      try {
        const newest = parseEntries(await connection.command(["XREVRANGE", this.stream, "+", "-", "COUNT", "1"]));
        this.lastId = newest[0]?.id ?? "0-0";
        break;
      } catch (error) {
        log("could not find the end of %s: %s", this.stream, (error as Error)?.message);
        await sleep(Math.min(MAX_RETRY_DELAY, RETRY_DELAY * attempt));
      }
    }
    if (this.#stopped) return;
    log("reading %s after %s", this.stream, this.lastId);
    void this.#loop();
  }

  /** The dedicated connection, retried while Redis cannot be reached; undefined once stopped. */
  async #connect(): Promise<RedisLink | undefined> {
    for (let attempt = 1; !this.#stopped; attempt++) {
      try {
        const connection = await this.link.duplicate();
        connection.onReconnect(() => this.#reconnections++);
        this.#connection = connection;
        if (!this.#stopped) return connection;
        connection.destroy();
      } catch (error) {
        log("could not open a connection to read %s: %s", this.stream, (error as Error)?.message);
        await sleep(Math.min(MAX_RETRY_DELAY, RETRY_DELAY * attempt));
      }
    }
    return undefined;
  }

  async #loop(): Promise<void> {
    while (!this.#stopped) {
      try {
        const checked = this.#mustCheck;
        const reconnections = this.#reconnections;
        const entries = checked ? await this.#checkedRead() : await this.#blockingRead();
        if (this.#stopped) return;
        // ioredis resends a blocking read cut by a reconnection: was the position kept meanwhile?
        if (!checked && this.#reconnections !== reconnections) await this.#verifyPosition(entries);
        this.#failures = 0;
        this.#mustCheck = entries.length >= this.settings.readCount;
        this.#deliver(entries);
      } catch (error) {
        if (this.#stopped) return;
        this.#mustCheck = true;
        this.#failures++;
        log("reading %s failed (%d in a row): %s", this.stream, this.#failures, (error as Error)?.message);
        await sleep(Math.min(MAX_RETRY_DELAY, RETRY_DELAY * this.#failures));
      }
    }
  }

  async #blockingRead(): Promise<StreamEntry[]> {
    const { readCount, blockTimeInMs } = this.settings;
    const reply = await this.#connection!.command([
      "XREAD",
      "COUNT",
      String(readCount),
      "BLOCK",
      String(blockTimeInMs),
      "STREAMS",
      this.stream,
      this.lastId!,
    ]);
    return parseReadReply(reply);
  }

  /** XRANGE from the last id itself: its absence reveals a gap. */
  async #checkedRead(): Promise<StreamEntry[]> {
    const lastId = this.lastId!;
    const count = String(this.settings.readCount + 1);
    const entries = parseEntries(await this.#connection!.command(["XRANGE", this.stream, lastId, "+", "COUNT", count]));
    if (entries[0]?.id === lastId) return entries.slice(1);
    // "0-0" is the start of a stream that was empty: nothing was delivered that could be missing.
    if (lastId !== "0-0") this.handlers.gap({ stream: this.stream, lastId, resumedAt: entries[0]?.id });
    return entries.slice(0, this.settings.readCount);
  }

  /** After a read that spanned a reconnection: if the last id is gone, entries may be gone too. */
  async #verifyPosition(entries: StreamEntry[]): Promise<void> {
    const lastId = this.lastId!;
    if (lastId === "0-0") return;
    const still = parseEntries(await this.#connection!.command(["XRANGE", this.stream, lastId, lastId]));
    if (still.length === 0) this.handlers.gap({ stream: this.stream, lastId, resumedAt: entries[0]?.id });
  }

  #deliver(entries: StreamEntry[]): void {
    for (const entry of entries) {
      // Ids only grow; an older one would be a stream recreated with a clock that went back.
      if (compareIds(entry.id, this.lastId!) <= 0) continue;
      this.lastId = entry.id;
      try {
        this.handlers.entry(entry);
      } catch (error) {
        log("entry %s of %s could not be handled: %s", entry.id, this.stream, (error as Error)?.message);
      }
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
