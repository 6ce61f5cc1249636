import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5, md5Hex } from '../../src/core/md5.js';

const nodeMd5 = (data: string | Buffer) => createHash('md5').update(data).digest('hex');

describe('md5Hex', () => {
  it("gives RFC 1321's test-suite digests", () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('a')).toBe('0cc175b9c0f1b6a831c399e269772661');
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Hex('message digest')).toBe('f96b697d7cb7938d525a2f31aaf161d0');
    expect(md5Hex('abcdefghijklmnopqrstuvwxyz')).toBe('c3fcd3d76192e4007dfb496cca67e13b');
    expect(md5Hex('1234567890'.repeat(8))).toBe('57edf4a22be3c955ac49da2e2107b67a');
  });

  it('agrees with node:crypto on every length across the padding boundaries', () => {
    for (let n = 0; n <= 200; n++) {
      const bytes = randomBytes(n);
      expect(md5Hex(bytes), `length ${n}`).toBe(nodeMd5(bytes));
    }
  });

  it('digests text as UTF-8, and long inputs alike', () => {
    expect(md5Hex('héllo ✓ 😀')).toBe(nodeMd5(Buffer.from('héllo ✓ 😀', 'utf8')));
    for (const n of [4095, 65535, 65536, 300_000]) {
      const bytes = randomBytes(n);
      expect(md5Hex(bytes), `length ${n}`).toBe(nodeMd5(bytes));
      // the JavaScript digest itself, which md5Hex leaves to node:crypto from 64 KiB
      expect(md5(bytes).toString('hex'), `length ${n}`).toBe(nodeMd5(bytes));
    }
  });
});
