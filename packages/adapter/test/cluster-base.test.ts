// The cluster base classes without servers: what a subclass sees (messages it must carry), timers,
// closing, and messages a broken or hostile peer could send.
import { afterEach, describe, expect, test, vi } from "vitest";
import {
  ClusterAdapter,
  ClusterAdapterWithHeartbeat,
  MessageType,
  type AdapterNamespace,
  type ClusterMessage,
  type ClusterResponse,
} from "@socketry/adapter";

afterEach(() => {
  vi.useRealTimers();
});

function namespace(name = "/"): AdapterNamespace & { emitted: unknown[][] } {
  const emitted: unknown[][] = [];
  return {
    name,
    sockets: new Map(),
    server: { encoder: { encode: (packet) => [JSON.stringify(packet)] } },
    emitted,
    _onServerSideEmit(args: unknown[]) {
      emitted.push(args);
    },
  };
}

/** A ClusterAdapter that records what it publishes and believes in `servers` servers. */
class RecordingAdapter extends ClusterAdapter {
  readonly sent: ClusterMessage[] = [];
  readonly responses: Array<[string, ClusterResponse]> = [];
  servers = 2;
  constructor(nsp: AdapterNamespace) {
    super(nsp);
  }
  get id() {
    return this.uid;
  }
  receive(message: unknown, offset?: string) {
    this.onMessage(message as ClusterMessage, offset);
  }
  override serverCount() {
    return Promise.resolve(this.servers);
  }
  protected doPublish(message: ClusterMessage) {
    this.sent.push(message);
    return Promise.resolve(`offset-${this.sent.length}`);
  }
  protected doPublishResponse(uid: string, response: ClusterResponse) {
    this.responses.push([uid, response]);
    return Promise.resolve();
  }
}

class RecordingHeartbeatAdapter extends ClusterAdapterWithHeartbeat {
  readonly sent: ClusterMessage[] = [];
  constructor(nsp: AdapterNamespace, opts = {}) {
    super(nsp, opts);
  }
  receive(message: unknown) {
    this.onMessage(message as ClusterMessage);
  }
  protected doPublish(message: ClusterMessage) {
    this.sent.push(message);
    return Promise.resolve("");
  }
  protected doPublishResponse() {
    return Promise.resolve();
  }
}

