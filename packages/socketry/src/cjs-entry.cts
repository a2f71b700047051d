// The CommonJS entry: `require("socketry")` is the server factory itself, carrying the named
// exports as properties, as `require("socket.io")` is.
import socketry = require("./index.js");

const entry = Object.assign(socketry.default, socketry);
export = entry;
