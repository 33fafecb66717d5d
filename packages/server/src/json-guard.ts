/**
 * A cheap look at JSON text before `JSON.parse` sees it. Parsing is linear in the text, but what
 * follows it (schema checks, error descriptions, logging) walks the value, and a megabyte of `[`
 * makes every such walk deep and slow. One pass over the characters, with no allocation, refuses
 * such text before any of that work starts.
 */

/** Deepest nesting of arrays and objects accepted; real frames and REST bodies stay under 10. */
export const MAX_JSON_DEPTH = 32;

export type JsonShape = { ok: true } | { ok: false; reason: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Refuses text whose arrays and objects nest deeper than `maxDepth`. It does not validate JSON:
 * brackets inside strings are skipped, anything else is left to `JSON.parse`.
 */
export function checkJsonDepth(text: string, maxDepth = MAX_JSON_DEPTH): JsonShape {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > maxDepth) return { ok: false, reason: `JSON nests deeper than ${maxDepth} levels` };
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return { ok: true };
}