describe("ClusterAdapter", () => {
  test("publishes messages stamped with its uid and namespace, in the official shape", async () => {
    const adapter = new RecordingAdapter(namespace("/chat"));
    await adapter.broadcast(
      { type: 2, data: ["x"] },
      { rooms: new Set(["r"]), except: new Set(["e"]), flags: { compress: true } },
    );
    await adapter.addSockets({ rooms: new Set() }, ["j"]);
    expect(adapter.sent).toEqual([
      {
        type: MessageType.BROADCAST,
        uid: adapter.id,
        nsp: "/chat",
        data: {
          packet: { type: 2, data: ["x"], nsp: "/chat" },
          opts: { rooms: ["r"], except: ["e"], flags: { compress: true } },
        },
      },
      {
        type: MessageType.SOCKETS_JOIN,
        uid: adapter.id,
        nsp: "/chat",
        data: { opts: { rooms: [], except: [], flags: {} }, rooms: ["j"] },
      },
    ]);
  });

  test("with only a server count, a request times out with the official message and a code", async () => {
    const adapter = new RecordingAdapter(namespace());
    adapter.servers = 3;
    const error = await adapter.fetchSockets({ rooms: new Set(), flags: { timeout: 50 } }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      message: "timeout reached: only 0 responses received out of 2",
      code: "ERR_ADAPTER_REQUEST_TIMEOUT",
    });
  });

  test("answers to a serverSideEmit are gathered until the expected count", async () => {
    const adapter = new RecordingAdapter(namespace());
    adapter.servers = 3;
    const result = new Promise(
      (resolve) => void adapter.serverSideEmit(["q", (err: unknown, r: unknown) => resolve([err, r])]),
    );
    await vi.waitFor(() => expect(adapter.sent).toHaveLength(1));
    const { requestId } = (adapter.sent[0] as { data: { requestId: string } }).data;
    for (const [uid, answer] of [
      ["n1", 1],
      ["n2", 2],
    ] as const) {
      adapter.receive({
        type: MessageType.SERVER_SIDE_EMIT_RESPONSE,
        uid,
        nsp: "/",
        data: { requestId, packet: answer },
      });
    }
    expect(await result).toEqual([null, [1, 2]]);
    expect(adapter.sent[0]).toMatchObject({ data: { packet: ["q"] } });
  });

  test("answers requests from other members, once per ack", async () => {
    const nsp = namespace();
    const adapter = new RecordingAdapter(nsp);
    adapter.receive({ type: MessageType.SERVER_SIDE_EMIT, uid: "peer", nsp: "/", data: { packet: ["plain", 1] } });
    adapter.receive({
      type: MessageType.SERVER_SIDE_EMIT,
      uid: "peer",
      nsp: "/",
      data: { requestId: "rq", packet: ["ask"] },
    });
    expect(nsp.emitted[0]).toEqual(["plain", 1]);
    const reply = nsp.emitted[1]![1] as (v: unknown) => void;
    reply("yes");
    reply("again");
    adapter.receive({
      type: MessageType.FETCH_SOCKETS,
      uid: "peer",
      nsp: "/",
      data: { requestId: "f", opts: { rooms: [], except: [] } },
    });
    await vi.waitFor(() => expect(adapter.responses).toHaveLength(2));
    expect(adapter.responses).toEqual([
      [
        "peer",
        {
          type: MessageType.SERVER_SIDE_EMIT_RESPONSE,
          uid: adapter.id,
          nsp: "/",
          data: { requestId: "rq", packet: "yes" },
        },
      ],
      [
        "peer",
        { type: MessageType.FETCH_SOCKETS_RESPONSE, uid: adapter.id, nsp: "/", data: { requestId: "f", sockets: [] } },
      ],
    ]);
  });

  test("ignores its own messages, other namespaces' and malformed ones without throwing", () => {
    const nsp = namespace();
    const adapter = new RecordingAdapter(nsp);
    const hostile: unknown[] = [
      null,
      "text",
      42,
      {},
      { type: "3", uid: "p", nsp: "/" },
      { type: MessageType.BROADCAST, uid: "p", nsp: "/" },
      {
        type: MessageType.BROADCAST,
        uid: "p",
        nsp: "/",
        data: { opts: { rooms: "r" }, packet: { type: 2, data: [] } },
      },
      {
        type: MessageType.BROADCAST,
        uid: "p",
        nsp: "/",
        data: { opts: { rooms: [], flags: 5 }, packet: { type: 2, data: [] } },
      },
      { type: MessageType.BROADCAST, uid: "p", nsp: "/", data: { opts: { rooms: [] }, packet: null } },
      { type: MessageType.SOCKETS_JOIN, uid: "p", nsp: "/", data: { opts: { rooms: [] }, rooms: [{}] } },
      { type: MessageType.SERVER_SIDE_EMIT, uid: "p", nsp: "/", data: { packet: "not a list" } },
      { type: MessageType.SERVER_SIDE_EMIT, uid: "p", nsp: "/other", data: { packet: ["other nsp"] } },
      { type: MessageType.SERVER_SIDE_EMIT, uid: adapter.id, nsp: "/", data: { packet: ["mine"] } },
      { type: MessageType.FETCH_SOCKETS_RESPONSE, uid: "p", nsp: "/", data: { requestId: "unknown", sockets: "x" } },
      { type: MessageType.BROADCAST_ACK, uid: "p", nsp: "/" },
      { type: 99, uid: "p", nsp: "/", data: {} },
    ];
    for (const message of hostile) expect(() => adapter.receive(message)).not.toThrow();
    expect(nsp.emitted).toEqual([]);
    expect(adapter.responses).toEqual([]);
  });

  test("close settles pending requests with an error and drops ack requests", async () => {
    const adapter = new RecordingAdapter(namespace());
    const pending = adapter.fetchSockets({ rooms: new Set() });
    const emitted = new Promise((resolve) => void adapter.serverSideEmit(["q", (err: unknown) => resolve(err)]));
    adapter.broadcastWithAck(
      { type: 2, data: ["a"] },
      { rooms: new Set(), flags: { timeout: 10_000 } },
      () => {},
      () => {},
    );
    await vi.waitFor(() => expect(adapter.sent).toHaveLength(3));
    adapter.close();
    await expect(pending).rejects.toMatchObject({ code: "ERR_ADAPTER_CLOSED" });
    expect(await emitted).toMatchObject({ code: "ERR_ADAPTER_CLOSED" });
    expect((adapter as any).ackRequests.size).toBe(0);
    expect((adapter as any).requests.size).toBe(0);
  });
});

