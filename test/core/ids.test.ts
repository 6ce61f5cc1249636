import { describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from '../../src/core/ids.js';

describe('randomUUID', () => {
  it('makes version 4 UUIDs, none twice, across refills of its pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const id = randomUUID();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(1000);
  });
});

describe('randomBytes', () => {
  it('gives as many bytes as asked, different each time, and not all zero', () => {
    const seen = new Set<string>();
    for (const n of [1, 23, 32, 1000]) {
      for (let i = 0; i < 20; i++) {
        const b = randomBytes(n);
        expect(b.length).toBe(n);
        seen.add(b.toString('hex'));
      }
    }
    // 20 one-byte draws may repeat; the longer ones may not
    expect(seen.size).toBeGreaterThanOrEqual(61);
    expect(randomBytes(1000).some((x) => x !== 0)).toBe(true);
  });
});
