/**
 * MD5 (RFC 1321). Short inputs are digested in plain JavaScript until something has loaded
 * node:crypto: loading it costs a one-shot command milliseconds of start-up (SQS digests
 * every message body and attribute set). Once it is loaded (a server loads it at start),
 * md5Hex uses its one-shot crypto.hash, and long inputs always go to it (src/core/nodeCrypto.ts).
 */
import { digestOf } from './nodeCrypto.js';

/** MD5 of text (as UTF-8) or bytes, as 32 lowercase hex digits. */
export const md5Hex = (data: string | Uint8Array): string => digestOf('md5', data, md5, 'hex');

// K[i] = floor(abs(sin(i + 1)) * 2^32), computed once
const K = new Int32Array(64);
for (let i = 0; i < 64; i++) K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 0x1_0000_0000) | 0;

const S = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21];

/** MD5 digest (16 bytes) of bytes. */
export function md5(bytes: Uint8Array): Buffer {
  const n = bytes.length;
  const words = padded(n);
  for (let i = 0; i < n; i++) words[i >>> 2]! |= bytes[i]! << ((i & 3) << 3);
  return digest(words, n);
}

/** MD5 digest of a string's UTF-8 bytes (ASCII is read straight from the string). */
export function md5Utf8(s: string): Buffer {
  const n = s.length;
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) > 0x7f) return md5(Buffer.from(s, 'utf8'));
  const words = padded(n);
  for (let i = 0; i < n; i++) words[i >>> 2]! |= s.charCodeAt(i) << ((i & 3) << 3);
  return digest(words, n);
}

/** Zeroed words for an n-byte message and its padding. */
function padded(n: number): Int32Array {
  return new Int32Array((((n + 8) >>> 6) + 1) * 16);
}

function digest(words: Int32Array, n: number): Buffer {
  const blocks = words.length >>> 4;
  words[n >>> 2]! |= 0x80 << ((n & 3) << 3);
  // message length in bits, little-endian 64-bit (the JavaScript path takes inputs far below 2^29 bytes)
  words[blocks * 16 - 2] = n << 3;
  words[blocks * 16 - 1] = n >>> 29;
  let a0 = 0x67452301;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476;
  for (let off = 0; off < words.length; off += 16) {
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const sum = (a + f + K[i]! + words[off + g]!) | 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << S[i]!) | (sum >>> (32 - S[i]!)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  const out = Buffer.allocUnsafe(16);
  out.writeInt32LE(a0, 0);
  out.writeInt32LE(b0, 4);
  out.writeInt32LE(c0, 8);
  out.writeInt32LE(d0, 12);
  return out;
}
