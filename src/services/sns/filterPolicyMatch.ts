import { javaDoubleToString } from './filterPolicyJson.js';

/**
 * Matching primitives for SNS filter policies: the values a message offers, and the compiled
 * patterns of a policy that test them. Semantics follow AWS's documentation and the rule engine
 * SNS is built on (AWS's open-source event-ruler), whose error texts SNS returns.
 */

/** A value of a message attribute or body property, as the filter sees it. */
export enum VT {
  String = 0,
  Number = 1,
  True = 2,
  False = 3,
  Null = 4,
}

export interface EventValue {
  readonly t: VT;
  /** string value; for numbers their text; for literals the literal */
  readonly s: string;
  /** numbers only: comparable key (6 decimals, ±10^9), NaN when out of range or not a number */
  readonly n: number;
}

// ---------------------------------------------------------------------------------------------
// Numbers: ±10^9, compared after truncation to 6 decimal places (AWS documents "five digits of
// accuracy"; 6 decimals were observed on real AWS, see AWS-NOTES.md).

export const NUMERIC_LIMIT = 1e9;
export const NUMERIC_RANGE_MESSAGE = 'Value must be between -1.0E9 and 1.0E9, inclusive';

/** The comparable key of a number, or NaN when it lies outside ±10^9. */
export function numericKey(d: number): number {
  if (!(d >= -NUMERIC_LIMIT && d <= NUMERIC_LIMIT)) return NaN;
  return Math.floor(1e6 * (NUMERIC_LIMIT + d));
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses a number the way a Number attribute is read; NaN when the text is not a number. */
export function parseDecimal(text: string): number {
  const t = text.trim();
  return DECIMAL.test(t) ? Number(t) : NaN;
}

/**
 * The text of a parsed JSON number as AWS's JSON layer writes it back (integers as digits, others
 * as Java doubles); only compared when a number lies outside the numeric range.
 */
export function javaNumberText(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) <= Number.MAX_SAFE_INTEGER) return Object.is(x, -0) ? '0' : String(x);
  return javaDoubleToString(x);
}

export function numberValue(text: string, value: number): EventValue {
  return { t: VT.Number, s: text, n: numericKey(value) };
}

export function stringValue(s: string): EventValue {
  return { t: VT.String, s, n: NaN };
}

export const TRUE_VALUE: EventValue = { t: VT.True, s: 'true', n: NaN };
export const FALSE_VALUE: EventValue = { t: VT.False, s: 'false', n: NaN };
export const NULL_VALUE: EventValue = { t: VT.Null, s: 'null', n: NaN };

// ---------------------------------------------------------------------------------------------
// IP addresses, as the rule engine reads them: a string is an address only when it looks like one
// (four dotted decimal groups, or hex groups with a colon) and parses; IPv4-mapped IPv6 addresses
// count as IPv4.

const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

export function looksLikeIp(s: string): boolean {
  return IPV4_SHAPE.test(s) || IPV6_SHAPE.test(s);
}

function parseIpv4(s: string): number[] | undefined {
  const parts = s.split('.');
  const bytes: number[] = [];
  for (const p of parts) {
    if (p.length > 1 && p[0] === '0') return undefined; // ambiguous (octal-looking) literals are refused
    const v = Number(p);
    if (p.length > 3 || v > 255) return undefined;
    bytes.push(v);
  }
  return bytes;
}

function parseIpv6Groups(part: string): number[] | undefined {
  if (part === '') return [];
  const groups: number[] = [];
  for (const g of part.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    groups.push(parseInt(g, 16));
  }
  return groups;
}

function parseIpv6(s: string): number[] | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = parseIpv6Groups(halves[0]!);
  const tail = halves.length === 2 ? parseIpv6Groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const count = head.length + tail.length;
  if (halves.length === 2 ? count > 7 : count !== 8) return undefined;
  const groups = [...head, ...new Array<number>(8 - count).fill(0), ...tail];
  const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

/** The bytes of an IP address (4 or 16), or undefined when the string is not one. */
export function parseIp(s: string): number[] | undefined {
  if (IPV4_SHAPE.test(s)) return parseIpv4(s);
  if (IPV6_SHAPE.test(s)) return parseIpv6(s);
  return undefined;
}

/** An address as a fixed-width hex string: ranges of addresses compare as strings. */
export function ipHex(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}

export interface IpRange {
  readonly low: string;
  readonly high: string;
}

/** The inclusive range of addresses of a CIDR block (mask bits already validated). */
export function cidrRange(base: readonly number[], maskBits: number): IpRange {
  const low: number[] = [];
  const high: number[] = [];
  base.forEach((b, idx) => {
    const fixed = Math.min(8, Math.max(0, maskBits - idx * 8));
    const mask = (0xff << (8 - fixed)) & 0xff;
    low.push(b & mask);
    high.push((b & mask) | (~mask & 0xff));
  });
  return { low: ipHex(low), high: ipHex(high) };
}

// ---------------------------------------------------------------------------------------------
// Patterns

export interface ValuePattern {
  readonly test: (v: EventValue) => boolean;
  /** a short description for explanations, e.g. `prefix "bas"` */
  readonly label: string;
  /** points under the documented wildcard complexity rules; 0 when not a wildcard */
  readonly wildcards: number;
  /** the most `*` characters in one wildcard text of this pattern */
  readonly wildcardCount: number;
  readonly anythingBut: boolean;
}

function pattern(label: string, test: (v: EventValue) => boolean, extra: Partial<ValuePattern> = {}): ValuePattern {
  return { label, test, wildcards: 0, wildcardCount: 0, anythingBut: false, ...extra };
}

const q = (s: string): string => JSON.stringify(s);

