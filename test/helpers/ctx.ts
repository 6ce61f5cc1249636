import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/store/db.js';
import { DEFAULT_ACCOUNT_ID, type Ctx } from '../../src/core/context.js';

/** A fresh state file in a temporary directory, with a context for operations. */
export interface TestEnv {
  dir: string;
  path: string;
  store: Store;
  ctx: Ctx;
  /** a context for another region of the same file */
  inRegion(region: string): Ctx;
  /** moves the state file's clock forward */
  advance(ms: number): void;
  cleanup(): void;
}

/**
 * A fresh state file in a temporary directory. With `realNow` the file's clock runs on that
 * time source instead of the real one (e.g. frozen, so that only advance() moves time).
 */
export function testEnv(region = 'us-east-1', opts: { realNow?: () => number } = {}): TestEnv {
  const dir = mkdtempSync(join(tmpdir(), 'awsmsg-test-'));
  const path = join(dir, 'state.db');
  const store = openStore(path, { realNow: opts.realNow });
  const ctx: Ctx = { store, region, accountId: DEFAULT_ACCOUNT_ID };
  return {
    dir,
    path,
    store,
    ctx,
    inRegion: (r) => ({ store, region: r, accountId: DEFAULT_ACCOUNT_ID }),
    advance: (ms) => void store.clock.advance(ms),
    cleanup: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
