/**
 * MD5 digests as SQS computes them. For message attributes (and message system attributes):
 * sort by name; for each, the 4-byte big-endian length and UTF-8 bytes of the name, the same
 * for the full DataType (custom suffix included), one transport byte (1 for String and Number,
 * 2 for Binary), then the length-prefixed value (UTF-8 text or raw bytes); MD5 of it all, hex.
 */
import { createHash, hash } from 'node:crypto';

export interface AttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Buffer;
}

export const md5Hex = (data: string | Buffer): string => hash('md5', data, 'hex');

const lengthPrefixed = (bytes: Buffer): Buffer[] => {
  const len = Buffer.allocUnsafe(4);
  len.writeUInt32BE(bytes.length, 0);
  return [len, bytes];
};

export const isBinaryType = (dataType: string): boolean => dataType === 'Binary' || dataType.startsWith('Binary.');

/** MD5 of a map of (system) message attributes, or undefined when there are none. */
export function md5OfAttributes(attributes: Record<string, AttributeValue> | undefined): string | undefined {
  if (!attributes) return undefined;
  const names = Object.keys(attributes).sort(compareCodeUnits);
  if (names.length === 0) return undefined;
  const hash = createHash('md5');
  for (const name of names) {
    const a = attributes[name]!;
    for (const b of lengthPrefixed(Buffer.from(name, 'utf8'))) hash.update(b);
    for (const b of lengthPrefixed(Buffer.from(a.DataType, 'utf8'))) hash.update(b);
    if (isBinaryType(a.DataType)) {
      hash.update(Buffer.from([2]));
      for (const b of lengthPrefixed(a.BinaryValue ?? Buffer.alloc(0))) hash.update(b);
    } else {
      hash.update(Buffer.from([1]));
      for (const b of lengthPrefixed(Buffer.from(a.StringValue ?? '', 'utf8'))) hash.update(b);
    }
  }
  return hash.digest('hex');
}

/** Sorts as Java's String.compareTo does (UTF-16 code units), which is what SQS uses. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
