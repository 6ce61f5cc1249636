import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/core/sleep.js';

describe('sleep', () => {
  it('returns at once when the signal has already aborted', async () => {
    const c = new AbortController();
    c.abort();
    await expect(sleep(3_600_000, c.signal)).resolves.toBeUndefined();
  });

  it('ends its wait when the signal aborts', async () => {
    const c = new AbortController();
    const waiting = sleep(3_600_000, c.signal);
    c.abort();
    await expect(waiting).resolves.toBeUndefined();
  });
});
