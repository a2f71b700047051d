// Errors of the adapters: the official messages, with a stable code in `err.code`. Every code is
// listed in docs/errors.md.
import { codedErrorClass } from "@socketry/shared";

export type AdapterErrorCode = "ERR_ADAPTER_REQUEST_TIMEOUT" | "ERR_ADAPTER_CLOSED" | "ERR_ADAPTER_INVALID_OPTION";

const BRAND = "socketry.adapter";

/** An adapter failure with a stable `code`; `instanceof` works across two installed copies. */
export const AdapterError = codedErrorClass<AdapterErrorCode>("AdapterError", BRAND);
export type AdapterError = InstanceType<typeof AdapterError>;

/** An invalid adapter option: a TypeError, as before, that is also an AdapterError. */
export const AdapterOptionError = codedErrorClass<AdapterErrorCode, TypeError>("TypeError", BRAND, TypeError);
export type AdapterOptionError = InstanceType<typeof AdapterOptionError>;

export function requestTimeout(message: string): AdapterError {
  return new AdapterError("ERR_ADAPTER_REQUEST_TIMEOUT", message);
}

export function adapterClosed(): AdapterError {
  return new AdapterError("ERR_ADAPTER_CLOSED", "adapter closed before all responses were received");
}

/** `owner` names the class whose option it is, as the message has always started. */
export function invalidAdapterOption(owner: string, name: string, value: unknown): AdapterOptionError {
  return new AdapterOptionError(
    "ERR_ADAPTER_INVALID_OPTION",
    `${owner}: ${name} must be a positive number (got ${String(value)})`,
  );
}
