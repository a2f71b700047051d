// biome-ignore-all lint/suspicious/noExplicitAny: the client libraries are duck-typed
// One set of listeners per client pair, however many adapters (one per namespace) watch it, so
// many namespaces never trip the clients' max-listeners warning.
import type { LinkEvents, RedisLink } from "./types.js";

// Every supported library emits "reconnecting" when a connection dropped and "end" when it is
// closed for good, and "ready" once it can take commands again.
const LOST_EVENTS = ["reconnecting", "end"];

export function watcherHub(pub: any, sub: any): RedisLink["watch"] {
  const watchers = new Set<LinkEvents>();
  const onError = (err: unknown) => {
    for (const watcher of watchers) watcher.error(err);
  };
  const onReady = () => {
    for (const watcher of watchers) watcher.subscriberReady();
  };
  const onLost = () => {
    for (const watcher of watchers) watcher.subscriberLost();
  };
  const clients = pub === sub ? [pub] : [pub, sub];
  return (watcher) => {
    if (watchers.size === 0) {
      for (const client of clients) client.on("error", onError);
      sub.on("ready", onReady);
      for (const event of LOST_EVENTS) sub.on(event, onLost);
    }
    watchers.add(watcher);
    return () => {
      if (!watchers.delete(watcher) || watchers.size > 0) return;
      for (const client of clients) client.off("error", onError);
      sub.off("ready", onReady);
      for (const event of LOST_EVENTS) sub.off(event, onLost);
    };
  };
}
