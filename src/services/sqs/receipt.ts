/**
 * Receipt handles: the message row, the receive's random nonce, and a tag keyed with the state
 * file's secret and the queue's ARN. A handle changes on every receive and belongs to one queue.
 * A handle whose nonce matches its message's is genuine (the nonce is 53 secret random bits);
 * only when it does not match is the tag checked, to tell an old handle from junk or forgery.
 * Encoded like AWS's ("AQEB..." base64).
 */
import { hash, randomBytes } from 'node:crypto';
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

const tag = (key: Buffer, queueArn: string, body: Buffer): Buffer =>
  hash('sha256', Buffer.concat([key, Buffer.from(queueArn, 'utf8'), body]), 'buffer').subarray(0, TAG_BYTES);

export function encodeReceiptHandle(key: Buffer, queueArn: string, h: ReceiptHandle): string {
  const buf = Buffer.alloc(LENGTH);
  HEADER.copy(buf, 0);
  buf.writeBigUInt64BE(BigInt(h.rowId), 3);
  buf.writeBigUInt64BE(BigInt(h.nonce), 11);
  tag(key, queueArn, buf.subarray(0, BODY)).copy(buf, BODY);
  return buf.toString('base64');
}

/** The handle's parts if it has a handle's form, else undefined (junk). */
export function parseReceiptHandle(handle: unknown): ParsedHandle | undefined {
  if (typeof handle !== 'string' || handle.length !== ENCODED_LENGTH) return undefined;
  const bytes = Buffer.from(handle, 'base64');
  if (bytes.length !== LENGTH || bytes.toString('base64') !== handle || !bytes.subarray(0, 3).equals(HEADER)) return undefined;
  const rowId = bytes.readBigUInt64BE(3);
  const nonce = bytes.readBigUInt64BE(11);
  if (rowId > BigInt(Number.MAX_SAFE_INTEGER) || nonce > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return { rowId: Number(rowId), nonce: Number(nonce), bytes };
}

/** Whether a parsed handle was issued for this queue by this state file. */
export function isAuthentic(key: Buffer, queueArn: string, h: ParsedHandle): boolean {
  return tag(key, queueArn, h.bytes.subarray(0, BODY)).equals(h.bytes.subarray(BODY));
}

/** Fresh nonces for the messages of one receive (53-bit, so they fit an SQLite integer and a JS number). */
export function newNonces(count: number): number[] {
  const bytes = randomBytes(count * 8);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const hi = bytes.readUInt32BE(i * 8) & 0x1fffff;
    const lo = bytes.readUInt32BE(i * 8 + 4);
    out.push(hi * 0x1_0000_0000 + lo + 1);
  }
  return out;
}
