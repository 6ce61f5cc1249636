/**
 * Receipt handles: the message row and the receive's nonce, signed with the state file's key
 * and the queue's ARN, so a handle changes on every receive, belongs to one queue, and junk or
 * an altered handle is recognised as invalid. Encoded like AWS's ("AQEB..." base64).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Store } from '../../store/db.js';

const HEADER = Buffer.from([1, 1, 1]); // base64 "AQEB", the prefix AWS handles carry
const MAC_BYTES = 16;
const LENGTH = HEADER.length + 8 + 8 + MAC_BYTES;

export interface ReceiptHandle {
  rowId: number;
  nonce: number;
}

export function receiptKey(store: Store): Buffer {
  const row = store
    .stmt<[], { value: string }>("SELECT value FROM meta WHERE key = 'sqs.receipt_key'")
    .get();
  return Buffer.from(row?.value ?? '', 'hex');
}

function mac(key: Buffer, queueArn: string, body: Buffer): Buffer {
  return createHmac('sha256', key).update(queueArn).update(body).digest().subarray(0, MAC_BYTES);
}

export function encodeReceiptHandle(key: Buffer, queueArn: string, h: ReceiptHandle): string {
  const buf = Buffer.alloc(LENGTH);
  HEADER.copy(buf, 0);
  buf.writeBigUInt64BE(BigInt(h.rowId), 3);
  buf.writeBigUInt64BE(BigInt(h.nonce), 11);
  mac(key, queueArn, buf.subarray(0, 19)).copy(buf, 19);
  return buf.toString('base64');
}

/** The handle's message and nonce, or undefined when it is not a valid handle for this queue. */
export function decodeReceiptHandle(key: Buffer, queueArn: string, handle: unknown): ReceiptHandle | undefined {
  if (typeof handle !== 'string' || handle.length !== Math.ceil(LENGTH / 3) * 4) return undefined;
  const buf = Buffer.from(handle, 'base64');
  if (buf.length !== LENGTH || buf.toString('base64') !== handle) return undefined;
  if (!buf.subarray(0, 3).equals(HEADER)) return undefined;
  if (!mac(key, queueArn, buf.subarray(0, 19)).equals(buf.subarray(19))) return undefined;
  return { rowId: Number(buf.readBigUInt64BE(3)), nonce: Number(buf.readBigUInt64BE(11)) };
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
