// Answers the requests of other nodes (socketry or official) with this node's sockets and rooms.
// Answers carry this node's uid, which official nodes ignore and socketry nodes use to stop
// waiting for a peer that died.
import type { AdapterPacket, BroadcastOptions } from "@socketry/adapter";
import { log } from "./log.js";
import { fromWireOptions, RequestType } from "./protocol.js";
import type { RedisAdapter } from "./redis-adapter.js";
import { socketDetails } from "./socket-details.js";

type Request = Record<string, unknown>;

export function answerRequest(adapter: RedisAdapter, request: Request): void {
  switch (request.type) {
    case RequestType.SOCKETS:
      return void adapter
        .localSockets(new Set(stringList(request.rooms)))
        .then((ids) => reply(adapter, request, { requestId: request.requestId, sockets: [...ids] }))
        .catch(logFailure);
    case RequestType.ALL_ROOMS:
      return reply(adapter, request, { requestId: request.requestId, rooms: [...adapter.rooms.keys()] });
    case RequestType.REMOTE_JOIN:
      return withOptions(request, (opts) => adapter.localAddSockets(opts, stringList(request.rooms)));
    case RequestType.REMOTE_LEAVE:
      return withOptions(request, (opts) => adapter.localDelSockets(opts, stringList(request.rooms)));
    case RequestType.REMOTE_DISCONNECT:
      return withOptions(request, (opts) => adapter.localDisconnectSockets(opts, request.close === true));
    case RequestType.REMOTE_FETCH:
      return withOptions(request, (opts) => void fetchAndReply(adapter, request, opts).catch(logFailure));
    case RequestType.SERVER_SIDE_EMIT:
      return serverSideEmit(adapter, request);
    case RequestType.BROADCAST:
      return broadcastWithAck(adapter, request);
    default:
      log("ignored a request of unknown type %o", request.type);
  }
}

async function fetchAndReply(adapter: RedisAdapter, request: Request, opts: BroadcastOptions): Promise<void> {
  const sockets = await adapter.localFetchSockets(opts);
  reply(adapter, request, { requestId: request.requestId, sockets: sockets.map(socketDetails) });
}

function serverSideEmit(adapter: RedisAdapter, request: Request): void {
  const nsp = adapter.nsp as { _onServerSideEmit?(args: unknown[]): void };
  if (!Array.isArray(request.data) || typeof request.data[0] !== "string")
    return log("ignored a malformed server-side emit");
  if (request.requestId === undefined) return nsp._onServerSideEmit?.(request.data);
  let answered = false;
  const ack = (data: unknown) => {
    if (answered) return;
    answered = true;
    reply(adapter, request, { type: RequestType.SERVER_SIDE_EMIT, requestId: request.requestId, data });
  };
  nsp._onServerSideEmit?.([...request.data, ack]);
}

function broadcastWithAck(adapter: RedisAdapter, request: Request): void {
  const packet = request.packet as AdapterPacket | undefined;
  if (typeof packet !== "object" || packet === null || typeof packet.type !== "number")
    return log("ignored a malformed broadcast request");
  packet.nsp ??= "/";
  if (packet.nsp !== adapter.nsp.name) return;
  const requestId = request.requestId;
  withOptions(request, (opts) =>
    adapter.localBroadcastWithAck(
      packet,
      opts,
      (clientCount) => reply(adapter, request, { type: RequestType.BROADCAST_CLIENT_COUNT, requestId, clientCount }),
      // An acknowledgement may carry binary data: it travels with the inter-node parser.
      (arg) => reply(adapter, request, { type: RequestType.BROADCAST_ACK, requestId, packet: arg }, true),
    ),
  );
}

function withOptions(request: Request, run: (opts: BroadcastOptions) => void): void {
  const opts = fromWireOptions(request.opts);
  if (!opts) return log("ignored a request with malformed options (type %o)", request.type);
  run(opts);
}

function reply(adapter: RedisAdapter, request: Request, answer: Request, binary = false): void {
  const body = { ...answer, uid: adapter.uid };
  const channel =
    adapter.options.publishOnSpecificResponseChannel && typeof request.uid === "string"
      ? `${adapter.channels.response}${request.uid}#`
      : adapter.channels.response;
  let encoded: Uint8Array | string;
  try {
    encoded = binary ? adapter.options.parser.encode(body) : JSON.stringify(body);
  } catch (err) {
    // e.g. socket.data with a cycle or a BigInt: that answer is lost, the requester times out.
    return logFailure(err);
  }
  adapter.publish(channel, encoded);
}

function logFailure(err: unknown): void {
  log("could not answer a request: %s", err instanceof Error ? err.message : String(err));
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
