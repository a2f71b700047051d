// One connected Redis client of each library and major the adapter supports.
import { Cluster as Ioredis5Cluster, Redis as Ioredis5 } from "ioredis";
import { Redis as Ioredis6 } from "ioredis-v6";
import { createClient as createClient4 } from "redis";
import { createClient as createClient5 } from "redis-v5";
import { createClient as createClient6 } from "redis-v6";

export type ClientKind = "node-redis 4" | "node-redis 5" | "node-redis 6" | "ioredis 5" | "ioredis 6";
export const CLIENT_KINDS: ClientKind[] = ["node-redis 4", "node-redis 5", "node-redis 6", "ioredis 5", "ioredis 6"];

export interface TestClient {
  readonly client: any;
  close(): Promise<void>;
}

export async function createTestClient(kind: ClientKind, url: string): Promise<TestClient> {
  switch (kind) {
    case "node-redis 4":
    case "node-redis 5":
    case "node-redis 6": {
      const create = kind === "node-redis 4" ? createClient4 : kind === "node-redis 5" ? createClient5 : createClient6;
      const client: any = (create as any)({ url });
      client.on("error", () => {});
      await client.connect();
      return {
        client,
        close: async () => {
          if (!client.isOpen) return;
          if (typeof client.destroy === "function") client.destroy();
          else await client.disconnect();
        },
      };
    }
    case "ioredis 5":
    case "ioredis 6": {
      const Ioredis: any = kind === "ioredis 5" ? Ioredis5 : Ioredis6;
      const client: any = new Ioredis(url);
      client.on("error", () => {});
      await new Promise<void>((resolve, reject) => {
        client.once("ready", resolve);
        client.once("end", () => reject(new Error("ioredis could not connect")));
      });
      return { client, close: async () => client.disconnect() };
    }
  }
}

export type ClusterClientKind = "node-redis 4 cluster" | "node-redis 6 cluster" | "ioredis 5 cluster";

/** A client of a Redis Cluster, given one node of it. */
export async function createClusterClient(
  kind: ClusterClientKind,
  nodes: Array<{ host: string; port: number }>,
): Promise<TestClient> {
  if (kind === "ioredis 5 cluster") {
    const client: any = new Ioredis5Cluster(nodes);
    client.on("error", () => {});
    await new Promise<void>((resolve, reject) => {
      client.once("ready", resolve);
      client.once("end", () => reject(new Error("ioredis cluster could not connect")));
    });
    return { client, close: async () => client.disconnect() };
  }
  const { createCluster } = kind === "node-redis 4 cluster" ? await import("redis") : await import("redis-v6");
  const client: any = (createCluster as any)({
    rootNodes: nodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` })),
  });
  client.on("error", () => {});
  await client.connect();
  return {
    client,
    close: async () => {
      if (typeof client.destroy === "function") client.destroy();
      else await client.disconnect();
    },
  };
}
