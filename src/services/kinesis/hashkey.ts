/**
 * The 128-bit hash key space: partition key -> MD5 -> unsigned 128-bit integer, and shards
 * owning inclusive [StartingHashKey, EndingHashKey] ranges of it. Keys are handled as 16-byte
 * big-endian buffers (compared with Buffer.compare, cheap on the hot path) and as decimal
 * strings (what the API shows).
 */
import { md5Utf8 } from '../../core/md5.js';

export const HASH_SPACE = 1n << 128n;
export const MAX_HASH_KEY = HASH_SPACE - 1n;

/** MD5 of the partition key's UTF-8 bytes: its hash key, as a 16-byte big-endian buffer. */
export function partitionKeyHash(partitionKey: string): Buffer {
  return md5Utf8(partitionKey);
}

export function keyFromBigInt(n: bigint): Buffer {
  const b = Buffer.alloc(16);
  b.writeBigUInt64BE(n >> 64n, 0);
  b.writeBigUInt64BE(n & 0xffff_ffff_ffff_ffffn, 8);
  return b;
}

export function bigIntFromKey(b: Uint8Array): bigint {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  return (buf.readBigUInt64BE(0) << 64n) | buf.readBigUInt64BE(8);
}

export interface HashRange {
  start: bigint;
  end: bigint;
}

/**
 * n ranges covering the whole space, as AWS lays out a new stream: each floor(2^128 / n)
 * wide, the last one running to 2^128 - 1.
 */
export function evenRanges(n: number, from: bigint = 0n, to: bigint = MAX_HASH_KEY): HashRange[] {
  const width = (to - from + 1n) / BigInt(n);
  const ranges: HashRange[] = [];
  for (let i = 0; i < n; i++) {
    const start = from + width * BigInt(i);
    const end = i === n - 1 ? to : from + width * BigInt(i + 1) - 1n;
    ranges.push({ start, end });
  }
  return ranges;
}

/** Something that owns a hash key range, with its bounds as 16-byte keys. */
export interface KeyRanged {
  start_key: Uint8Array;
  end_key: Uint8Array;
}

/**
 * The range holding key among ranges sorted by start key that tile the space (the open
 * shards of a stream): binary search on the start keys.
 */
export function findRange<T extends KeyRanged>(sorted: readonly T[], key: Uint8Array): T | undefined {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = sorted[mid]!;
    if (Buffer.compare(key, r.start_key) < 0) hi = mid - 1;
    else if (Buffer.compare(key, r.end_key) > 0) lo = mid + 1;
    else return r;
  }
  return undefined;
}
