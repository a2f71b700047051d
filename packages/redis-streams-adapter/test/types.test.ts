// The factory fits the adapter option of the official server and of socketry's (checked by
// `tsc -p tsconfig.test.json`), and both construct a working adapter from it.
import { expect, expectTypeOf, test } from "vitest";
import type { ServerOptions as OfficialServerOptions } from "socket.io";
import type { ServerOptions as SocketryServerOptions } from "socketry";
import { createAdapter, RedisStreamsAdapter, type RedisStreamsAdapterFactory } from "../src/index.js";

test("createAdapter's result is accepted by both servers' adapter option", () => {
  expectTypeOf<RedisStreamsAdapterFactory>().toMatchTypeOf<NonNullable<OfficialServerOptions["adapter"]>>();
  expectTypeOf<RedisStreamsAdapterFactory>().toMatchTypeOf<NonNullable<SocketryServerOptions["adapter"]>>();
  expectTypeOf(createAdapter).returns.toEqualTypeOf<RedisStreamsAdapterFactory>();
  expectTypeOf<InstanceType<RedisStreamsAdapterFactory>>().toEqualTypeOf<RedisStreamsAdapter>();
  expect(RedisStreamsAdapter.prototype).toHaveProperty("restoreSession");
});
