/**
 * Bundles the worker process entry (workerProcess.ts) with esbuild into a directory, so that
 * tests and the benchmark can start real worker processes. esbuild is a development
 * dependency: this is for tests and `npm run bench`, not for the installed command.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The awsmsg checkout this module is part of (from src/ or from a dist/ bundle). */
export function repoRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'awsmsg') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the awsmsg checkout above ${from}`);
    dir = up;
  }
}

/** Writes kcl-worker.mjs into outDir and returns its path. */
export async function buildWorkerEntry(outDir: string): Promise<string> {
  const { build } = await import('esbuild');
  const root = repoRoot();
  const requireFromRoot = createRequire(join(root, 'package.json'));
  const outfile = join(outDir, 'kcl-worker.mjs');
  await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'src/services/kinesis/kcl/workerProcess.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    plugins: [
      {
        // the native module stays where it is installed, imported by absolute URL from outDir
        name: 'better-sqlite3-in-place',
        setup(b) {
          b.onResolve({ filter: /^better-sqlite3$/ }, () => ({
            path: pathToFileURL(requireFromRoot.resolve('better-sqlite3')).href,
            external: true,
          }));
        },
      },
    ],
    banner: {
      js: "import { createRequire as __kclCreateRequire } from 'node:module'; const require = __kclCreateRequire(import.meta.url);",
    },
  });
  return outfile;
}
