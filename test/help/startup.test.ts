/**
 * Help text costs a command nothing until help is asked for: `awsmsg sqs send-message` reads
 * none of the help bundles (dist/help/, dist/cli/helpCommand.cjs), and the bundles it does read
 * hold none of the pages' words. The same checks on `sqs send-message help` show that they can
 * fail. (`npm test` builds dist first.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { help as sqsHelp } from '../../src/help/sqs.js';
import { BIN, cliSandbox, ROOT } from '../helpers/cli.js';

const DIST = join(ROOT, 'dist');
const sb = cliSandbox();
const hookDir = mkdtempSync(join(tmpdir(), 'awsmsg-loaded-'));
afterAll(() => {
  sb.cleanup();
  rmSync(hookDir, { recursive: true, force: true });
});

/** The dist bundles a command line loads, as paths under dist/. */
function bundlesLoaded(args: string[]): string[] {
  const hook = join(hookDir, 'hook.cjs');
  const list = join(hookDir, 'loaded.txt');
  writeFileSync(hook, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, Object.keys(require.cache).join('\\n')));\n`);
  const r = spawnSync(process.execPath, ['-r', hook, BIN, ...args], { env: sb.env, encoding: 'utf8', cwd: sb.dir });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(list, 'utf8')
    .split('\n')
    .filter((f) => f.startsWith(DIST))
    .map((f) => relative(DIST, f));
}

const isHelp = (f: string) => f.startsWith('help/') || f === 'cli/helpCommand.cjs' || f === 'cli/args/help.cjs';

describe.skipIf(!existsSync(join(DIST, 'cli', 'main.cjs')))('help stays out of start-up', () => {
  it('sqs send-message loads no help bundle', () => {
    expect(sb.run(['sqs', 'create-queue', '--queue-name', 'orders']).status).toBe(0);
    const loaded = bundlesLoaded(['sqs', 'send-message', '--queue-url', 'https://sqs.us-east-1.amazonaws.com/000000000000/orders', '--message-body', 'hi']);
    expect(loaded).toContain('cli/main.cjs');
    expect(loaded.filter(isHelp)).toEqual([]);
  });

  it('sqs send-message help does load them (so the check above can fail)', () => {
    const loaded = bundlesLoaded(['sqs', 'send-message', 'help']);
    expect(loaded).toEqual(expect.arrayContaining(['help/sqs.cjs', 'cli/helpCommand.cjs']));
    expect(loaded).not.toContain('help/sns.cjs');
    expect(loaded).not.toContain('help/kinesis.cjs');
  });

  it('the bundles send-message reads hold none of the pages\' words', () => {
    const loaded = bundlesLoaded(['sqs', 'send-message', '--queue-url', 'https://sqs.us-east-1.amazonaws.com/000000000000/orders', '--message-body', 'hi']);
    const text = loaded.map((f) => readFileSync(join(DIST, f), 'utf8')).join('\n');
    const sentence = sqsHelp.pages.SendMessage!.description.slice(0, 60);
    expect(text).not.toContain(sentence);
    expect(readFileSync(join(DIST, 'help', 'sqs.cjs'), 'utf8')).toContain(JSON.stringify(sentence).slice(1, -1));
  });
});
