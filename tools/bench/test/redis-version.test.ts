// A Redis row that the installed redis-server cannot run is skipped with the reason, not failed:
// sharded Pub/Sub needs Redis 7.0, the Streams adapter's sessions 6.2.
import { describe, expect, it } from "vitest";
import { missingRedis, REDIS_SERVER, redisServerVersion } from "../src/e2e/redis-server.js";
import { SCENARIOS } from "../src/e2e/scenarios/index.js";

describe("redis-server version check", () => {
  it("compares versions part by part", () => {
    expect(missingRedis("7.0.0", "sharded", "7.0.15")).toBeUndefined();
    expect(missingRedis("7.0.0", "sharded", "7.0.0")).toBeUndefined();
    expect(missingRedis("7.0.0", "sharded", "10.0.1")).toBeUndefined();
    expect(missingRedis("6.2.0", "streams", "6.10.0")).toBeUndefined();
    expect(missingRedis("7.0.0", "sharded", "6.2.14")).toBe(
      `sharded needs redis-server 7.0.0 or later, ${REDIS_SERVER} is 6.2.14`,
    );
    expect(missingRedis("6.2.0", "streams", "6.0.16")).toContain("needs redis-server 6.2.0 or later");
  });

  it("reads the installed redis-server's version, on which every Redis row can run", () => {
    expect(redisServerVersion()).toMatch(/^\d+\.\d+\.\d+$/);
    const redisRows = SCENARIOS.filter((s) => s.name.startsWith("redis-"));
    expect(redisRows.map((s) => s.name)).toEqual([
      "redis-broadcast",
      "redis-sharded-broadcast",
      "redis-streams-broadcast",
    ]);
    expect(redisRows.map((s) => s.unavailable?.())).toEqual([undefined, undefined, undefined]);
  });
});
