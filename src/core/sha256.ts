/**
 * SHA-256 (FIPS 180-4). Receipt handles carry a SHA-256 tag and FIFO queues with content-based
 * deduplication take the SHA-256 of each body, so every receive-message would load node:crypto
 * for a few short digests: loading it costs a one-shot command about 6 ms here. As with MD5
 * (src/core/md5.ts), short inputs are digested in plain JavaScript until node:crypto is
 * loaded or worth loading (nodeCrypto.digestOf); long inputs always go to it.
 */
import { digestOf, nodeCryptoIfLoaded } from './nodeCrypto.js';

/** SHA-256 digest (32 bytes) of text (as UTF-8) or bytes, by whichever way is quicker now. */
export const sha256Digest = (data: string | Uint8Array): Buffer => digestOf('sha256', data, sha256, 'buffer');

/** SHA-256 of text (as UTF-8) or bytes, as 64 lowercase hex digits. */
export const sha256Hex = (data: string | Uint8Array): string => digestOf('sha256', data, sha256, 'hex');

/**
 * The round constants (the first 32 bits of the fractional parts of the cube roots of the
 * first 64 primes) and the initial hash (the same of the square roots of the first 8),
 * worked out on first use.
 */
let constants: { k: Uint32Array; h: Uint32Array } | undefined;
function roundConstants(): { k: Uint32Array; h: Uint32Array } {
  if (!constants) {
    const primes: number[] = [];
    for (let n = 2; primes.length < 64; n++) if (primes.every((p) => n % p !== 0)) primes.push(n);
    const fraction32 = (x: number): number => ((x - Math.floor(x)) * 0x1_0000_0000) >>> 0;
    constants = {
      k: Uint32Array.from(primes, (p) => fraction32(Math.cbrt(p))),
      h: Uint32Array.from(primes.slice(0, 8), (p) => fraction32(Math.sqrt(p))),
    };
  }
  return constants;
}

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** SHA-256 digest (32 bytes) of bytes, in JavaScript. */
export function sha256(bytes: Uint8Array): Buffer {
  const { k, h: initial } = roundConstants();
  // the message, a 1 bit, zeros, and its length in bits as 64 bits: a whole number of 64-byte blocks
  const blocks = new Uint8Array(((bytes.length + 9 + 63) >>> 6) << 6);
  blocks.set(bytes);
  blocks[bytes.length] = 0x80;
  const view = new DataView(blocks.buffer);
  const bits = bytes.length * 8;
  view.setUint32(blocks.length - 8, Math.floor(bits / 0x1_0000_0000));
  view.setUint32(blocks.length - 4, bits >>> 0);
  const h = initial.slice();
  const w = new Uint32Array(64);
  for (let at = 0; at < blocks.length; at += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(at + i * 4);
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
    }
    let a = h[0]!;
    let b = h[1]!;
    let c = h[2]!;
    let d = h[3]!;
    let e = h[4]!;
    let f = h[5]!;
    let g = h[6]!;
    let hh = h[7]!;
    for (let i = 0; i < 64; i++) {
      const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const choice = (e & f) ^ (~e & g);
      const t1 = (hh + s1 + choice + k[i]! + w[i]!) >>> 0;
      const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const majority = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (s0 + majority) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] = h[0]! + a;
    h[1] = h[1]! + b;
    h[2] = h[2]! + c;
    h[3] = h[3]! + d;
    h[4] = h[4]! + e;
    h[5] = h[5]! + f;
    h[6] = h[6]! + g;
    h[7] = h[7]! + hh;
  }
  const out = Buffer.allocUnsafe(32);
  for (let i = 0; i < 8; i++) out.writeUInt32BE(h[i]!, i * 4);
  return out;
}

/**
 * HMAC-SHA256 (RFC 2104): node:crypto's once it is loaded, else with the SHA-256 above, in
 * two passes over the key padded to a block and XORed with 0x36, then with 0x5c. A key longer
 * than a block is hashed first.
 */
export function hmacSha256(key: Uint8Array, data: Uint8Array): Buffer {
  // once something has loaded node:crypto, its HMAC is quicker than two digests and the pads
  const native = nodeCryptoIfLoaded();
  if (native) return native.createHmac('sha256', key).update(data).digest();
  const BLOCK = 64;
  const padded = Buffer.alloc(BLOCK);
  padded.set(key.length > BLOCK ? sha256Digest(key) : key);
  const inner = Buffer.alloc(BLOCK + data.length);
  const outer = Buffer.alloc(BLOCK + 32);
  for (let i = 0; i < BLOCK; i++) {
    inner[i] = padded[i]! ^ 0x36;
    outer[i] = padded[i]! ^ 0x5c;
  }
  inner.set(data, BLOCK);
  outer.set(sha256Digest(inner), BLOCK);
  return sha256Digest(outer);
}
