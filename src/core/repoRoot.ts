/** Where the awsmsg checkout is, for the benchmark that starts `bin/awsmsg kinesis consume`. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
