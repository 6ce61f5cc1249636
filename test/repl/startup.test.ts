import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

/**
 * An ordinary command (`awsmsg sqs ...`) must not load the interactive parts: the chunks
 * dist/main.js imports statically hold no prompts (inquirer), no tables (cli-table3), no
 * completer, REPL, tutorial or status code. (`npm test` builds dist first.)
 */
const DIST = join(ROOT, 'dist');

function staticGraph(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const todo = [entry];
  while (todo.length) {
    const f = todo.pop()!;
    if (files.has(f)) continue;
    const text = readFileSync(join(DIST, f), 'utf8');
    files.set(f, text);
    for (const m of text.matchAll(/^import\s(?:[^;]*?\sfrom\s*)?"\.\/([^"]+)";?$/gm)) todo.push(m[1]!);
  }
  return files;
}

describe.skipIf(!existsSync(join(DIST, 'main.js')))('start-up stays light', () => {
  it('main.js imports none of the interactive code statically', () => {
    const graph = staticGraph('main.js');
    expect(graph.size).toBeGreaterThan(1);
    const markers: Record<string, RegExp> = {
      inquirer: /ExitPromptError|@inquirer/,
      'cli-table3': /cli-table3|colWidths/,
      completer: /function completeLine|function completeWords/,
      repl: /function runRepl|\.awsmsg_history/,
      tutorials: /function playLesson|What to take away/,
      status: /function collectStatus|function renderStatus/,
      guide: /function runGuide/,
    };
    for (const [file, text] of graph) {
      for (const [what, marker] of Object.entries(markers)) {
        expect(marker.test(text), `${file} carries ${what}`).toBe(false);
      }
    }
  });

  it('the markers do find that code in the bundle (so the check above can fail)', () => {
    const all = readdirSync(DIST)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(DIST, f), 'utf8'))
      .join('\n');
    for (const marker of [/ExitPromptError/, /colWidths/, /function completeLine/, /function runRepl/, /function playLesson/, /function renderStatus/, /function runGuide/]) {
      expect(all).toMatch(marker);
    }
  });
});
