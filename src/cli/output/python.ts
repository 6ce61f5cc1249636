/**
 * The few Python behaviours the AWS CLI's output depends on: str() of scalars, float repr,
 * sorted() order of strings, round() to even, and the display width its table uses.
 */
import { WIDE_RANGES } from './eaw.js';

// A module two bundles import is copied into each (src/build.mjs): brands let `instanceof`
// recognise these values whichever copy made them (as src/core/errors.ts does for errors).
const PY_FLOAT = Symbol.for('awsmsg.PyFloat');
const PY_OPAQUE = Symbol.for('awsmsg.PyOpaque');
const branded = (x: unknown, brand: symbol): boolean =>
  typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[brand] === true;

/**
 * A Python float with a whole value (1.0). A JS number cannot tell it from the int 1, and the
 * CLI prints the two differently ("1.0" and "1"); only --query results make one (a literal
 * `1.0`, avg(), to_number('1.0'), ...). Every other float is a plain, non-whole JS number.
 */
export class PyFloat {
  static [Symbol.hasInstance](x: unknown): boolean {
    return branded(x, PY_FLOAT);
  }

  constructor(readonly value: number) {
    Object.defineProperty(this, PY_FLOAT, { value: true });
  }
}

/** The float value n as Python holds it: whole values need the PyFloat mark. */
export function pyFloat(n: number): number | PyFloat {
  return Number.isSafeInteger(n) && !Object.is(n, -0) ? new PyFloat(n) : n;
}

/**
 * A Python object that is not data (jmespath.py's expression reference): the CLI's text and
 * table output print its str(), its JSON encoder refuses it.
 */
export abstract class PyOpaque {
  static [Symbol.hasInstance](x: unknown): boolean {
    return this === PyOpaque ? branded(x, PY_OPAQUE) : Function.prototype[Symbol.hasInstance].call(this, x);
  }

  constructor() {
    Object.defineProperty(this, PY_OPAQUE, { value: true });
  }

  /** Python's type name, for messages */
  abstract readonly typeName: string;
  /** Python's str() */
  abstract str(): string;
}

/**
 * Data as the CLI's formatters get it: JSON values, plus the two Python values a --query can
 * make that JSON has no word for.
 */
export type Json = null | boolean | number | PyFloat | PyOpaque | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && !(value instanceof Date) && !Buffer.isBuffer(value) && !(value instanceof Uint8Array)
    && !(value instanceof PyFloat) && !(value instanceof PyOpaque);
}

/** Python's repr() of a float (shortest round-trip digits, exponent outside 1e-4 .. 1e16). */
export function pyFloatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  // toExponential() without an argument gives the shortest round-trip digits, as repr does.
  const [mantissa, e] = n.toExponential().split('e') as [string, string];
  const exponent = Number(e);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const s = String(n);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

/**
 * Python's repr of a number as the AWS CLI would hold it: a whole JS number is taken to be an
 * int (the models' integer and long members; they have no float or double members), anything
 * else a float.
 */
export function pyNumber(n: number): string {
  // Past 2**53 a JS number cannot be an exact int; the CLI would hold such a value as a float.
  if (Number.isSafeInteger(n) && !Object.is(n, -0)) return String(n);
  return pyFloatRepr(n);
}

/** Python's str() of a value the CLI's text and table formatters print. */
export function pyStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  if (value instanceof PyOpaque) return value.str();
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (isObject(value)) return `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
  return String(value);
}

/** Python's repr(), enough for the rare dict or list that ends up in a table cell or a message. */
export function pyRepr(value: unknown): string {
  if (typeof value !== 'string') return pyStr(value);
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** Python's type name, for the messages of the CLI's formatters when they fail. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isSafeInteger(value) && !Object.is(value, -0) ? 'int' : 'float';
  if (value instanceof PyFloat) return 'float';
  if (value instanceof PyOpaque) return value.typeName;
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}

/** Python's truthiness. */
export function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (value instanceof PyFloat) return value.value !== 0;
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return true;
}

/** Python's sorted() order for str: by code point (JS's default compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

export const sortedKeys = (keys: Iterable<string>): string[] => [...keys].sort(compareCodePoints);

/** Python's round() of a float to an int: halves go to the even neighbour. */
export function pyRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Number of code points (Python's len()). */
export const pyLen = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

function isWide(cp: number): boolean {
  let lo = 0;
  let hi = WIDE_RANGES.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < WIDE_RANGES[mid * 2]!) hi = mid - 1;
    else if (cp > WIDE_RANGES[mid * 2 + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The AWS CLI table's width of a string: East Asian Wide, Fullwidth and Ambiguous count two. */
export function textWidth(s: string): number {
  let n = 0;
  for (const ch of s) n += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return n;
}
