import { describe, expect, it } from 'vitest';
import { choosePager, DEFAULT_PAGER, showPaged } from '../../src/cli/pager.js';
import type { Io } from '../../src/cli/io.js';

describe('which pager shows help', () => {
  const pick = (env: NodeJS.ProcessEnv, cliPager?: string, noCliPager = false) => choosePager({ env, cliPager, noCliPager });

  it('AWS_PAGER first, then the profile\'s cli_pager, then PAGER, then less -R (the AWS CLI v2\'s order)', () => {
    expect(pick({ AWS_PAGER: 'a', PAGER: 'p' }, 'c')).toBe('a');
    expect(pick({ PAGER: 'p' }, 'c')).toBe('c');
    expect(pick({ PAGER: 'p' })).toBe('p');
    expect(pick({})).toBe(DEFAULT_PAGER);
    expect(DEFAULT_PAGER).toBe('less -R');
  });
  it('an empty setting anywhere in the chain turns paging off, and so does --no-cli-pager', () => {
    expect(pick({ AWS_PAGER: '', PAGER: 'p' }, 'c')).toBeUndefined();
    expect(pick({ PAGER: 'p' }, '')).toBeUndefined();
    expect(pick({ PAGER: ' ' })).toBeUndefined();
    expect(pick({ AWS_PAGER: 'a' }, undefined, true)).toBeUndefined();
  });
  it('prints directly when standard output is not a terminal, whatever the pager', async () => {
    let out = '';
    const io = { out: (t: string) => void (out += t), err: () => undefined, env: {}, stdoutIsTTY: false, stdinIsTTY: false, signal: new AbortController().signal } as Io;
    await showPaged('the page\n', io, 'false');
    expect(out).toBe('the page\n');
  });
});
