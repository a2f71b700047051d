// Real middlewares from the official documentation's recipes ("How to use with express-session"
// and "How to use with Passport.js"): express-session and Passport run on Engine.IO requests
// through `io.engine.use()`, so `socket.request.session` and `socket.request.user` are those of the
// Express app, over long-polling and WebSocket alike.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import session from "express-session";
import passport from "passport";
import { Strategy as LocalStrategy } from "passport-local";
import { afterEach, describe, expect, it } from "vitest";
import { Server } from "socketry";
import { emitAck, listenLocal, type Running, running as wrap, waitFor } from "./helpers.js";

interface User {
  id: number;
  name: string;
}
declare global {
  namespace Express {
    interface User {
      id: number;
      name: string;
    }
  }
}
declare module "express-session" {
  interface SessionData {
    count: number;
  }
}
type SessionRequest = IncomingMessage & { session: session.Session & Partial<session.SessionData>; user?: User };
type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

const TRANSPORTS = [["polling", "websocket"], ["websocket"]];

let app: Running | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function serve(build: (expressApp: ReturnType<typeof express>, io: Server) => void): Promise<Running> {
  const expressApp = express();
  const http = createServer(expressApp);
  const io = new Server(http);
  build(expressApp, io);
  await listenLocal(http);
  return wrap(io, http, (http.address() as AddressInfo).port);
}

/** The `name=value` of the response's session cookie. */
function cookieOf(response: Response): string {
  const header = response.headers.get("set-cookie");
  if (header === null) throw new Error(`no session cookie from ${response.url}`);
  return header.split(";")[0]!;
}

describe("express-session", () => {
  it("the socket shares the Express session: counts made over HTTP and over the socket add up", async () => {
    app = await serve((expressApp, io) => {
      const sessions = session({ secret: "test secret", resave: true, saveUninitialized: true });
      expressApp.use(sessions);
      expressApp.get("/count", (req, res) => {
        const { session: own } = req as SessionRequest;
        own.count = (own.count ?? 0) + 1;
        res.send(String(own.count));
      });
      io.engine.use(sessions as Middleware);
      io.on("connection", (socket) => {
        const shared = (socket.request as SessionRequest).session;
        socket.on("count", (ack: (count: number | string) => void) => {
          shared.reload((err: unknown) => {
            if (err) return ack(String(err));
            shared.count = (shared.count ?? 0) + 1;
            shared.save(() => ack(shared.count!));
          });
        });
      });
    });
    const base = app.url();
    const first = await fetch(`${base}count`);
    const cookie = cookieOf(first);
    expect(await first.text()).toBe("1");
    let expected = 1;
    for (const transports of TRANSPORTS) {
      const client = app.v4("/", { transports, extraHeaders: { cookie } });
      await waitFor(client, "connect");
      expect(await emitAck(client, "count")).toEqual([++expected]);
      client.disconnect();
    }
    expect(await (await fetch(`${base}count`, { headers: { cookie } })).text()).toBe(String(++expected));
    // Without a cookie, the handshake's answer starts a session (saveUninitialized).
    const handshake = await fetch(`${base}socket.io/?EIO=4&transport=polling`);
    expect(cookieOf(handshake)).toMatch(/^connect\.sid=s%3A/);
  });
});

describe("Passport", () => {
  it("only users who logged in get a socket, and socket.request.user is theirs", async () => {
    app = await serve((expressApp, io) => {
      const sessions = session({ secret: "test secret", resave: false, saveUninitialized: false });
      passport.use(
        new LocalStrategy((name, password, done) =>
          done(null, name === "ada" && password === "lovelace" ? { id: 7, name } : false),
        ),
      );
      passport.serializeUser((user, done) => done(null, user.id));
      passport.deserializeUser((id: number, done) => done(null, { id, name: "ada" }));
      expressApp.use(sessions);
      expressApp.use(express.urlencoded({ extended: false }));
      expressApp.use(passport.session());
      expressApp.post("/login", passport.authenticate("local", { successRedirect: "/", failureRedirect: "/login" }));
      // The recipe's guard: the handshake alone (no sid yet) goes through the session and the check.
      const onlyForHandshake =
        (middleware: Middleware): Middleware =>
        (req, res, next) => {
          const isHandshake = (req as IncomingMessage & { _query: Record<string, string> })._query.sid === undefined;
          if (isHandshake) middleware(req, res, next);
          else next();
        };
      io.engine.use(onlyForHandshake(sessions as Middleware));
      io.engine.use(onlyForHandshake(passport.session() as Middleware));
      io.engine.use(
        onlyForHandshake((req, res, next) => {
          if ((req as SessionRequest).user) next();
          else res.writeHead(401).end();
        }),
      );
      io.on("connection", (socket) => {
        const user = (socket.request as SessionRequest).user!;
        socket.join(`user:${user.id}`);
        socket.on("whoami", (ack: (name: string) => void) => ack(user.name));
      });
    });
    const base = app.url();
    for (const transports of TRANSPORTS) {
      const anonymous = app.v4("/", { transports });
      const [refused] = await waitFor<[Error & { description?: unknown; context?: { status?: number } }]>(
        anonymous,
        "connect_error",
      );
      // Long-polling sees the 401 itself; a WebSocket upgrade refused before the 101 only fails.
      if (transports[0] === "polling") expect(refused.context?.status).toBe(401);
      else expect(refused.message).toBe("websocket error");
    }
    const login = await fetch(`${base}login`, {
      method: "POST",
      body: "username=ada&password=lovelace",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });
    expect(login.headers.get("location")).toBe("/");
    const cookie = cookieOf(login);
    for (const transports of TRANSPORTS) {
      const client = app.v4("/", { transports, extraHeaders: { cookie } });
      await waitFor(client, "connect");
      expect(await emitAck(client, "whoami")).toEqual(["ada"]);
      expect((await app.io.in("user:7").fetchSockets()).length).toBeGreaterThan(0);
      client.disconnect();
    }
  });
});
