// socket.io-client 2.x ships no type declarations; the tests use this small part of its API.
declare module "socket.io-client-v2" {
  interface V2Socket {
    id: string;
    connected: boolean;
    on(event: string, listener: (...args: any[]) => void): V2Socket;
    once(event: string, listener: (...args: any[]) => void): V2Socket;
    emit(event: string, ...args: any[]): V2Socket;
    close(): V2Socket;
    disconnect(): V2Socket;
    io: { engine: { close(): void } };
  }
  function io(url: string, opts?: Record<string, unknown>): V2Socket;
  export = io;
}
