// A third-party adapter whose async methods reject (its store is down): the server calls init,
// addAll, delAll, persistSession and the operators' requests without waiting for them, and none
// of those rejections may become an unhandled rejection (which ends a Node process).
import { Adapter } from "@socketry/adapter";
import { afterEach, expect, it } from "vitest";
import { connectPair, delay, startServer, waitFor, type TestServer } from "./helpers.js";

const down = () => Promise.reject(new Error("store unreachable"));

class StoreDown extends Adapter {
  override init(): Promise<void> {
    return down();
  }
  override addAll(id: string, rooms: Set<string>): Promise<void> {
    super.addAll(id, rooms);
    return down();
  }
  override delAll(id: string): void {
    super.delAll(id);
    return down() as never;
  }
  override persistSession(): Promise<void> {
    return down();
  }
  override addSockets(): void {
    return down() as never;
  }
  override delSockets(): void {
    return down() as never;
  }
  override disconnectSockets(): void {
    return down() as never;
  }
  override serverSideEmit(): void {
    return down() as never;
  }
}

let ts: TestServer | undefined;
const unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);
afterEach(async () => {
  process.off("unhandledRejection", record);
  await ts?.close();
  ts = undefined;
});

it("rejections from an adapter's unawaited methods are logged, not left unhandled", async () => {
  process.on("unhandledRejection", record);
  ts = await startServer({ adapter: StoreDown as never, connectionStateRecovery: {} });
  const { client, socket } = await connectPair(ts);
  expect(socket.rooms.has(socket.id)).toBe(true); // the join itself happened
  ts.io.socketsJoin("room");
  ts.io.socketsLeave("room");
  ts.io.serverSideEmit("hello");
  ts.io.of(/^\/dyn-\d+$/);
  ts.io.in("nobody").disconnectSockets();
  const gone = waitFor(socket, "disconnect");
  client.io.engine.close(); // a recoverable disconnection: persistSession is asked
  await gone;
  await delay(50);
  expect(unhandled).toEqual([]);
});
