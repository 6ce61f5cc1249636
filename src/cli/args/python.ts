/**
 * Small imitations of Python behaviour that show through in the AWS CLI's messages and
 * parsing (the CLI is a Python program): whitespace classes, int()/float() parsing, and
 * str()/repr() of values. Only what the argument layer needs.
 */

/** Characters Python's str.isspace() / str.strip() treat as whitespace. */
export const PY_WHITESPACE =
  '\t\n\u000b\u000c\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003' +
  '\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

/** string.whitespace: ASCII only (what the shorthand parser skips between tokens). */
export const ASCII_WHITESPACE = ' \t\n\r\u000b\u000c';

export function pyStrip(s: string): string {
  return pyRstrip(pyLstrip(s));
}

export function pyLstrip(s: string): string {
  let i = 0;
  while (i < s.length && PY_WHITESPACE.includes(s[i]!)) i++;
  return s.slice(i);
}

export function pyRstrip(s: string): string {
  let j = s.length;
  while (j > 0 && PY_WHITESPACE.includes(s[j - 1]!)) j--;
  return s.slice(0, j);
}

const ND = /\p{Nd}/u;
const NON_ASCII = /[^\x00-\x7f]/u;

/**
 * Python's int() and float() take any Unicode decimal digit ('\u0663', '\uff15', ...) as
 * the ASCII digit of the same value. Digits are encoded in runs of ten from zero up, some runs
 * adjacent (the mathematical digits), so a digit's value is its distance from the start of its
 * run, modulo 10.
 */
function asciiDigits(t: string): string {
  if (!NON_ASCII.test(t)) return t;
  let out = '';
  for (const ch of t) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80 || !ND.test(ch)) {
      out += ch;
      continue;
    }
    let start = cp;
    while (ND.test(String.fromCodePoint(start - 1))) start--;
    out += String((cp - start) % 10);
  }
  return out;
}

/** Python's int(str) for base 10: surrounding whitespace, sign, digits with single underscores. */
export function pyInt(s: string): number | undefined {
  const t = asciiDigits(pyStrip(s));
  if (!/^[+-]?\d+(?:_\d+)*$/.test(t)) return undefined;
  return Number(t.replace(/_/g, ''));
}

/** Python's float(str): decimal literals, inf/infinity/nan in any case, underscores between digits. */
export function pyFloat(s: string): number | undefined {
  const t = asciiDigits(pyStrip(s));
  const digits = '\\d+(?:_\\d+)*';
  const num = new RegExp(`^[+-]?(?:(?:${digits}(?:\\.(?:${digits})?)?|\\.${digits})(?:[eE][+-]?${digits})?)$`);
  if (num.test(t)) return Number(t.replace(/_/g, ''));
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(t);
  if (!special) return undefined;
  if (special[2]!.toLowerCase() === 'nan') return NaN;
  return special[1] === '-' ? -Infinity : Infinity;
}

/** The ValueError text Python's int() gives for a string it cannot parse. */
export const intError = (s: string): string => `invalid literal for int() with base 10: ${pyRepr(s)}`;
/** The ValueError text Python's float() gives for a string it cannot parse. */
export const floatError = (s: string): string => `could not convert string to float: ${pyRepr(s)}`;

/** Python's repr() of a str. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp >= 0x80 && cp <= 0xa0) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp === 0xad) out += '\\xad';
    else if ((cp >= 0xd800 && cp <= 0xdfff) || cp === 0x2028 || cp === 0x2029)
      out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + quote;
}

/** Python's repr() of bytes. */
export function pyBytesRepr(b: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (const c of b) {
    if (c === 0x27) hasSingle = true;
    if (c === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? '"' : "'";
  let out = 'b' + quote;
  for (const c of b) {
    const ch = String.fromCharCode(c);
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c >= 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + quote;
}

/** Python's repr() of a float (shortest round-trip digits, exponent outside 1e-4..1e16). */
export function pyFloatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const sign = n < 0 ? '-' : '';
  // JS and Python agree on the shortest digits; only the layout differs.
  const [m, e] = Math.abs(n).toExponential().split('e') as [string, string];
  const e10 = Number(e);
  const digits = m.replace('.', '');
  if (e10 < -4 || e10 >= 16) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mant}e${e10 < 0 ? '-' : '+'}${String(Math.abs(e10)).padStart(2, '0')}`;
  }
  if (e10 < 0) return `${sign}0.${'0'.repeat(-e10 - 1)}${digits}`;
  const intPart = digits.slice(0, e10 + 1).padEnd(e10 + 1, '0');
  return `${sign}${intPart}.${digits.slice(e10 + 1) || '0'}`;
}

/** The Python type a parsed value stands for, as "<class 'str'>". */
export function pyTypeName(v: unknown): string {
  return `<class '${pyTypeOf(v)}'>`;
}

function pyTypeOf(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'bigint') return 'int';
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return 'bytes';
  if (v instanceof Date) return 'datetime.datetime';
  if (Array.isArray(v)) return 'list';
  return 'dict';
}

/** Python's repr() of a value built from JSON or shorthand input. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'string') return pyStrRepr(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) && Number.isFinite(v) ? String(v) : pyFloatRepr(v);
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return pyBytesRepr(v);
  if (v instanceof Date) return pyDatetimeRepr(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  const entries = Object.entries(v as Record<string, unknown>);
  return `{${entries.map(([k, x]) => `${pyStrRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}

/** Python's str() of a value: like repr() except that a str is itself. */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '+00:00');
  return pyRepr(v);
}

function pyDatetimeRepr(d: Date): string {
  const parts = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
  const s = d.getUTCSeconds();
  const us = d.getUTCMilliseconds() * 1000;
  const tail = us ? `, ${s}, ${us}` : s ? `, ${s}` : '';
  return `datetime.datetime(${parts.join(', ')}${tail}, tzinfo=tzutc())`;
}
