// socket.io-client 3.1.3's "exports" map hides its type declarations from nodenext resolution;
// the tests use this small part of its API.
declare module "socket.io-client-v3" {
  export interface V3Socket {
    id: string;
    connected: boolean;
    auth: unknown;
    on(event: string, listener: (...args: any[]) => void): V3Socket;
    once(event: string, listener: (...args: any[]) => void): V3Socket;
    emit(event: string, ...args: any[]): V3Socket;
    onAny(listener: (...args: any[]) => void): V3Socket;
    close(): V3Socket;
    disconnect(): V3Socket;
  }
  export function io(url: string, opts?: Record<string, unknown>): V3Socket;
}
