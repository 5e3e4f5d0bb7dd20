/**
 * JSON from outside, parsed within bounds: a size and a nesting depth checked in one pass over
 * the text before JSON.parse, so a deeply nested megabyte costs a scan, not a parse and whatever
 * walks the result. Real Bot Framework activities and Slack payloads nest a dozen levels at most.
 */
export const MAX_JSON_DEPTH = 64;

export class JsonLimitError extends Error {}

export function parseBoundedJson(text: string, maxBytes: number, maxDepth = MAX_JSON_DEPTH): unknown {
  if (text.length > maxBytes) throw new JsonLimitError(`over ${maxBytes} bytes`);
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // a backslash: skip what it escapes
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) { if (++depth > maxDepth) throw new JsonLimitError(`nested deeper than ${maxDepth} levels`); }
    else if (c === 125 || c === 93) depth--;
  }
  return JSON.parse(text);
}
