// @socketry/transport-polling: the Engine.IO HTTP long-polling transport.
export { Polling } from "./polling.js";
export { POLLING_DEFAULTS, type HttpCompressionOptions, type PollingSettings } from "./options.js";
export { PollingOptionError, type PollingErrorCode } from "./errors.js";
