/**
 * The digests' choice between JavaScript and node:crypto: a process that makes a few digests
 * never loads node:crypto; one that makes hundreds loads it and uses it from then on.
 */
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { md5Hex } from '../../src/core/md5.js';
import { nodeCryptoIfLoaded } from '../../src/core/nodeCrypto.js';
import { sha256Hex } from '../../src/core/sha256.js';

const node = (algorithm: string, s: string) => createHash(algorithm).update(s).digest('hex');

it('digests in JavaScript at first, then loads node:crypto once a process has made a few hundred', () => {
  expect(nodeCryptoIfLoaded()).toBeUndefined();
  for (let i = 0; i < 20; i++) {
    expect(md5Hex(`m${i}`)).toBe(node('md5', `m${i}`));
    expect(sha256Hex(`s${i}`)).toBe(node('sha256', `s${i}`));
  }
  expect(nodeCryptoIfLoaded()).toBeUndefined();
  for (let i = 0; i < 300; i++) expect(sha256Hex(`t${i}`)).toBe(node('sha256', `t${i}`));
  expect(nodeCryptoIfLoaded()).toBeDefined();
  // and the digests stay the same
  expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
  expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});
