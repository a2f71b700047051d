// JSONP polling, for Engine.IO v3 clients only (`j` query parameter): the payload travels inside a
// script call `___eio[<j>]("<payload>");`, and POST bodies are forms whose `d` field is the payload
// with its newlines escaped by the client.

/** The callback index from `?j=` (the last one, as engine.io reads `_query`): digits only (anything else could inject script). */
export function jsonpIndex(query: URLSearchParams): string | null {
  const all = query.getAll("j");
  const j = all[all.length - 1];
  return j === undefined ? null : j.replace(/[^0-9]/g, "");
}

/** The script a JSONP poll answers with. U+2028/2029 are legal in JSON but end a line in JS. */
export function wrapJsonp(index: string, payload: string): string {
  const literal = JSON.stringify(payload)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
  return `___eio[${index}](${literal});`;
}

/** `\\n` (an escaped literal backslash-n) or `\n` (a newline). */
const JSONP_ESCAPES = /\\\\n|\\n/g;

function unescapeJsonp(match: string): string {
  return match.length === 3 ? "\\n" : "\n";
}

/**
 * The payload of a JSONP POST form. The client turned each newline into the two characters `\n`
 * and each literal `\n` into `\` + newline (also sent as `\\n`): undo both.
 */
export function unwrapJsonpBody(body: string): string | null {
  const data = new URLSearchParams(body).get("d");
  if (data === null) return null;
  // One regex pass, left to right, the longer escape first: a character-by-character rebuild
  // cost ~0.3 s of event loop per 1 MB body.
  return data.replace(JSONP_ESCAPES, unescapeJsonp);
}
