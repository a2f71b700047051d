// A real tool on a socketry server: the official admin UI's server part (@socket.io/admin-ui),
// attached with `instrument(io, …)` exactly as its documentation shows, and driven over the
// "/admin" namespace by a socket.io-client, as the dashboard does. It reads semi-public internals
// (`io._nsps`, `socket.client.id`, `socket.conn.transport`, engine packet events), wraps
// `socket.data` in a Proxy, and (with basic auth) emits from a middleware.
import { instrument } from "@socket.io/admin-ui";
import { afterEach, describe, expect, it } from "vitest";
import type { Socket as ClientSocket } from "socket.io-client";
import { emitAck, nextConnection, pair, type Running, startIo, until, waitFor } from "./helpers.js";

/** bcrypt of "secret" (cost 4), as the admin UI's documentation has users paste one in. */
const SECRET_HASH = "$2a$04$j4JSNAtR9lYaprIQMKgxa.t.lGtY5rz5.K4BqKawU4T7BPGvQvgqO";

/**
 * `instrument` is typed with socket.io's Server class, whose private members make it nominal in
 * TypeScript: no other class fits it, so TypeScript users cast (the README says so).
 */
const instrumented = (io: Running["io"]) => io as unknown as Parameters<typeof instrument>[0];

let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** Every event the dashboard's client receives, in order, with its arguments. */
function recordAll(client: ClientSocket): Array<[string, unknown[]]> {
  const seen: Array<[string, unknown[]]> = [];
  client.onAny((event: string, ...args: unknown[]) => seen.push([event, args]));
  return seen;
}

const named = (seen: Array<[string, unknown[]]>, event: string) =>
  seen.filter(([name]) => name === event).map(([, args]) => args);

describe("@socket.io/admin-ui instruments a socketry server", () => {
  it("reports sockets, events, rooms and stats, and runs the dashboard's commands", async () => {
    running = await startIo();
    const io = running.io;
    // "development" (the default unless NODE_ENV says otherwise; vitest sets "test") reports every event.
    instrument(instrumented(io), { auth: false, mode: "development" });
    io.on("connection", (socket) => {
      socket.join("lobby");
      socket.on("hello", (n: number, ack: (answer: string) => void) => {
        socket.emit("world", n + 1);
        ack("ok");
      });
    });

    const admin = running.v4("/admin");
    const seen = recordAll(admin);
    await waitFor(admin, "connect");
    await until(() => named(seen, "all_sockets").length === 1);
    const [config] = named(seen, "config")[0] as [{ supportedFeatures: string[] }];
    expect(config.supportedFeatures).toEqual(expect.arrayContaining(["EMIT", "MJOIN", "MDISCONNECT", "ALL_EVENTS"]));

    const { client, socket } = await pair(io, running.v4("/", { transports: ["websocket"] }));
    expect(await emitAck(client, "hello", 1)).toEqual(["ok"]);
    await until(() => named(seen, "event_sent").length > 0);
    const [connected] = named(seen, "socket_connected").find(([s]) => (s as { nsp: string }).nsp === "/") as [
      { id: string; transport: string; rooms: string[]; handshake: { address: string } },
    ];
    expect(connected).toMatchObject({ id: socket.id, transport: "websocket", handshake: { address: "127.0.0.1" } });
    expect(connected.rooms).toContain(socket.id);
    expect(named(seen, "event_received")).toContainEqual(["/", socket.id, ["hello", 1], expect.any(String)]);
    expect(named(seen, "event_sent")).toContainEqual(["/", socket.id, ["world", 2], expect.any(String)]);
    expect(named(seen, "room_joined")).toContainEqual(["/", "lobby", socket.id, expect.any(String)]);

    // The dashboard's commands: join a room, emit to it, disconnect everyone in it.
    admin.emit("join", "/", "vip", "lobby");
    await until(() => socket.rooms.has("vip"));
    const gift = waitFor<[string]>(client, "gift");
    admin.emit("emit", "/", "vip", "gift", "for you");
    expect(await gift).toEqual(["for you"]);
    const gone = waitFor<[string]>(client, "disconnect");
    admin.emit("_disconnect", "/", false, "vip");
    expect((await gone)[0]).toBe("io server disconnect");
    await until(() => named(seen, "socket_disconnected").length === 1);
    expect(named(seen, "socket_disconnected")[0]).toEqual([
      "/",
      socket.id,
      "server namespace disconnect",
      expect.any(String),
    ]);

    // Stats come every 2 s: one engine session left (the dashboard's), and the traffic so far.
    await until(() => named(seen, "server_stats").length > 0, 3_000);
    const [stats] = named(seen, "server_stats").at(-1) as [
      { clientsCount: number; namespaces: Array<{ name: string }>; aggregatedEvents: Array<{ type: string }> },
    ];
    expect(stats.clientsCount).toBe(1);
    expect(stats.namespaces.map((nsp) => nsp.name)).toEqual(expect.arrayContaining(["/", "/admin"]));
    const kinds = new Set(stats.aggregatedEvents.map((event) => event.type));
    for (const kind of ["rawConnection", "rawDisconnection", "packetsIn", "packetsOut"]) expect(kinds).toContain(kind);
  });

  it("with basic auth: refuses a wrong password, and sends the session id from its middleware", async () => {
    running = await startIo();
    instrument(instrumented(running.io), { auth: { type: "basic", username: "admin", password: SECRET_HASH } });

    const intruder = running.v4("/admin", { auth: { username: "admin", password: "guess" } });
    const [refusal] = await waitFor<[Error]>(intruder, "connect_error");
    expect(refusal.message).toBe("invalid credentials");

    const admin = running.v4("/admin", { auth: { username: "admin", password: "secret" } });
    const [sessionId] = await waitFor<[string]>(admin, "session");
    expect(admin.connected).toBe(true);
    expect(sessionId).toMatch(/^[0-9a-f]{16}$/);

    // The dashboard reconnects with the session id alone.
    const again = running.v4("/admin", { auth: { sessionId } });
    await Promise.all([waitFor(again, "connect"), nextConnection(running.io, "/admin")]);
  });
});
