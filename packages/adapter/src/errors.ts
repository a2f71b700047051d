// Errors of the cluster adapters: the official messages, with a stable code in `err.code`.

export type AdapterErrorCode = "ADAPTER_REQUEST_TIMEOUT" | "ADAPTER_CLOSED";

export class AdapterError extends Error {
  readonly code: AdapterErrorCode;

  constructor(code: AdapterErrorCode, message: string) {
    super(message);
    this.name = "AdapterError";
    this.code = code;
  }
}

export function requestTimeout(message: string): AdapterError {
  return new AdapterError("ADAPTER_REQUEST_TIMEOUT", message);
}

export function adapterClosed(): AdapterError {
  return new AdapterError("ADAPTER_CLOSED", "adapter closed before all responses were received");
}
