import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Heartbeat, HeartbeatKind } from "../src/heartbeat.js";
import { msgpackParser } from "../src/msgpack.js";

function heartbeat() {
  const sent: unknown[] = [];
  const gone: string[] = [];
  const beat = new Heartbeat({
    uid: "me",
    interval: 100,
    timeout: 300,
    parser: msgpackParser,
    send: (message) => sent.push(msgpackParser.decode(message as Uint8Array)),
    onPeerGone: (uid) => gone.push(uid),
  });
  const from = (uid: string, kind: number) => Buffer.from(msgpackParser.encode([uid, kind]) as Uint8Array);
  return { beat, sent, gone, from };
}

describe("Heartbeat", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("says hello, beats every interval, and says goodbye", () => {
    const { beat, sent } = heartbeat();
    beat.start();
    expect(sent).toEqual([["me", HeartbeatKind.HELLO]]);
    vi.advanceTimersByTime(250);
    expect(sent).toEqual([
      ["me", HeartbeatKind.HELLO],
      ["me", HeartbeatKind.BEAT],
      ["me", HeartbeatKind.BEAT],
    ]);
    beat.stop();
    expect(sent.at(-1)).toEqual(["me", HeartbeatKind.BYE]);
    vi.advanceTimersByTime(500);
    expect(sent).toHaveLength(4);
  });

  it("answers a hello with a beat and counts peers until they go quiet", () => {
    const { beat, sent, gone, from } = heartbeat();
    expect(beat.receive(from("p1", HeartbeatKind.HELLO))).toBe(true);
    expect(sent).toEqual([["me", HeartbeatKind.BEAT]]);
    beat.receive(from("p2", HeartbeatKind.BEAT));
    expect(beat.livePeers().sort()).toEqual(["p1", "p2"]);
    vi.advanceTimersByTime(200);
    beat.receive(from("p2", HeartbeatKind.BEAT));
    vi.advanceTimersByTime(150);
    expect(beat.livePeers()).toEqual(["p2"]);
    expect(gone).toEqual(["p1"]);
  });

  it("forgets a peer that says goodbye, ignores itself, and rejects malformed messages", () => {
    const { beat, gone, from } = heartbeat();
    beat.receive(from("p1", HeartbeatKind.BEAT));
    beat.receive(from("me", HeartbeatKind.BEAT));
    expect(beat.livePeers()).toEqual(["p1"]);
    beat.receive(from("p1", HeartbeatKind.BYE));
    expect(beat.livePeers()).toEqual([]);
    expect(gone).toEqual(["p1"]);
    expect(beat.receive(Buffer.from(msgpackParser.encode({ uid: "x" }) as Uint8Array))).toBe(false);
  });
});
