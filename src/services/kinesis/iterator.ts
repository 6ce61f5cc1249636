/**
 * Shard iterators: opaque, self-contained and tamper-evident. An iterator carries where to
 * read (stream, shard, next sequence index) and when it was issued. Its contents are
 * authenticated with an HMAC-SHA256 (truncated to 16 bytes) keyed from a secret kept in the
 * state file, so any process sharing the file can check it and nothing but awsmsg can forge
 * one, and enciphered so it reads as noise: XORed with a key stream of HMAC-SHA256 blocks of
 * the MAC and a block counter (a stream cipher in counter mode, the MAC as its nonce). Like
 * AWS's, it starts with the bytes 00 00 00 00 00 00 00 01 and is base64.
 *
 * All of it is SHA-256, which a one-shot get-records makes in JavaScript (core/sha256.ts):
 * loading node:crypto would cost the command more (about 6 ms) than the command's own work.
 */
import { randomBytes } from '../../core/ids.js';
import { hmacSha256 } from '../../core/sha256.js';
import type { Store } from '../../store/db.js';

const HEADER = Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]);
const MAC_BYTES = 16;
const SECRET_KEY = 'iterator_secret';

export interface IteratorState {
  /** when the iterator was issued (clock ms) */
  issuedAt: number;
  streamPk: number;
  /** the stream's creation time: an iterator of a deleted stream does not read a new one of the same name */
  streamCreatedAt: number;
  streamName: string;
  shardIndex: number;
  /** the first sequence index to read */
  nextSeq: number;
}

/** The secret for iterators and tokens, created on first use (call inside a write transaction). */
export function ensureSecret(store: Store): Buffer {
  const existing = readSecret(store);
  if (existing) return existing;
  store.stmt('INSERT OR IGNORE INTO kinesis_settings (key, value) VALUES (?, ?)').run(SECRET_KEY, randomBytes(32).toString('hex'));
  return readSecret(store)!;
}

export function readSecret(store: Store): Buffer | undefined {
  const row = store.stmt<[string], { value: string }>('SELECT value FROM kinesis_settings WHERE key = ?').get(SECRET_KEY);
  return row ? Buffer.from(row.value, 'hex') : undefined;
}

const subkey = (secret: Buffer, purpose: string): Buffer => hmacSha256(secret, Buffer.from(purpose, 'latin1'));
const mac = (secret: Buffer, body: Buffer): Buffer => hmacSha256(subkey(secret, 'mac'), body).subarray(0, MAC_BYTES);

/** Enciphers and deciphers (XOR with the key stream is its own inverse). */
function cipher(secret: Buffer, nonce: Buffer, data: Buffer): Buffer {
  const key = subkey(secret, 'enc');
  const out = Buffer.alloc(data.length);
  const counterBlock = Buffer.alloc(nonce.length + 4);
  nonce.copy(counterBlock);
  for (let at = 0, block = 0; at < data.length; block++) {
    counterBlock.writeUInt32BE(block, nonce.length);
    const stream = hmacSha256(key, counterBlock);
    for (let i = 0; i < stream.length && at < data.length; i++, at++) out[at] = data[at]! ^ stream[i]!;
  }
  return out;
}

/** Whether two tags are equal, in a time that does not depend on where they differ. */
function sameTag(a: Buffer, b: Buffer): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function encodeIterator(secret: Buffer, s: IteratorState): string {
  const name = Buffer.from(s.streamName, 'utf8');
  const body = Buffer.alloc(HEADER.length + 8 + 4 + 8 + 4 + 8 + 1 + name.length);
  let o = HEADER.copy(body, 0);
  o = body.writeDoubleBE(s.issuedAt, o);
  o = body.writeUInt32BE(s.streamPk, o);
  o = body.writeDoubleBE(s.streamCreatedAt, o);
  o = body.writeUInt32BE(s.shardIndex, o);
  o = body.writeDoubleBE(s.nextSeq, o);
  o = body.writeUInt8(name.length, o);
  name.copy(body, o);
  const tag = mac(secret, body);
  return Buffer.concat([HEADER, cipher(secret, tag, body.subarray(HEADER.length)), tag]).toString('base64');
}

/** The iterator's contents, or undefined if it is not one of ours or has been altered. */
export function decodeIterator(secret: Buffer | undefined, text: string): IteratorState | undefined {
  if (!secret || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const raw = Buffer.from(text, 'base64');
  if (raw.toString('base64') !== text) return undefined;
  const fixed = HEADER.length + 8 + 4 + 8 + 4 + 8 + 1;
  if (raw.length < fixed + MAC_BYTES || !raw.subarray(0, HEADER.length).equals(HEADER)) return undefined;
  const tag = raw.subarray(raw.length - MAC_BYTES);
  const body = Buffer.concat([HEADER, cipher(secret, tag, raw.subarray(HEADER.length, raw.length - MAC_BYTES))]);
  if (!sameTag(tag, mac(secret, body))) return undefined;
  let o = HEADER.length;
  const issuedAt = body.readDoubleBE(o);
  o += 8;
  const streamPk = body.readUInt32BE(o);
  o += 4;
  const streamCreatedAt = body.readDoubleBE(o);
  o += 8;
  const shardIndex = body.readUInt32BE(o);
  o += 4;
  const nextSeq = body.readDoubleBE(o);
  o += 8;
  const nameLength = body.readUInt8(o);
  o += 1;
  if (body.length !== o + nameLength) return undefined;
  const streamName = body.subarray(o, o + nameLength).toString('utf8');
  return { issuedAt, streamPk, streamCreatedAt, streamName, shardIndex, nextSeq };
}
