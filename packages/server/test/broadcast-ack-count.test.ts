// A broadcast with acknowledgements follows the socket.io-adapter contract: each server reports
// its recipients through clientCountCallback, and the broadcast completes once serverCount()
// servers reported and every counted client answered. The adapter below stands in for a cluster
// of two servers, the second reporting one more client and its answer a little later.
import { Adapter } from "@socketry/adapter";
import { afterEach, describe, expect, it } from "vitest";
import { connectPair, startServer, type TestServer } from "./helpers.js";

class TwoServerAdapter extends Adapter {
  override serverCount(): Promise<number> {
    return Promise.resolve(2);
  }

  override broadcastWithAck(
    packet: any,
    opts: any,
    clientCountCallback: (n: number) => void,
    ack: (...a: unknown[]) => void,
  ): void {
    super.broadcastWithAck(packet, opts, clientCountCallback, ack);
    setTimeout(() => {
      clientCountCallback(1);
      setTimeout(() => ack("from the other server"), 20);
    }, 20);
  }
}

let ts: TestServer | undefined;
afterEach(async () => {
  await ts?.close();
  ts = undefined;
});

describe("broadcast acknowledgements across servers", () => {
  it("waits for every server's count and every counted answer", async () => {
    ts = await startServer({ adapter: TwoServerAdapter as any });
    const { client } = await connectPair(ts);
    client.on("ask", (cb: (answer: string) => void) => cb("from this server"));
    const [err, responses] = await new Promise<unknown[]>((resolve) =>
      ts!.io.timeout(2000).emit("ask", (...r: unknown[]) => resolve(r)),
    );
    expect(err).toBeNull();
    expect(responses).toEqual(["from this server", "from the other server"]);
  });

  it("a local broadcast expects this server only", async () => {
    ts = await startServer({ adapter: TwoServerAdapter as any });
    const { client } = await connectPair(ts);
    client.on("ask", (cb: (answer: string) => void) => cb("here"));
    // Waiting for a second server's count would end in a timeout rejection instead.
    const responses = await ts.io.local.timeout(5000).emitWithAck("ask");
    expect(responses[0]).toBe("here");
  });
});
