// The msgpack codec raises the same coded errors as the default parser (one catalogue for both,
// so the server handles either the same way).
export { ERROR_MESSAGES, ParserError, parserError, type ParserErrorCode } from "@socketry/parser";
