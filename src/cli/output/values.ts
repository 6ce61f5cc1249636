/**
 * What the AWS CLI v2 holds after parsing a response: it registers its own response parsers,
 * so a blob stays the base64 text of the wire (cli_binary_format) and a timestamp becomes
 * datetime.isoformat() text (cli_timestamp_format iso8601). awsmsg's operations return
 * Buffers and Dates; these helpers turn them into those strings.
 */
import { isObject, PyFloat, PyOpaque, type Json } from './python.js';

/**
 * Which clock a timestamp is shown in. The CLI parses epoch-second timestamps (JSON protocols:
 * SQS, Kinesis) into the local time zone, and ISO 8601 ones (query protocol: SNS) keep the
 * wire's UTC offset.
 */
export type TimestampZone = 'local' | 'utc';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Python's datetime.isoformat(): microseconds only when non-zero, offset as +HH:MM. */
export function isoformat(date: Date, zone: TimestampZone = 'local'): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid time value');
  const offsetMinutes = zone === 'utc' ? 0 : -date.getTimezoneOffset();
  // Shift by the offset and read the UTC fields: the local wall clock without DST guesswork.
  const wall = new Date(ms + offsetMinutes * 60_000);
  const year = wall.getUTCFullYear();
  let out = `${year < 0 ? '-' : ''}${pad(Math.abs(year), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`
    + `T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
  const millis = wall.getUTCMilliseconds();
  if (millis !== 0) out += `.${pad(millis * 1000, 6)}`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${out}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export function isBinary(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array; // Buffer is a Uint8Array
}

export function base64(value: Uint8Array): string {
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
}

/**
 * Plain JSON data as the CLI's formatters see it: blobs as base64, timestamps as ISO 8601,
 * undefined members dropped (botocore never sets absent members), undefined list items null.
 */
export function toCliData(value: unknown, zone: TimestampZone = 'local'): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' || value instanceof PyFloat || value instanceof PyOpaque) return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return isoformat(value, zone);
  if (isBinary(value)) return base64(value);
  if (Array.isArray(value)) return value.map((item) => toCliData(item, zone));
  if (value instanceof Map) {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of value) if (v !== undefined) setKey(out, String(k), toCliData(v, zone));
    return out;
  }
  if (isObject(value)) {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) setKey(out, k, toCliData(v, zone));
    return out;
  }
  return String(value);
}

/** Sets a data key, "__proto__" included (a valid attribute or tag name), as an own property. */
export function setKey(out: { [key: string]: Json }, key: string, value: Json): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
