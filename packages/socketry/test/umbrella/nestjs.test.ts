// NestJS gateways on a socketry server: Nest's own IoAdapter, with `createIOServer` returning
// socketry's Server (the way Nest documents custom adapters). Gateways, message handlers with
// WsResponse and acknowledgement returns, the injected server, a namespaced gateway and the
// connection hooks all run unchanged. Decorators are applied as plain calls, so no compiler
// option is needed for this one file.
import "reflect-metadata";
import type { INestApplication } from "@nestjs/common";
import { Module } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { IoAdapter } from "@nestjs/platform-socket.io";
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type WsResponse,
} from "@nestjs/websockets";
import { io as connectClient, type Socket as ClientSocket } from "socket.io-client";
import { Server, type ServerOptions, type Socket } from "socketry";
import { afterEach, expect, it } from "vitest";
import { emitAck, waitFor } from "./helpers.js";

/** Nest's IoAdapter, making socketry servers (on Nest's HTTP server, as Nest's own does for port 0). */
class SocketryIoAdapter extends IoAdapter {
  override createIOServer(
    port: number,
    options?: Parameters<IoAdapter["createIOServer"]>[1],
  ): ReturnType<IoAdapter["createIOServer"]> {
    // Nest types both as socket.io's (ServerOptions, Server); socketry takes the same options, and
    // socket.io's Server class is nominal in TypeScript (private members): hence the casts.
    const opts = options as ServerOptions | undefined;
    const io = port === 0 && this.httpServer ? new Server(this.httpServer, opts) : new Server(port, opts);
    return io as unknown as ReturnType<IoAdapter["createIOServer"]>;
  }
}

const hooks: string[] = [];

class EventsGateway {
  server!: Server;
  handleConnection(socket: Socket): void {
    hooks.push(`connected ${socket.nsp.name}`);
  }
  handleDisconnect(socket: Socket): void {
    hooks.push(`disconnected ${socket.nsp.name}`);
  }
  echo(data: unknown): WsResponse<unknown> {
    return { event: "echo", data: { echoed: data } };
  }
  double(n: number): number {
    return n * 2;
  }
  shout(text: string, socket: Socket): void {
    this.server.emit("shouted", text.toUpperCase(), socket.id);
  }
}

class ChatGateway {
  message(body: string): { ok: string } {
    return { ok: body };
  }
}

/** What `@WebSocketGateway(…) class …` and the member decorators would do. */
function decorate(): void {
  const events = EventsGateway.prototype;
  WebSocketServer()(events, "server");
  for (const [method, message] of [
    ["echo", "echo"],
    ["double", "double"],
    ["shout", "shout"],
  ] as const) {
    SubscribeMessage(message)(events, method, Object.getOwnPropertyDescriptor(events, method)!);
    MessageBody()(events, method, 0);
  }
  ConnectedSocket()(events, "shout", 1);
  WebSocketGateway({ cors: { origin: "*" } })(EventsGateway);
  const chat = ChatGateway.prototype;
  SubscribeMessage("message")(chat, "message", Object.getOwnPropertyDescriptor(chat, "message")!);
  MessageBody()(chat, "message", 0);
  WebSocketGateway({ namespace: "chat" })(ChatGateway);
}
decorate();

class AppModule {}
Module({ providers: [EventsGateway, ChatGateway] })(AppModule);

let app: INestApplication | undefined;
const clients: ClientSocket[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  await app?.close();
  app = undefined;
});

function connect(url: string): ClientSocket {
  const client = connectClient(url, { forceNew: true, reconnection: false });
  clients.push(client);
  return client;
}

it("runs Nest gateways: handlers, returned events and acks, broadcasts, namespaces and hooks", async () => {
  app = await NestFactory.create(AppModule, { logger: false });
  app.useWebSocketAdapter(new SocketryIoAdapter(app));
  await app.listen(0, "127.0.0.1");
  const { port } = app.getHttpServer().address() as { port: number };
  const gateway = app.get(EventsGateway);
  expect(gateway.server).toBeInstanceOf(Server);

  const client = connect(`http://127.0.0.1:${port}`);
  await waitFor(client, "connect");
  const echoed = waitFor(client, "echo");
  client.emit("echo", { a: 1 });
  expect(await echoed).toEqual([{ echoed: { a: 1 } }]);
  expect(await emitAck(client, "double", 21)).toEqual([42]);
  const shouted = waitFor(client, "shouted");
  client.emit("shout", "hey");
  expect(await shouted).toEqual(["HEY", client.id]);

  const chat = connect(`http://127.0.0.1:${port}/chat`);
  await waitFor(chat, "connect");
  expect(await emitAck(chat, "message", "yo")).toEqual([{ ok: "yo" }]);

  const gone = waitFor(client, "disconnect");
  await app.close();
  app = undefined;
  await gone;
  expect(hooks).toEqual(["connected /", "disconnected /"]);
});
