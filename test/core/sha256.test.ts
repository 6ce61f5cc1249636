import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256, sha256, sha256Hex } from '../../src/core/sha256.js';

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

describe('hmacSha256', () => {
  it("gives RFC 4231's test vectors", () => {
    expect(hmacSha256(Buffer.alloc(20, 0x0b), Buffer.from('Hi There')).toString('hex')).toBe(
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    );
    expect(hmacSha256(Buffer.from('Jefe'), Buffer.from('what do ya want for nothing?')).toString('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    // a key longer than a block is hashed first
    expect(hmacSha256(Buffer.alloc(131, 0xaa), Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First')).toString('hex')).toBe(
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    );
  });

  it('agrees with node:crypto for keys and messages of every length around the block size', () => {
    for (const keyLength of [0, 1, 32, 63, 64, 65, 200]) {
      for (const dataLength of [0, 1, 55, 56, 63, 64, 65, 119, 120, 500]) {
        const key = randomBytes(keyLength);
        const data = randomBytes(dataLength);
        expect(hmacSha256(key, data).toString('hex'), `key ${keyLength}, data ${dataLength}`).toBe(createHmac('sha256', key).update(data).digest('hex'));
      }
    }
  });
});
