// The chat page: plain browser JavaScript, no framework. It loads the official client bundle
// that the server serves under /socket.io/ (the msgpack one with ?msgpack=1), then chats.

const ACK_TIMEOUT_MS = 5000;
const TYPING_SEND_EVERY_MS = 1000; // at most one typing hint per second while typing
const TYPING_SHOWN_MS = 3000;

const useMsgpack = new URLSearchParams(location.search).get("msgpack") === "1";
const bundle = useMsgpack ? "socket.io.msgpack.min.js" : "socket.io.js";
const byId = (id) => document.getElementById(id);

const script = document.createElement("script");
script.src = `/socket.io/${bundle}`;
script.onload = startChat;
script.onerror = () => setStatus(`could not load /socket.io/${bundle}`);
document.head.append(script);

function setStatus(text) {
  byId("status").textContent = text;
}

function startChat() {
  // Reconnect within two seconds at most: with the server's connection state recovery, the
  // messages sent while this tab was offline arrive then.
  const socket = io({ reconnectionDelayMax: 2000 });
  let myName = "";
  let lastTypingSent = 0;
  let typingTimer;

  const showTransport = () =>
    setStatus(
      `connected over ${socket.io.engine.transport.name} (${bundle})` +
        (socket.recovered ? ", session recovered: missed messages delivered" : ""),
    );
  socket.io.on("open", () => socket.io.engine.on("upgrade", showTransport));
  socket.on("connect", showTransport);
  socket.on("disconnect", (reason) => setStatus(`disconnected: ${reason}`));
  socket.on("connect_error", (err) => setStatus(`cannot connect: ${err.message}`));

  socket.on("welcome", (name) => {
    myName = name;
    byId("name").value = name;
  });
  socket.on("online", (count) => {
    byId("online").textContent = `${count} online`;
  });
  socket.on("chat message", ({ from, text }) => {
    addMessage(from, text, "theirs");
    byId("typing").textContent = "";
  });
  socket.on("typing", ({ name }) => {
    byId("typing").textContent = `${name} is typing…`;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => (byId("typing").textContent = ""), TYPING_SHOWN_MS);
  });

  byId("name-form").addEventListener("submit", (event) => {
    event.preventDefault();
    socket.emit("set name", byId("name").value, (name) => {
      myName = name;
      byId("name").value = name;
    });
  });

  byId("message-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = byId("message");
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    const item = addMessage(myName, text, "mine");
    const status = item.querySelector(".status");
    status.textContent = "sending…";
    socket.timeout(ACK_TIMEOUT_MS).emit("chat message", text, (err, reply) => {
      if (err) status.textContent = "not delivered";
      else if (!reply.ok) status.textContent = `rejected: ${reply.error}`;
      else {
        status.textContent = "✓ delivered";
        item.classList.add("delivered");
      }
    });
  });

  byId("message").addEventListener("input", () => {
    const now = Date.now();
    if (now - lastTypingSent < TYPING_SEND_EVERY_MS) return;
    lastTypingSent = now;
    socket.volatile.emit("typing"); // dropped, not queued, while disconnected
  });
}

function addMessage(from, text, kind) {
  const item = document.createElement("li");
  item.className = kind;
  const author = document.createElement("b");
  author.textContent = `${from}: `;
  const status = document.createElement("span");
  status.className = "status";
  item.append(author, text, " ", status); // text nodes: messages are never parsed as HTML
  const list = byId("messages");
  list.append(item);
  list.scrollTop = list.scrollHeight;
  return item;
}
