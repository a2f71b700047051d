// The cluster page: plain browser JavaScript. It shows which worker holds this tab's session and
// every `chat` message, from whichever worker it was sent through.

const byId = (id) => document.getElementById(id);

// WebSocket only: a browser reuses its keep-alive HTTP connections, and @socket.io/sticky hands a
// connection to one worker for good, so long-polling requests could reach a worker that does not
// hold their session. A WebSocket is a connection of its own, routed when it opens. Reconnect
// within two seconds at most, to show the recovery soon after the network is back.
const socket = io({ transports: ["websocket"], reconnectionDelayMax: 2000 });

socket.on("connect", () => {
  byId("status").textContent = socket.recovered
    ? "connected, session recovered: missed messages delivered"
    : "connected";
  socket.emit("whoami", (pid) => {
    byId("worker").textContent = `worker ${pid}, socket id ${socket.id}`;
  });
});
socket.on("disconnect", (reason) => {
  byId("status").textContent = `disconnected: ${reason}`;
  byId("worker").textContent = "";
});
socket.on("connect_error", (err) => {
  byId("status").textContent = `cannot connect: ${err.message}`;
});

socket.on("chat", ({ from, text }) => {
  const item = document.createElement("li");
  const author = document.createElement("b");
  author.textContent = `${from}: `;
  item.append(author, text); // a text node: messages are never parsed as HTML
  byId("messages").append(item);
});

byId("message-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = byId("message");
  const text = input.value.trim();
  if (text) socket.emit("chat", text);
  input.value = "";
});
