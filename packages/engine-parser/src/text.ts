/** String(value) that cannot throw (String of a null-prototype object does): encoders never throw. */
export function stringify(value: unknown): string {
  try {
    return String(value);
  } catch {
    return "";
  }
}
