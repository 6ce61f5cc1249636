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

const TRANSPORT_STRING = 1;
const TRANSPORT_BINARY = 2;

export const isBinaryType = (dataType: string): boolean => dataType === 'Binary' || dataType.startsWith('Binary.');

/** MD5 of a map of (system) message attributes, or undefined when there are none. */
export function md5OfAttributes(attributes: Record<string, AttributeValue> | undefined): string | undefined {
  if (!attributes) return undefined;
  const names = Object.keys(attributes).sort(compareCodeUnits);
  if (names.length === 0) return undefined;
  // the whole encoding in one buffer, sized first: a buffer per part cost more than the digest
  let size = 0;
  for (const name of names) {
    const a = attributes[name]!;
    const value = isBinaryType(a.DataType) ? (a.BinaryValue?.length ?? 0) : Buffer.byteLength(a.StringValue ?? '', 'utf8');
    size += 4 + Buffer.byteLength(name, 'utf8') + 4 + Buffer.byteLength(a.DataType, 'utf8') + 1 + 4 + value;
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  const text = (s: string): void => {
    const n = out.write(s, at + 4, 'utf8');
    out.writeUInt32BE(n, at);
    at += 4 + n;
  };
  for (const name of names) {
    const a = attributes[name]!;
    text(name);
    text(a.DataType);
    if (isBinaryType(a.DataType)) {
      const bytes = a.BinaryValue ?? Buffer.alloc(0);
      out[at++] = TRANSPORT_BINARY;
      out.writeUInt32BE(bytes.length, at);
      bytes.copy(out, at + 4);
      at += 4 + bytes.length;
    } else {
      out[at++] = TRANSPORT_STRING;
      text(a.StringValue ?? '');
    }
  }
  return md5Hex(out);
}

/** Sorts as Java's String.compareTo does (UTF-16 code units), which is what SQS uses. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
