// @socketry/shared: support code every socketry package uses (see CONTRIBUTING.md). Not an
// application API: it follows the monorepo's version and may change with it.
export {
  codedErrorClass,
  describeValue,
  isCodedError,
  type CodedError,
  type CodedErrorClass,
  type CodedErrorOptions,
  type ErrorDetails,
} from "./coded-error.js";
export { callMethod, withCompactListenerTable, withoutListenerTable } from "./lazy-listeners.js";
export { randomId } from "./random-id.js";
