/**
 * The characters XML 1.0 can carry (its Char production): answers written as XML — SQS's and
 * SNS's query protocol — cannot hold any other, not even as a character reference, so a value
 * stored with one would make every later answer that shows it unreadable to the SDKs.
 */
/** The Char production as a regular expression's class body (for the `u` flag). */
export const XML_CHARS = '\\t\\n\\r\\u0020-\\uD7FF\\uE000-\\uFFFD\\u{10000}-\\u{10FFFF}';
const INVALID_CHAR = new RegExp(`[^${XML_CHARS}]`, 'u');

/** The set in the words SQS's errors use. */
export const XML_CHAR_SET = '#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF';

/** The first character outside XML's allowed set (a lone surrogate counts), or undefined. */
export function firstInvalidChar(text: string): number | undefined {
  const m = INVALID_CHAR.exec(text);
  return m ? m[0].codePointAt(0) : undefined;
}

/**
 * Where in a decoded request (strings, lists, maps) the first text with such a character is,
 * or undefined if there is none: the member holding it, a map's key (an attribute's name), or
 * a list's own member (Tags) — never the offending text itself.
 */
export function firstNonXmlText(value: unknown, name = 'input'): string | undefined {
  if (typeof value === 'string') return firstInvalidChar(value) === undefined ? undefined : name;
  if (Array.isArray(value)) return value.some((v) => firstNonXmlText(v, name) !== undefined) ? name : undefined;
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value) && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      if (firstInvalidChar(k) !== undefined) return name;
      const found = firstNonXmlText(v, k);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
