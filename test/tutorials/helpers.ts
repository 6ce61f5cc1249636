import { expect } from 'vitest';
import type { CliSandbox } from '../helpers/cli.js';

/** Plays a lesson straight through (no terminal) and returns what it printed; fails on a non-zero status. */
export function playTutorial(sb: CliSandbox, name: string): string {
  const r = sb.run(['tutorial', name]);
  if (r.status !== 0) throw new Error(`tutorial ${name} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The text of one step: from its "[n/N]" header to the next header (or the closing words). */
export function step(out: string, n: number): string {
  const start = out.search(new RegExp(`\\n\\[${n}/\\d+\\] `));
  expect(start, `step ${n}`).toBeGreaterThan(-1);
  const next = out.slice(start + 1).search(/\n\[\d+\/\d+\] |\nWhat to take away/);
  return out.slice(start, next < 0 ? undefined : start + 1 + next);
}
