import { describe, expect, it } from "vitest";
import { connectErrorPayload, connectPayload, isV2, splitV2Namespace, v2SocketId } from "../src/v2-compat.js";

describe("v2 compatibility helpers", () => {
  it("tells v2 sessions by their Engine.IO protocol", () => {
    expect(isV2(3)).toBe(true);
    expect(isV2(4)).toBe(false);
  });

  it("splits the namespace query of a v2 CONNECT", () => {
    expect(splitV2Namespace("/admin")).toEqual({ name: "/admin", query: {} });
    const { name, query } = splitV2Namespace("/admin?token=a%20b&x=1&x=2");
    expect(name).toBe("/admin");
    expect({ ...query }).toEqual({ token: "a b", x: ["1", "2"] });
    expect(Object.getPrototypeOf(query)).toBeNull();
    const proto = splitV2Namespace("/?__proto__=1").query;
    expect(({} as Record<string, unknown>)["1"]).toBeUndefined();
    // biome-ignore lint/suspicious/noProto: the test checks a client-sent "__proto__" key stays plain data
    expect(proto.__proto__).toBe("1");
  });

  it("answers CONNECT with the sid for v3+ and nothing for v2", () => {
    expect(connectPayload(4, "abc")).toEqual({ sid: "abc" });
    expect(connectPayload(3, "abc")).toBeUndefined();
  });

  it("builds refusals in each format", () => {
    expect(connectErrorPayload(4, "no", undefined)).toEqual({ message: "no" });
    expect(connectErrorPayload(4, "no", { a: 1 })).toEqual({ message: "no", data: { a: 1 } });
    expect(connectErrorPayload(3, "no", undefined)).toBe("no");
    expect(connectErrorPayload(3, "no", { a: 1 })).toEqual({ a: 1 });
  });

  it("computes the socket ids v2 clients expect", () => {
    expect(v2SocketId("/", "eid")).toBe("eid");
    expect(v2SocketId("/chat", "eid")).toBe("/chat#eid");
  });
});
