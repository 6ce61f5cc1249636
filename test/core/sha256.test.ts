import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256, sha256Hex } from '../../src/core/sha256.js';

const nodeSha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

describe('sha256', () => {
  it("gives FIPS 180-4's example digests", () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with node:crypto on every length across the padding boundaries, and on long inputs', () => {
    for (let n = 0; n <= 200; n++) {
      const bytes = randomBytes(n);
      expect(sha256(bytes).toString('hex'), `length ${n}`).toBe(nodeSha256(bytes));
    }
    for (const n of [4095, 65535, 65536, 300_000]) {
      const bytes = randomBytes(n);
      expect(sha256(bytes).toString('hex'), `length ${n}`).toBe(nodeSha256(bytes));
      expect(sha256Hex(bytes), `length ${n}`).toBe(nodeSha256(bytes));
    }
  });

  it('digests text as UTF-8', () => {
    expect(sha256Hex('héllo ✓ 😀')).toBe(nodeSha256(Buffer.from('héllo ✓ 😀', 'utf8')));
  });
});
