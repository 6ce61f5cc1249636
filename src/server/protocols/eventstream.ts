/**
 * The AWS event stream framing (application/vnd.amazon.eventstream) that SubscribeToShard
 * answers with: each message is a prelude (total length, headers length, CRC32 of those
 * eight bytes), headers, a payload and a CRC32 of everything before it.
 */
import { crc32 } from 'node:zlib';

const STRING_HEADER = 7;

/** One message with string headers (":message-type", ":event-type", ...). */
export function encodeEventMessage(headers: Record<string, string>, payload: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name, 'utf8');
    const v = Buffer.from(value, 'utf8');
    const h = Buffer.allocUnsafe(1 + n.length + 1 + 2 + v.length);
    h[0] = n.length;
    n.copy(h, 1);
    h[1 + n.length] = STRING_HEADER;
    h.writeUInt16BE(v.length, 2 + n.length);
    v.copy(h, 4 + n.length);
    parts.push(h);
  }
  const headerBytes = Buffer.concat(parts);
  const total = 12 + headerBytes.length + payload.length + 4;
  const out = Buffer.allocUnsafe(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(headerBytes.length, 4);
  out.writeUInt32BE(crc32(out.subarray(0, 8)), 8);
  headerBytes.copy(out, 12);
  payload.copy(out, 12 + headerBytes.length);
  out.writeUInt32BE(crc32(out.subarray(0, total - 4)), total - 4);
  return out;
}

/** An event (":message-type" event) of the given type. */
export function eventMessage(eventType: string, contentType: string, payload: Buffer): Buffer {
  return encodeEventMessage({ ':message-type': 'event', ':event-type': eventType, ':content-type': contentType }, payload);
}

/** A modelled exception inside the stream (":message-type" exception). */
export function exceptionMessage(exceptionType: string, contentType: string, payload: Buffer): Buffer {
  return encodeEventMessage({ ':message-type': 'exception', ':exception-type': exceptionType, ':content-type': contentType }, payload);
}

/** An error the stream ends with that the model does not name (":message-type" error). */
export function errorMessage(code: string, message: string): Buffer {
  return encodeEventMessage({ ':message-type': 'error', ':error-code': code, ':error-message': message }, Buffer.alloc(0));
}

export interface DecodedEventMessage {
  headers: Record<string, string>;
  payload: Buffer;
}

/**
 * Splits a byte stream into messages, checking both CRCs (for tests and for a client of a
 * remote endpoint). Returns the messages and the bytes left over of an incomplete one.
 */
export function decodeEventMessages(buf: Buffer): { messages: DecodedEventMessage[]; rest: Buffer } {
  const messages: DecodedEventMessage[] = [];
  let pos = 0;
  while (buf.length - pos >= 12) {
    const total = buf.readUInt32BE(pos);
    const headersLength = buf.readUInt32BE(pos + 4);
    if (crc32(buf.subarray(pos, pos + 8)) !== buf.readUInt32BE(pos + 8)) throw new Error('event stream: prelude CRC mismatch');
    if (total < 16 || headersLength > total - 16) throw new Error('event stream: bad lengths');
    if (buf.length - pos < total) break;
    const message = buf.subarray(pos, pos + total);
    if (crc32(message.subarray(0, total - 4)) !== message.readUInt32BE(total - 4)) throw new Error('event stream: message CRC mismatch');
    messages.push({ headers: readHeaders(message.subarray(12, 12 + headersLength)), payload: message.subarray(12 + headersLength, total - 4) });
    pos += total;
  }
  return { messages, rest: buf.subarray(pos) };
}

function readHeaders(b: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let p = 0;
  while (p < b.length) {
    const nameLength = b[p]!;
    const name = b.toString('utf8', p + 1, p + 1 + nameLength);
    p += 1 + nameLength;
    const type = b[p++]!;
    if (type !== STRING_HEADER) throw new Error(`event stream: header type ${type} not supported`);
    const len = b.readUInt16BE(p);
    // defined, not assigned: a header may be named anything, "__proto__" included
    Object.defineProperty(out, name, { value: b.toString('utf8', p + 2, p + 2 + len), enumerable: true, writable: true, configurable: true });
    p += 2 + len;
  }
  return out;
}
