// The CommonJS entry: `require("@socketry/redis-adapter")` is the socket.io-redis factory itself
// (`require("socket.io-redis")({ pubClient, subClient })` keeps working), with the named exports
// as properties.
import redisAdapterModule = require("./index.js");

const entry = Object.assign(redisAdapterModule.default, redisAdapterModule);
export = entry;