describe("ClusterAdapterWithHeartbeat", () => {
  test("announces itself, answers announcements, beats when idle, and leaves no timer after close", async () => {
    vi.useFakeTimers();
    const adapter = new RecordingHeartbeatAdapter(namespace(), { heartbeatInterval: 100, heartbeatTimeout: 1_000 });
    adapter.init();
    expect(adapter.sent.map((m) => m.type)).toEqual([MessageType.INITIAL_HEARTBEAT]);
    adapter.receive({ type: MessageType.INITIAL_HEARTBEAT, uid: "peer", nsp: "/" });
    expect(adapter.sent.map((m) => m.type)).toEqual([MessageType.INITIAL_HEARTBEAT, MessageType.HEARTBEAT]);
    expect(await adapter.serverCount()).toBe(2);
    vi.advanceTimersByTime(250);
    expect(adapter.sent.filter((m) => m.type === MessageType.HEARTBEAT)).toHaveLength(3);
    // The peer stays silent past heartbeatTimeout: the next cleanup (every second) drops it.
    vi.advanceTimersByTime(2_000);
    expect(await adapter.serverCount()).toBe(1);
    // An emitter publishes but is not a server.
    adapter.receive({ type: MessageType.SERVER_SIDE_EMIT, uid: "emitter", nsp: "/", data: { packet: ["x"] } });
    expect(await adapter.serverCount()).toBe(1);
    adapter.close();
    expect(adapter.sent.at(-1)?.type).toBe(MessageType.ADAPTER_CLOSE);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("onMessage and onResponse are public, for a transport that routes to each namespace's adapter", async () => {
    const adapters = new Map([
      ["/", new RecordingHeartbeatAdapter(namespace("/"))],
      ["/chat", new RecordingHeartbeatAdapter(namespace("/chat"))],
    ]);
    const route = (message: ClusterMessage) => adapters.get(message.nsp)?.onMessage(message, "1-0");
    route({ type: MessageType.HEARTBEAT, uid: "peer", nsp: "/chat" });
    adapters
      .get("/")!
      .onResponse({ type: MessageType.BROADCAST_ACK, uid: "peer", nsp: "/", data: { requestId: "x", packet: 1 } });
    expect(await adapters.get("/chat")!.serverCount()).toBe(2);
    expect(await adapters.get("/")!.serverCount()).toBe(1);
    for (const adapter of adapters.values()) adapter.close();
  });

  test("its timers do not keep the process alive", () => {
    const adapter = new RecordingHeartbeatAdapter(namespace());
    adapter.init();
    const timers = [(adapter as any).heartbeatTimer, (adapter as any).cleanupTimer];
    expect(timers.every((timer) => timer !== undefined && timer.hasRef() === false)).toBe(true);
    adapter.close();
  });

  test("rejects heartbeat options that are not positive numbers", () => {
    expect(() => new RecordingHeartbeatAdapter(namespace(), { heartbeatInterval: 0 })).toThrow(TypeError);
    expect(() => new RecordingHeartbeatAdapter(namespace(), { heartbeatTimeout: "5" })).toThrow(/heartbeatTimeout/);
  });
});
