/**
 * Random version 4 UUIDs (message ids, task ids) and random bytes (secrets, stream ids). Once
 * `node:crypto` is loaded its own are used; before that the random bytes come from the
 * operating system's /dev/urandom (for ids, sixteen at a time), so that a one-shot command
 * does not load `node:crypto` for one id.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { nodeCrypto, nodeCryptoIfLoaded } from './nodeCrypto.js';

const POOL_IDS = 16;
const pool: { bytes: Buffer; next: number } = { bytes: Buffer.alloc(0), next: 0 };

export function randomUUID(): string {
  const native = nodeCryptoIfLoaded();
  if (native) return native.randomUUID();
  if (pool.next >= pool.bytes.length && !refill()) return nodeCrypto().randomUUID();
  const b = pool.bytes.subarray(pool.next, pool.next + 16);
  pool.next += 16;
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function refill(): boolean {
  const bytes = readUrandom(POOL_IDS * 16);
  if (!bytes) return false;
  pool.bytes = bytes;
  pool.next = 0;
  return true;
}

/** `n` random bytes: node:crypto's once it is loaded, else the operating system's. */
export function randomBytes(n: number): Buffer {
  const native = nodeCryptoIfLoaded();
  if (native) return native.randomBytes(n);
  return readUrandom(n) ?? nodeCrypto().randomBytes(n);
}

/** `n` bytes of /dev/urandom, or undefined where there is none (Windows). */
function readUrandom(n: number): Buffer | undefined {
  const bytes = Buffer.alloc(n);
  let fd: number | undefined;
  try {
    fd = openSync('/dev/urandom', 'r');
    let filled = 0;
    while (filled < bytes.length) {
      const read = readSync(fd, bytes, filled, bytes.length - filled, null);
      if (read <= 0) return undefined;
      filled += read;
    }
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return bytes;
}
