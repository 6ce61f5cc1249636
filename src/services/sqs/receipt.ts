/**
 * Receipt handles: the message row, the receive's random nonce, and a tag keyed with the state
 * file's secret and the queue's ARN. A handle changes on every receive and belongs to one queue.
 * A handle whose nonce matches its message's is genuine (the nonce is 52 random bits, kept secret);
 * only when it does not match is the tag checked, to tell an old handle from junk or forgery.
 * Encoded like AWS's ("AQEB..." base64).
 */
import { sha256Digest } from '../../core/sha256.js';
import type { Store } from '../../store/db.js';

const HEADER = Buffer.from([1, 1, 1]); // base64 "AQEB", the prefix AWS handles carry
const TAG_BYTES = 16;
const BODY = HEADER.length + 8 + 8;
const LENGTH = BODY + TAG_BYTES;
const ENCODED_LENGTH = Math.ceil(LENGTH / 3) * 4;

export interface ReceiptHandle {
  rowId: number;
  nonce: number;
}

export interface ParsedHandle extends ReceiptHandle {
  bytes: Buffer;
}

export function receiptKey(store: Store): Buffer {
  const row = store.stmt<[], { value: string }>("SELECT value FROM meta WHERE key = 'sqs.receipt_key'").get();
  return Buffer.from(row?.value ?? '', 'hex');
}

/** What a handle's tag is keyed with: the state file's secret and the queue's ARN. */
export const tagKey = (key: Buffer, queueArn: string): Buffer => Buffer.concat([key, Buffer.from(queueArn, 'utf8')]);

const tag = (keyed: Buffer, body: Buffer): Buffer => sha256Digest(Buffer.concat([keyed, body])).subarray(0, TAG_BYTES);

/** Writes a 53-bit safe integer as 8 big-endian bytes (without BigInt, which is slow). */
function writeUint64(buf: Buffer, n: number, at: number): void {
  buf.writeUInt32BE(Math.floor(n / 0x1_0000_0000), at);
  buf.writeUInt32BE(n >>> 0, at + 4);
}

function readUint64(buf: Buffer, at: number): number {
  const hi = buf.readUInt32BE(at);
  return hi > 0x1fffff ? NaN : hi * 0x1_0000_0000 + buf.readUInt32BE(at + 4);
}

/** A new receipt handle; `keyed` is tagKey(key, queueArn). */
export function encodeReceiptHandle(keyed: Buffer, h: ReceiptHandle): string {
  const buf = Buffer.allocUnsafe(LENGTH);
  HEADER.copy(buf, 0);
  writeUint64(buf, h.rowId, 3);
  writeUint64(buf, h.nonce, 11);
  tag(keyed, buf.subarray(0, BODY)).copy(buf, BODY);
  return buf.toString('base64');
}

/** The handle's parts if it has a handle's form, else undefined (junk). */
export function parseReceiptHandle(handle: unknown): ParsedHandle | undefined {
  if (typeof handle !== 'string' || handle.length !== ENCODED_LENGTH) return undefined;
  const bytes = Buffer.from(handle, 'base64');
  if (bytes.length !== LENGTH || bytes.toString('base64') !== handle || !bytes.subarray(0, 3).equals(HEADER)) return undefined;
  const rowId = readUint64(bytes, 3);
  const nonce = readUint64(bytes, 11);
  if (Number.isNaN(rowId) || Number.isNaN(nonce)) return undefined;
  return { rowId, nonce, bytes };
}

/** Whether a parsed handle was issued for this queue by this state file. */
export function isAuthentic(key: Buffer, queueArn: string, h: ParsedHandle): boolean {
  return tag(tagKey(key, queueArn), h.bytes.subarray(0, BODY)).equals(h.bytes.subarray(BODY));
}
