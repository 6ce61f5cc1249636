/**
 * JSON as the AWS CLI reads it: Python's json.loads, whose error texts ("Expecting ','
 * delimiter: line 1 column 8 (char 7)") the CLI puts in its messages. Accepts what Python
 * accepts (NaN, Infinity, -Infinity; duplicate keys, last one winning) and rejects what it
 * rejects (control characters inside strings, trailing commas).
 */

export class PyJsonError extends Error {
  constructor(
    readonly reason: string,
    readonly text: string,
    index: number,
  ) {
    super(formatPosition(reason, text, index));
    this.name = 'PyJsonError';
  }
}

/** "msg: line L column C (char P)", counting as Python does (code points, 1-based line/column). */
function formatPosition(reason: string, text: string, index: number): string {
  const before = Array.from(text.slice(0, index));
  const pos = before.length;
  let line = 1;
  let lastNewline = -1;
  before.forEach((ch, i) => {
    if (ch === '\n') {
      line++;
      lastNewline = i;
    }
  });
  const column = pos - lastNewline;
  return `${reason}: line ${line} column ${column} (char ${pos})`;
}

const WS = ' \t\n\r';
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** Signals "no value here" (Python's StopIteration from scan_once), carrying the index. */
class NoValue {
  constructor(readonly index: number) {}
}

function setProp(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

class Scanner {
  constructor(private readonly s: string) {}

  skipWs(i: number): number {
    while (i < this.s.length && WS.includes(this.s[i]!)) i++;
    return i;
  }

  fail(reason: string, index: number): never {
    throw new PyJsonError(reason, this.s, index);
  }

  /** Parse one value at i; returns [value, end] or a NoValue. */
  value(i: number): [unknown, number] | NoValue {
    const s = this.s;
    if (i >= s.length) return new NoValue(i);
    const c = s[i]!;
    if (c === '"') return this.string(i + 1);
    if (c === '{') return this.object(i + 1);
    if (c === '[') return this.array(i + 1);
    if (c === 'n' && s.startsWith('null', i)) return [null, i + 4];
    if (c === 't' && s.startsWith('true', i)) return [true, i + 4];
    if (c === 'f' && s.startsWith('false', i)) return [false, i + 5];
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(s);
    // a Python int has no negative zero
    if (m) return [m[1] || m[2] ? Number(m[0]) : Number(m[0]) + 0, i + m[0].length];
    if (c === 'N' && s.startsWith('NaN', i)) return [NaN, i + 3];
    if (c === 'I' && s.startsWith('Infinity', i)) return [Infinity, i + 8];
    if (c === '-' && s.startsWith('-Infinity', i)) return [-Infinity, i + 9];
    return new NoValue(i);
  }

  string(end: number): [string, number] {
    const s = this.s;
    const begin = end - 1;
    let out = '';
    for (;;) {
      let j = end;
      while (j < s.length && s[j] !== '"' && s[j] !== '\\' && s.charCodeAt(j) >= 0x20) j++;
      if (j >= s.length) this.fail('Unterminated string starting at', begin);
      out += s.slice(end, j);
      const c = s[j]!;
      if (c === '"') return [out, j + 1];
      if (c !== '\\') this.fail('Invalid control character at', j);
      // backslash escape
      if (j + 1 >= s.length) this.fail('Unterminated string starting at', begin);
      const e = s[j + 1]!;
      if (e !== 'u') {
        const mapped = ESCAPES[e];
        if (mapped === undefined) this.fail('Invalid \\escape', j);
        out += mapped;
        end = j + 2;
        continue;
      }
      const u = j + 1;
      if (u + 5 >= s.length) this.fail('Invalid \\uXXXX escape', u);
      const hex = s.slice(u + 1, u + 5);
      if (!HEX4.test(hex)) this.fail('Invalid \\uXXXX escape', u);
      const code = parseInt(hex, 16);
      end = u + 5;
      out += String.fromCharCode(code);
      if (code >= 0xd800 && code <= 0xdbff && end + 6 < s.length && s[end] === '\\' && s[end + 1] === 'u') {
        const hex2 = s.slice(end + 2, end + 6);
        if (!HEX4.test(hex2)) this.fail('Invalid \\uXXXX escape', end + 1);
        const low = parseInt(hex2, 16);
        if (low >= 0xdc00 && low <= 0xdfff) {
          out += String.fromCharCode(low);
          end += 6;
        }
      }
    }
  }

  object(end: number): [Record<string, unknown>, number] {
    const s = this.s;
    const obj: Record<string, unknown> = {};
    end = this.skipWs(end);
    if (s[end] === '}') return [obj, end + 1];
    if (s[end] !== '"') this.fail('Expecting property name enclosed in double quotes', end);
    end += 1;
    for (;;) {
      const [key, afterKey] = this.string(end);
      end = this.skipWs(afterKey);
      if (s[end] !== ':') this.fail("Expecting ':' delimiter", end);
      end = this.skipWs(end + 1);
      const v = this.value(end);
      if (v instanceof NoValue) this.fail('Expecting value', v.index);
      setProp(obj, key, v[0]);
      end = this.skipWs(v[1]);
      const next = s[end];
      end += 1;
      if (next === '}') return [obj, end];
      if (next !== ',') this.fail("Expecting ',' delimiter", end - 1);
      end = this.skipWs(end);
      const quote = s[end];
      end += 1;
      if (quote !== '"') this.fail('Expecting property name enclosed in double quotes', end - 1);
    }
  }

  array(end: number): [unknown[], number] {
    const s = this.s;
    const arr: unknown[] = [];
    end = this.skipWs(end);
    if (s[end] === ']') return [arr, end + 1];
    for (;;) {
      const v = this.value(end);
      if (v instanceof NoValue) this.fail('Expecting value', v.index);
      arr.push(v[0]);
      end = this.skipWs(v[1]);
      const next = s[end];
      end += 1;
      if (next === ']') return [arr, end];
      if (next !== ',') this.fail("Expecting ',' delimiter", end - 1);
      end = this.skipWs(end);
    }
  }
}

/** Python's json.loads. Throws PyJsonError with Python's message. */
export function pyJsonLoads(text: string): unknown {
  const sc = new Scanner(text);
  const start = sc.skipWs(0);
  const v = sc.value(start);
  if (v instanceof NoValue) return sc.fail('Expecting value', v.index);
  const end = sc.skipWs(v[1]);
  if (end !== text.length) sc.fail('Extra data', end);
  return v[0];
}
