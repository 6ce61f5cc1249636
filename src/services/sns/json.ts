/**
 * JSON-valued attributes. AWS parses them with Jackson and quotes its message when they are
 * not JSON ("failed to parse JSON. Unexpected character ('i' (code 105)): was expecting
 * double-quote to start field name\n at [Source: ...; line: 1, column: 2]"); `jsonErrorDetail`
 * reproduces the common cases of those messages.
 */
import { invalidParameter } from './errors.js';

const SOURCE = 'REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)';

/** Parses `text`; on failure throws "Invalid parameter: <label>: failed to parse JSON. ..." */
export function parseJsonAttribute(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidParameter(`${label}: failed to parse JSON. ${jsonErrorDetail(text)}`);
  }
}

function location(text: string, index: number): string {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  return `\n at [Source: ${SOURCE}; line: ${line}, column: ${column}]`;
}

const describe = (c: string): string => `'${c}' (code ${c.codePointAt(0)})`;

/** Jackson's description of the first syntax error in `text` (which must be invalid JSON). */
export function jsonErrorDetail(text: string): string {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  class Fail extends Error {}
  const fail = (msg: string, at: number): never => {
    throw new Fail(msg + location(text, at));
  };
  const eof = (what: string): never => fail(`Unexpected end-of-input: ${what}`, text.length);
  const token = (): never => {
    const start = i;
    while (i < text.length && /[\w$]/.test(text[i]!)) i++;
    if (i === start) i++;
    return fail(
      `Unrecognized token '${text.slice(start, i)}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`,
      i,
    );
  };
  const string = (): void => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail(`Illegal unquoted character (CTRL-CHAR, code ${text.charCodeAt(i)}): has to be escaped using backslash to be included in string value`, i);
      i++;
    }
    if (i >= text.length) eof('was expecting closing quote for a string value');
    i++;
  };
  const value = (): void => {
    ws();
    if (i >= text.length) eof('expected a value');
    const c = text[i]!;
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (/[-0-9]/.test(c)) {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
      if (!m || m[0] === '-') fail(`Unexpected character (${describe(c)}): expected a value`, i);
      i += m![0].length;
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i) && !/[\w$]/.test(text[i + word.length] ?? '')) {
        i += word.length;
        return;
      }
    }
    if (/[\w$]/.test(c)) token();
    fail(`Unexpected character (${describe(c)}): expected a value`, i);
  };
  const object = (): void => {
    const start = i;
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (i >= text.length) eof(`expected close marker for Object (start marker at [Source: ${SOURCE}; line: 1, column: ${start + 1}])`);
      if (text[i] !== '"') fail(`Unexpected character (${describe(text[i]!)}): was expecting double-quote to start field name`, i);
      string();
      ws();
      if (i >= text.length) eof(`expected close marker for Object (start marker at [Source: ${SOURCE}; line: 1, column: ${start + 1}])`);
      if (text[i] !== ':') fail(`Unexpected character (${describe(text[i]!)}): was expecting a colon to separate field name and value`, i);
      i++;
      value();
      ws();
      if (i >= text.length) eof(`expected close marker for Object (start marker at [Source: ${SOURCE}; line: 1, column: ${start + 1}])`);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail(`Unexpected character (${describe(text[i]!)}): was expecting comma to separate Object entries`, i);
    }
  };
  const array = (): void => {
    const start = i;
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      ws();
      if (i >= text.length) eof(`expected close marker for Array (start marker at [Source: ${SOURCE}; line: 1, column: ${start + 1}])`);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail(`Unexpected character (${describe(text[i]!)}): was expecting comma to separate Array entries`, i);
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`Unexpected character (${describe(text[i]!)}): expected end-of-input`, i);
    return 'Invalid JSON';
  } catch (e) {
    if (e instanceof Fail) return e.message;
    throw e;
  }
}
