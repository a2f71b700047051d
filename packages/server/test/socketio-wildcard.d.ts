// socketio-wildcard 2.x ships no type declarations; the test uses its one export.
declare module "socketio-wildcard" {
  function wildcard(): (socket: unknown, next?: (err?: Error) => void) => void;
  export = wildcard;
}
