// Review finding: the README says the cluster base classes' timers are unref'd, but the timer of
// a pending fetchSockets / serverSideEmit request was not: a request to a member that never
// answers kept the process alive for its whole timeout. Counted through the resources that keep
// the event loop alive (an unref'd timer is not one of them).
import { describe, expect, test } from "vitest";
import { ClusterAdapter, type AdapterNamespace, type ClusterMessage, type ClusterResponse } from "@socketry/adapter";

function namespace(): AdapterNamespace {
  return {
    name: "/",
    sockets: new Map(),
    server: { encoder: { encode: (packet) => [JSON.stringify(packet)] } },
    _onServerSideEmit() {},
  };
}

/** Believes in two servers; the other one never answers. */
class SilentPeerAdapter extends ClusterAdapter {
  constructor(nsp: AdapterNamespace) {
    super(nsp);
  }
  override serverCount() {
    return Promise.resolve(2);
  }
  protected doPublish(_message: ClusterMessage) {
    return Promise.resolve("");
  }
  protected doPublishResponse(_uid: string, _response: ClusterResponse) {
    return Promise.resolve();
  }
}

const refTimers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

describe("pending cluster requests do not keep the process alive", () => {
  test("fetchSockets and serverSideEmit with an ack wait on unref'd timers, settled by close()", async () => {
    const adapter = new SilentPeerAdapter(namespace());
    const before = refTimers();
    const fetching = adapter.fetchSockets({ rooms: new Set(), flags: { timeout: 60_000 } });
    let emitted: unknown[] | undefined;
    await adapter.serverSideEmit(["ping", (...args: unknown[]) => (emitted = args)]);
    // fetchSockets opens its request after an await: let it.
    await new Promise((resolve) => setImmediate(resolve));
    expect(refTimers()).toBe(before);

    adapter.close();
    await expect(fetching).rejects.toMatchObject({ code: "ERR_ADAPTER_CLOSED" });
    expect((emitted?.[0] as { code?: string } | undefined)?.code).toBe("ERR_ADAPTER_CLOSED");
  });
});
