// Wiring an engine into an HTTP, HTTPS or HTTP/2 (allowHTTP1) server: requests and upgrades under
// the engine's path go to the engine, everything else to the handlers that were there before.
// Returns a function that undoes all of it (called by Server.close()).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EventEmitter } from "node:events";
import type { Duplex } from "node:stream";
import { invalidOption } from "./errors.js";
import { CLOSE_SESSIONS } from "./internal.js";
import { logServer } from "./log.js";
import type { Server } from "./server.js";

/**
 * An attach option, keyed by this symbol so it never mixes with the engine's options: a handler
 * that sees every HTTP request first and returns true when it answered it (the umbrella serves the
 * client bundles this way). Being part of the engine's one takeover of "request", it goes away with
 * it: a second takeover would put the user's handlers back twice when the engine detaches.
 */
export const PRE_ROUTE: unique symbol = Symbol("socketry.engine.preRoute");

export type PreRoute = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface AttachOptions {
  /** Path the engine answers under. Default "/engine.io". */
  path?: string;
  /** Match "<path>/" rather than "<path>" as the prefix. Default true. */
  addTrailingSlash?: boolean;
  /** Destroy upgrade requests for other paths that nobody answered within destroyUpgradeTimeout. Default true. */
  destroyUpgrade?: boolean;
  /** ms before an unanswered upgrade on another path is destroyed. Default 1000. */
  destroyUpgradeTimeout?: number;
  [PRE_ROUTE]?: PreRoute;
}

const ATTACH_DEFAULTS = Object.freeze({
  path: "/engine.io",
  addTrailingSlash: true,
  destroyUpgrade: true,
  destroyUpgradeTimeout: 1000,
});

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export function attachTo(engine: Server, httpServer: EventEmitter, options: AttachOptions): () => void {
  const opts = { ...ATTACH_DEFAULTS };
  for (const [key, value] of Object.entries(options))
    if (value !== undefined) (opts as Record<string, unknown>)[key] = value;
  if (typeof opts.path !== "string") throw invalidOption("path", "a string", opts.path);
  if (typeof opts.destroyUpgradeTimeout !== "number" || opts.destroyUpgradeTimeout < 0) {
    throw invalidOption("destroyUpgradeTimeout", "a non-negative number", opts.destroyUpgradeTimeout);
  }
  const preRoute = options[PRE_ROUTE];
  if (preRoute !== undefined && typeof preRoute !== "function") throw invalidOption("preRoute", "a function", preRoute);
  const path = opts.path.replace(/\/$/, "") + (opts.addTrailingSlash ? "/" : "");
  const isEngineRequest = (req: IncomingMessage) => {
    const url = req.url ?? "";
    if (!url.startsWith(path)) return false;
    // Without the trailing slash, "/engine.iox" must not match "/engine.io".
    const next = url.charAt(path.length);
    return opts.addTrailingSlash || next === "" || next === "?" || next === "/";
  };

  // Take over "request": ours runs first and hands other paths to the listeners that were there.
  let previous: RequestListener[] = [];
  const onRequest: RequestListener = (req, res) => {
    if (preRoute?.(req, res) === true) return;
    if (isEngineRequest(req)) {
      engine.handleRequest(req, res);
      return;
    }
    for (const listener of previous) listener.call(httpServer, req, res);
  };

  const pendingDestroys = new Set<NodeJS.Timeout>();
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (isEngineRequest(req)) {
      engine.handleUpgrade(req, socket, head);
      return;
    }
    // node:http hands an upgraded socket over without an "error" listener. Whoever answers it (or
    // nobody), a reset from the peer must not be an uncaught exception (CVE-2022-41940's pattern):
    // ours stays for the socket's whole life, next to any the answering library adds.
    socket.on("error", destroyOnError);
    if (!opts.destroyUpgrade) return;
    // Another library may answer this upgrade; if nobody wrote anything in time, drop it.
    const timer = setTimeout(() => {
      pendingDestroys.delete(timer);
      socket.removeListener("close", forget);
      const written = (socket as Duplex & { bytesWritten?: number }).bytesWritten ?? 0;
      if (socket.writable && written <= 0) {
        logServer("unanswered upgrade for %s closed after %d ms", req.url, opts.destroyUpgradeTimeout);
        socket.end();
      }
    }, opts.destroyUpgradeTimeout);
    // A connection that goes away first releases its timer at once.
    const forget = () => {
      clearTimeout(timer);
      pendingDestroys.delete(timer);
    };
    socket.once("close", forget);
    pendingDestroys.add(timer);
  };

  let installed = false;
  const install = () => {
    if (installed) return;
    installed = true;
    previous = httpServer.listeners("request") as RequestListener[];
    httpServer.removeAllListeners("request");
    httpServer.on("request", onRequest);
    httpServer.on("upgrade", onUpgrade);
  };
  const uninstall = () => {
    if (!installed) return;
    installed = false;
    httpServer.removeListener("request", onRequest);
    httpServer.removeListener("upgrade", onUpgrade);
    // Give the user's handlers back their place, unless they were removed meanwhile.
    for (const listener of previous) {
      if (!httpServer.listeners("request").includes(listener)) httpServer.on("request", listener);
    }
    previous = [];
    for (const timer of pendingDestroys) clearTimeout(timer);
    pendingDestroys.clear();
  };
  install();

  // The engine follows its HTTP server: when it closes, the sessions end and the user's handlers
  // get their place back; when it listens again, the engine serves again (as engine.io does, which
  // re-initialises on "listening"). Only `engine.close()` detaches for good.
  const onClose = () => {
    engine[CLOSE_SESSIONS]();
    uninstall();
  };
  httpServer.on("close", onClose);
  httpServer.on("listening", install);

  return () => {
    httpServer.removeListener("close", onClose);
    httpServer.removeListener("listening", install);
    uninstall();
  };
}

function destroyOnError(this: Duplex): void {
  this.destroy();
}
