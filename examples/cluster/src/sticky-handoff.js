// @socket.io/sticky reads the first chunk of each connection in the primary, then hands the socket
// to a worker. Node keeps the primary's copy of that socket reading until the worker acknowledges
// the handle, and throws away what it reads meanwhile (nodejs/node#8353). A WebSocket client
// writes its first frames as soon as the worker has answered the upgrade, so on a busy machine the
// Socket.IO CONNECT could be read, and lost, by the primary: the client then waits forever.
// This stops the primary's reads on every socket sticky hands off. It reaches into the socket's
// libuv handle (`_handle`), which Node offers no public way to stop reading.

/** Call after `setupMaster(httpServer)`, so that this runs after sticky's own "data" listener. */
export function stopPrimaryReadsOnHandoff(httpServer) {
  httpServer.on("connection", (socket) => {
    const handle = socket._handle;
    socket.once("data", (chunk) => {
      if (handle && handedOff(socket, chunk)) handle.readStop();
    });
  });
}

/** Whether sticky gave (or queued) this socket for a worker, rather than keeping it to relay a body. */
function handedOff(socket, chunk) {
  if (socket._handle === null) return true; // sent at once
  if (socket.writableEnded) return false; // answered 503: no worker to take it
  // Queued behind another handoff to the same worker. Sticky keeps a socket (and relays its
  // chunks over IPC) only when the request may carry a body.
  const end = chunk.indexOf("\r\n\r\n");
  const head = chunk
    .subarray(0, end === -1 ? chunk.length : end)
    .toString("latin1")
    .toLowerCase();
  return !head.includes("content-length:") && !head.includes("transfer-encoding:");
}
