import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './cli.js';

/**
 * A test's worker script (TypeScript under test/) bundled for a plain `node` child process,
 * so that several real processes can share one state file. Call in beforeAll; `remove` in afterAll.
 */
export async function bundleWorker(entry: string): Promise<{ path: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'awsmsg-worker-'));
  const path = join(dir, 'worker.cjs');
  await build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, entry)],
    outfile: path,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3'],
    logLevel: 'warning',
    // src/store/db.ts uses import.meta.url only where `require` is missing (ES modules), never
    // in this CommonJS bundle
    logOverride: { 'empty-import-meta': 'silent' },
  });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
