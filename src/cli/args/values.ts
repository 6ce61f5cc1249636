/**
 * Blob and timestamp values as the AWS CLI v2 takes them.
 *
 * Blobs: under cli_binary_format=base64 (v2's default) a string given for a blob is base64,
 * decoded as Python's base64.b64decode does it (characters outside the alphabet are
 * skipped, decoding stops at complete padding, a wrong length fails); under
 * raw-in-base64-out the string's UTF-8 bytes are sent. fileb:// values are bytes already.
 *
 * Timestamps: ISO 8601 (a date alone, or date and time, with or without a zone; no zone
 * means UTC), RFC 822 dates, or seconds since the epoch.
 */
import { CliError } from '../../core/errors.js';
import type { ServiceModel } from '../../model/types.js';
import { pyFloat } from './python.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/**
 * Python's base64.b64decode(s) (validate=False); undefined where Python raises. (A
 * non-ASCII string is also refused: isAsciiOnly tells that case apart.)
 */
export function pyB64Decode(s: string): Buffer | undefined {
  if (!isAsciiOnly(s)) return undefined;
  const out: number[] = [];
  let quad = 0;
  let pads = 0;
  let left = 0;
  for (const c of s) {
    if (c === '=') {
      // complete padding ends the input; what follows is ignored
      if (quad >= 2 && quad + ++pads >= 4) return Buffer.from(out);
      continue;
    }
    const v = B64_INDEX.get(c);
    if (v === undefined) continue;
    pads = 0;
    switch (quad) {
      case 0:
        quad = 1;
        left = v;
        break;
      case 1:
        quad = 2;
        out.push(((left << 2) | (v >> 4)) & 0xff);
        left = v & 0x0f;
        break;
      case 2:
        quad = 3;
        out.push(((left << 4) | (v >> 2)) & 0xff);
        left = v & 0x03;
        break;
      default:
        quad = 0;
        out.push(((left << 6) | v) & 0xff);
        left = 0;
    }
  }
  return quad === 0 ? Buffer.from(out) : undefined;
}

export const isAsciiOnly = (s: string): boolean => /^[\x00-\x7f]*$/.test(s);

/**
 * The CLI v2 fails with `Invalid base64: "<value>"` (exit 255), or with Python's complaint
 * about a non-ASCII string; awsmsg adds how to send the text as it is.
 */
export function invalidBase64(value: string): CliError {
  const first = isAsciiOnly(value) ? `Invalid base64: "${value}"` : 'string argument should contain only ASCII characters';
  return new CliError(
    'other',
    `${first}\n` +
      'Blob parameters take base64 by default (cli_binary_format base64). To pass the text as ' +
      'it is, add --cli-binary-format raw-in-base64-out (or set cli_binary_format = ' +
      'raw-in-base64-out in the profile), or give the bytes with fileb://PATH.',
  );
}

const ISO =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** A timestamp the CLI would accept, as a Date; undefined when it would not parse. */
export function parseTimestamp(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? epoch(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const n = pyFloat(value);
  if (n !== undefined) return Number.isFinite(n) ? epoch(n) : undefined;
  const text = value.trim();
  const m = ISO.exec(text);
  if (m) return fromIso(m);
  if (/[A-Za-z]{3}/.test(text) || /^\d{1,4}\/\d{1,2}\/\d{1,4}/.test(text)) {
    const zoned = /(GMT|UTC|Z|[+-]\d{4})$/.test(text) ? text : `${text} UTC`;
    const ms = Date.parse(zoned);
    if (!Number.isNaN(ms)) return new Date(ms);
  }
  return undefined;
}

function epoch(seconds: number): Date | undefined {
  const d = new Date(Math.round(seconds * 1000));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function fromIso(m: RegExpExecArray): Date | undefined {
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 59) return undefined;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  let t = Date.UTC(Number(y), month - 1, day, hour, minute, second, ms);
  const check = new Date(Date.UTC(Number(y), month - 1, day));
  if (check.getUTCDate() !== day) return undefined;
  if (zone && /^[+-]/.test(zone)) {
    const digits = zone.replace(':', '');
    const sign = digits[0] === '-' ? -1 : 1;
    const offset = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || '0');
    t -= sign * offset * 60_000;
  }
  return new Date(t);
}

/**
 * What the CLI does to blob and timestamp values inside the request before it is sent:
 * base64-decode (or UTF-8-encode) strings in blob positions, and turn parseable
 * timestamps into Dates. Walks only members the input shape knows; everything else is left
 * for parameter validation to judge.
 */
export function convertWireValues(
  params: Record<string, unknown>,
  inputShape: string | undefined,
  model: ServiceModel,
  binaryFormat: 'base64' | 'raw-in-base64-out',
): void {
  if (!inputShape) return;
  const holder: Record<string, unknown> = { v: params };
  walk(holder, 'v', inputShape, model, binaryFormat);
}

function walk(
  parent: Record<string | number, unknown>,
  key: string | number,
  shapeName: string,
  model: ServiceModel,
  fmt: 'base64' | 'raw-in-base64-out',
): void {
  const shape = model.shapes[shapeName];
  const value = parent[key];
  if (!shape || value === undefined || value === null) return;
  switch (shape.type) {
    case 'structure':
      if (!isObject(value)) return;
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (Object.prototype.hasOwnProperty.call(value, name)) walk(value, name, ref.shape, model, fmt);
      }
      return;
    case 'list':
      if (!Array.isArray(value)) return;
      value.forEach((_, i) => walk(value as unknown as Record<number, unknown>, i, shape.member!.shape, model, fmt));
      return;
    case 'map':
      if (!isObject(value)) return;
      for (const k of Object.keys(value)) walk(value, k, shape.value!.shape, model, fmt);
      return;
    case 'blob':
      if (typeof value !== 'string') return;
      if (fmt === 'raw-in-base64-out') {
        parent[key] = Buffer.from(value, 'utf8');
        return;
      }
      {
        const bytes = pyB64Decode(value);
        if (!bytes) throw invalidBase64(value);
        parent[key] = bytes;
      }
      return;
    case 'timestamp': {
      const d = parseTimestamp(value);
      if (d) parent[key] = d;
      return;
    }
    default:
      return;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
}
