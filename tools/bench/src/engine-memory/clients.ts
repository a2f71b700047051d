// Opens N Engine.IO v4 sessions straight over WebSocket (no polling step) with bounded concurrency.
import WebSocket from "ws";

export async function openSessions(port: number, count: number, concurrency = 64): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      sockets.push(await openOne(port));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return sockets;
}

function openOne(port: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/engine.io/?EIO=4&transport=websocket`);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error("session did not open within 10 s"));
    }, 10_000);
    ws.once("message", (data) => {
      clearTimeout(timer);
      if (!data.toString().startsWith("0{"))
        reject(new Error(`unexpected first packet ${data.toString().slice(0, 40)}`));
      else resolve(ws);
    });
    ws.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
