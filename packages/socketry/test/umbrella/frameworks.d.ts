// express 5 and koa 3 ship no type declarations; the initialisation and middleware tests use this
// small part of their APIs (adding @types/express and @types/koa would pull a dozen packages for it).
declare module "express" {
  import type { IncomingMessage, ServerResponse } from "node:http";
  interface ExpressResponse extends ServerResponse {
    send(body: string): ExpressResponse;
  }
  interface ExpressApp {
    (req: IncomingMessage, res: ServerResponse): void;
    get(path: string, handler: (req: IncomingMessage, res: ExpressResponse) => void): ExpressApp;
    post(path: string, ...handlers: unknown[]): ExpressApp;
    use(...handlers: unknown[]): ExpressApp;
  }
  function express(): ExpressApp;
  namespace express {
    function urlencoded(options: { extended: boolean }): unknown;
  }
  export = express;
}

declare module "koa" {
  import type { IncomingMessage, ServerResponse } from "node:http";
  interface KoaContext {
    path: string;
    body: unknown;
    status: number;
  }
  class Koa {
    use(middleware: (ctx: KoaContext, next: () => Promise<void>) => unknown): this;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
  export = Koa;
}
