import { describe, expect, it } from 'vitest';
import { randomUUID } from '../../src/core/ids.js';

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
