/**
 * MD5 (RFC 1321) in JavaScript, for the inputs SQS digests on every message: a body, a set
 * of attributes. A one-shot command then never loads `node:crypto`; once something has loaded
 * it (a server does at start), and for long inputs, which it digests twice as fast, it is used.
 */
import { nodeCrypto, nodeCryptoIfLoaded } from './nodeCrypto.js';

const NATIVE_FROM_BYTES = 64 * 1024;

/** MD5 of text (as UTF-8) or bytes, as 32 lowercase hex digits. */
export function md5Hex(data: string | Uint8Array): string {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const native = bytes.length >= NATIVE_FROM_BYTES ? nodeCrypto() : nodeCryptoIfLoaded();
  if (native) return native.createHash('md5').update(bytes).digest('hex');
  return md5HexJs(bytes);
}

/** Per-step left rotations: four per round, each used four times in turn. */
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
/** The sine table: the integer part of 2^32 × |sin(i + 1)|. */
const SINES = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 0x1_0000_0000));

/** MD5 in JavaScript whatever the length (md5Hex chooses; exported for its tests). */
export function md5HexJs(bytes: Uint8Array): string {
  // Padding: a 1 bit, zeros to 56 bytes mod 64, then the length in bits, little-endian.
  const blocks = Math.ceil((bytes.length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const bits = bytes.length * 8;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, bits >>> 0, true);
  view.setUint32(padded.length - 4, Math.floor(bits / 0x1_0000_0000), true);

  const state = Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476);
  const words = new Int32Array(16);
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) words[i] = view.getInt32(offset + i * 4, true);
    compress(state, words);
  }
  const out = Buffer.alloc(16);
  for (let i = 0; i < 4; i++) out.writeInt32LE(state[i]!, i * 4);
  return out.toString('hex');
}

/** One 64-byte block into the running state: four rounds of sixteen steps. */
function compress(state: Int32Array, words: Int32Array): void {
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  for (let i = 0; i < 64; i++) {
    let mix: number;
    let word: number;
    const round = i >> 4;
    if (round === 0) {
      mix = (b & c) | (~b & d);
      word = i;
    } else if (round === 1) {
      mix = (d & b) | (~d & c);
      word = (5 * i + 1) & 15;
    } else if (round === 2) {
      mix = b ^ c ^ d;
      word = (3 * i + 5) & 15;
    } else {
      mix = c ^ (b | ~d);
      word = (7 * i) & 15;
    }
    const sum = (a + mix + SINES[i]! + words[word]!) | 0;
    const shift = SHIFTS[(round << 2) | (i & 3)]!;
    a = d;
    d = c;
    c = b;
    b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
}
