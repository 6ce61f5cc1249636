/**
 * MD5 digests as SQS computes them. For message attributes (and message system attributes):
 * sort by name; for each, the 4-byte big-endian length and UTF-8 bytes of the name, the same
 * for the full DataType (custom suffix included), one transport byte (1 for String and Number,
 * 2 for Binary), then the length-prefixed value (UTF-8 text or raw bytes); MD5 of it all, hex.
 */
import { md5Hex } from '../../core/md5.js';

export interface AttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Buffer;
}

export { md5Hex };

const lengthPrefixed = (bytes: Buffer): Buffer[] => {
  const len = Buffer.allocUnsafe(4);
  len.writeUInt32BE(bytes.length, 0);
  return [len, bytes];
};

const TRANSPORT_STRING = Buffer.from([1]);
const TRANSPORT_BINARY = Buffer.from([2]);

export const isBinaryType = (dataType: string): boolean => dataType === 'Binary' || dataType.startsWith('Binary.');

/** MD5 of a map of (system) message attributes, or undefined when there are none. */
export function md5OfAttributes(attributes: Record<string, AttributeValue> | undefined): string | undefined {
  if (!attributes) return undefined;
  const names = Object.keys(attributes).sort(compareCodeUnits);
  if (names.length === 0) return undefined;
  const parts: Buffer[] = [];
  for (const name of names) {
    const a = attributes[name]!;
    parts.push(...lengthPrefixed(Buffer.from(name, 'utf8')), ...lengthPrefixed(Buffer.from(a.DataType, 'utf8')));
    if (isBinaryType(a.DataType)) parts.push(TRANSPORT_BINARY, ...lengthPrefixed(a.BinaryValue ?? Buffer.alloc(0)));
    else parts.push(TRANSPORT_STRING, ...lengthPrefixed(Buffer.from(a.StringValue ?? '', 'utf8')));
  }
  return md5Hex(Buffer.concat(parts));
}

/** Sorts as Java's String.compareTo does (UTF-16 code units), which is what SQS uses. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
