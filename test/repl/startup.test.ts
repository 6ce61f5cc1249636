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

const markers: Record<string, RegExp> = {
  inquirer: /ExitPromptError|@inquirer/,
  'cli-table3': /cli-table3|colWidths/,
  completer: /function completeLine|function completeWords/,
  repl: /function runRepl|\.awsmsg_history/,
  tutorials: /function playLesson|What to take away/,
  status: /function collectStatus|function renderStatus/,
  guide: /function runGuide/,
  yaml: /node_modules\/yaml\//,
};

describe.skipIf(!existsSync(MAIN))('start-up stays light', () => {
  it('the main bundle carries none of the interactive code', () => {
    const text = readFileSync(MAIN, 'utf8');
    for (const [what, marker] of Object.entries(markers)) {
      expect(marker.test(text), `main.cjs carries ${what}`).toBe(false);
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
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    for (const marker of Object.values(markers)) expect(all).toMatch(marker);
  });
});
