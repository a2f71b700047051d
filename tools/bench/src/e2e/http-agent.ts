// The connections of the bench's polling clients, and the one timer that bounds every request:
// a sweep four times a second fails the requests whose deadline passed (one shared interval costs
// less than a timer armed and cleared per request). destroy() closes every socket.
import { HttpConnection } from "./http-connection.js";

const SWEEP_MS = 250;

export class HttpAgent {
  private readonly connections = new Set<HttpConnection>();
  private sweeper: NodeJS.Timeout | undefined;
  private destroyed = false;

  /** A new keep-alive connection to 127.0.0.1:`port` (its socket opens on the first request). */
  connection(port: number): HttpConnection {
    if (this.destroyed) throw new Error("HttpAgent destroyed");
    const connection = new HttpConnection(port);
    this.connections.add(connection);
    // unref: open sockets keep the process alive while requests are out, the sweep alone must not.
    this.sweeper ??= setInterval(() => this.sweep(), SWEEP_MS).unref();
    return connection;
  }

  /** Closes `connection` (failing its request in flight) and forgets it. */
  release(connection: HttpConnection): void {
    connection.destroy();
    this.connections.delete(connection);
  }

  get size(): number {
    return this.connections.size;
  }

  destroy(): void {
    this.destroyed = true;
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    const all = [...this.connections];
    this.connections.clear();
    for (const connection of all) connection.destroy();
  }

  private sweep(): void {
    const now = Date.now();
    for (const connection of this.connections) connection.expire(now);
  }
}
