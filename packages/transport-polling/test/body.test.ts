import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import { expect, test } from "vitest";
import { readBoundedBody, type BodyResult } from "../src/body.js";

function fakeRequest(
  headers: Record<string, string> = {},
): PassThrough & { headers: Record<string, string>; complete: boolean } {
  return Object.assign(new PassThrough(), { headers, complete: false });
}

function read(req: PassThrough, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => readBoundedBody(req as unknown as IncomingMessage, limit, resolve));
}

test("a declared Content-Length over the limit is refused before reading", async () => {
  const req = fakeRequest({ "content-length": "11" });
  expect(await read(req, 10)).toEqual({ ok: false, reason: "too large" });
});

test("a streamed body is cut off once the running total passes the limit", async () => {
  const req = fakeRequest();
  const result = read(req, 10);
  req.write("123456");
  req.write("789012");
  expect(await result).toEqual({ ok: false, reason: "too large" });
  expect(req.listenerCount("data")).toBe(0);
});

test("a body at the limit is returned whole", async () => {
  const req = fakeRequest();
  const result = read(req, 10);
  req.write("12345");
  req.end("67890");
  const out = await result;
  expect(out.ok && out.body.toString()).toBe("1234567890");
});

test("an aborted request is reported", async () => {
  const req = fakeRequest();
  const result = read(req, 10);
  req.write("12");
  req.destroy();
  expect(await result).toEqual({ ok: false, reason: "aborted" });
});
