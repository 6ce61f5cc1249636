import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

/**
 * An ordinary command (`awsmsg sqs ...`) must not load the interactive parts: dist/cli/main.cjs,
 * the one bundle every command reads, holds no prompts (inquirer), no tables (cli-table3), no
 * completer, REPL, tutorial or status code, and loads other bundles only through lazy
 * require()s (src/build.mjs). (`npm test` builds dist first.)
 */
const DIST = join(ROOT, 'dist');
const MAIN = join(DIST, 'cli', 'main.cjs');

function allBundles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allBundles(join(dir, e.name)) : e.name.endsWith('.cjs') ? [join(dir, e.name)] : [],
  );
}

/**
 * What each kind of code is, by the files a bundle was made from (its source map's sources):
 * the bundles' own names are minified, their sources' paths are not.
 */
const markers: Record<string, RegExp> = {
  inquirer: /node_modules\/@inquirer\//,
  'cli-table3': /node_modules\/cli-table3\//,
  completer: /src\/repl\/complete\.ts$/,
  repl: /src\/repl\//,
  tutorials: /src\/tutorials\//,
  status: /src\/status\//,
  guide: /src\/guide\//,
  yaml: /node_modules\/yaml\//,
};

/** The files a bundle was made from. */
const sourcesOf = (bundle: string): string[] => (JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[] }).sources;

describe.skipIf(!existsSync(MAIN))('start-up stays light', () => {
  it('the main bundle carries none of the interactive code', () => {
    const sources = sourcesOf(MAIN);
    expect(sources).toContain('../../src/cli/main.ts');
    for (const [what, marker] of Object.entries(markers)) {
      expect(sources.filter((f) => marker.test(f)), `main.cjs carries ${what}`).toEqual([]);
    }
  });

  it('the main bundle requires other bundles only lazily', () => {
    const text = readFileSync(MAIN, 'utf8');
    const relative = [...text.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)];
    expect(relative.length).toBeGreaterThan(0);
    for (const m of relative) {
      const before = text.slice(Math.max(0, m.index! - 40), m.index);
      expect(before, `${m[1]} is required at start-up`).toMatch(/Promise\.resolve\(\)\.then\(\(\) => $/);
    }
  });

  it('the markers do find that code in the other bundles (so the checks above can fail)', () => {
    const all = allBundles(DIST)
      .filter((f) => f !== MAIN)
      .flatMap(sourcesOf);
    for (const [what, marker] of Object.entries(markers)) expect(all.some((f) => marker.test(f)), what).toBe(true);
  });
});
