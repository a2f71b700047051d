// The decimal length fields of v3 payloads, shared by the text and binary forms.

/**
 * At most this many digits per length field. Ten digits cover any JS string and any Buffer, stay
 * exact in a double, and bound the work per field; a longer field is rejected, never parsed.
 */
export const MAX_LENGTH_DIGITS = 10;