export function exactString(s: string): ValuePattern {
  return pattern(q(s), (v) => v.t === VT.String && v.s === s);
}

/** A policy string that is an IP address matches the same address in any spelling. */
export function exactIp(s: string, bytes: readonly number[]): ValuePattern {
  const hex = ipHex(bytes);
  return pattern(q(s), (v) => v.t === VT.String && ipHexOf(v.s) === hex);
}

/** A policy number matches numerically (within ±10^9) or by its literal text. */
export function exactNumber(text: string, key: number): ValuePattern {
  return pattern(text, (v) => v.t === VT.Number && ((!Number.isNaN(key) && v.n === key) || v.s === text));
}

export function exactLiteral(t: VT.True | VT.False | VT.Null): ValuePattern {
  const label = t === VT.True ? 'true' : t === VT.False ? 'false' : 'null';
  return pattern(label, (v) => v.t === t);
}

export function prefix(p: string): ValuePattern {
  return pattern(`{"prefix": ${q(p)}}`, (v) => v.t === VT.String && v.s.startsWith(p));
}

export function suffix(p: string): ValuePattern {
  return pattern(`{"suffix": ${q(p)}}`, (v) => v.t === VT.String && v.s.endsWith(p));
}

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** Each character matches its lower- or upper-case form, as the rule engine does it. */
function ignoreCaseSource(s: string): string {
  let out = '';
  for (const ch of s) {
    const forms = new Set([ch, ch.toLowerCase(), ch.toUpperCase()]);
    out += forms.size === 1 ? escapeRegExp(ch) : `(?:${[...forms].map(escapeRegExp).join('|')})`;
  }
  return out;
}

export function equalsIgnoreCase(s: string): ValuePattern {
  const re = new RegExp(`^${ignoreCaseSource(s)}$`, 'u');
  return pattern(`{"equals-ignore-case": ${q(s)}}`, (v) => v.t === VT.String && re.test(v.s));
}

export function prefixIgnoreCase(s: string): ValuePattern {
  const re = new RegExp(`^${ignoreCaseSource(s)}`, 'u');
  return pattern(`{"prefix": {"equals-ignore-case": ${q(s)}}}`, (v) => v.t === VT.String && re.test(v.s));
}

export function suffixIgnoreCase(s: string): ValuePattern {
  const re = new RegExp(`${ignoreCaseSource(s)}$`, 'u');
  return pattern(`{"suffix": {"equals-ignore-case": ${q(s)}}}`, (v) => v.t === VT.String && re.test(v.s));
}

/** Wildcard text (already validated): `*` is any run of characters, `\*` and `\\` are literal. */
export function wildcardRegExp(text: string): RegExp {
  let src = '';
  for (let k = 0; k < text.length; k++) {
    const ch = text[k]!;
    if (ch === '*') src += '[\\s\\S]*';
    else if (ch === '\\') src += escapeRegExp(text[++k]!);
    else src += escapeRegExp(ch);
  }
  return new RegExp(`^${src}$`, 'u');
}

/** Unescaped `*` characters of a wildcard text. */
export function countWildcards(text: string): number {
  let n = 0;
  for (let k = 0; k < text.length; k++) {
    if (text[k] === '\\') k++;
    else if (text[k] === '*') n++;
  }
  return n;
}

/** Documented points of a wildcard pattern: one wildcard is 1 point, several are 3 points each. */
export function wildcardPoints(count: number): number {
  return count <= 1 ? count : 3 * count;
}

export function wildcard(text: string): ValuePattern {
  const re = wildcardRegExp(text);
  const count = countWildcards(text);
  return pattern(`{"wildcard": ${q(text)}}`, (v) => v.t === VT.String && re.test(v.s), {
    wildcards: Math.max(1, wildcardPoints(count)),
    wildcardCount: count,
  });
}

export function numericRange(label: string, low: number, lowOpen: boolean, high: number, highOpen: boolean): ValuePattern {
  return pattern(label, (v) => {
    if (v.t !== VT.Number || Number.isNaN(v.n)) return false;
    const aboveLow = lowOpen ? v.n > low : v.n >= low;
    return aboveLow && (highOpen ? v.n < high : v.n <= high);
  });
}

export function numericEquals(label: string, key: number): ValuePattern {
  return pattern(label, (v) => v.t === VT.Number && v.n === key);
}

function ipHexOf(s: string): string | undefined {
  const bytes = parseIp(s);
  return bytes ? ipHex(bytes) : undefined;
}

export function cidr(label: string, range: IpRange): ValuePattern {
  return pattern(label, (v) => {
    if (v.t !== VT.String) return false;
    const hex = ipHexOf(v.s);
    return hex !== undefined && hex.length === range.low.length && hex >= range.low && hex <= range.high;
  });
}

// anything-but: matches every value except the excluded ones (of any type), never a missing key.

export function anythingButStrings(label: string, values: readonly string[]): ValuePattern {
  const set = new Set(values);
  return pattern(label, (v) => !(v.t === VT.String && set.has(v.s)), { anythingBut: true });
}

export function anythingButNumbers(label: string, keys: readonly number[]): ValuePattern {
  const set = new Set(keys);
  return pattern(label, (v) => !(v.t === VT.Number && !Number.isNaN(v.n) && set.has(v.n)), { anythingBut: true });
}

/** anything-but applied to string patterns (prefix, suffix, equals-ignore-case, wildcard). */
export function anythingButMatching(label: string, excluded: readonly ValuePattern[]): ValuePattern {
  return pattern(label, (v) => !excluded.some((p) => p.test(v)), {
    anythingBut: true,
    wildcards: excluded.reduce((sum, p) => sum + p.wildcards, 0),
    wildcardCount: Math.max(0, ...excluded.map((p) => p.wildcardCount)),
  });
}
