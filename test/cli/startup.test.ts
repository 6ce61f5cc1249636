/**
 * What a one-shot command loads: V8's code cache for the bundles (src/cli/codeCache.ts), and
 * neither node:crypto nor node:tty on the way to sending a message to a pipe or /dev/null.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, cliSandbox, type CliSandbox } from '../helpers/cli.js';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/startup';

describe('start-up of a one-shot command', () => {
  let box: CliSandbox;
  beforeEach(() => {
    box = cliSandbox();
    expect(box.run(['sqs', 'create-queue', '--queue-name', 'startup']).status).toBe(0);
  });
  afterEach(() => box.cleanup());

  it('the build leaves a code cache for the bundles send-message loads', () => {
    const cache = join(ROOT, 'dist', 'v8-cache');
    for (const bundle of ['cli/main.cjs', 'services/sqs/index.cjs', 'model/data/sqs.cjs']) {
      expect(existsSync(join(cache, `${bundle}.v8`)), bundle).toBe(true);
    }
  });

  it('send-message loads neither node:crypto nor node:tty, and its MD5 and id are right', () => {
    // A preloaded module that reports, on exit, which of Node's modules the command loaded.
    const dir = mkdtempSync(join(tmpdir(), 'awsmsg-startup-'));
    try {
      const probe = join(dir, 'probe.cjs');
      writeFileSync(
        probe,
        "process.on('exit', () => require('fs').writeFileSync(process.env.PROBE_OUT, process.moduleLoadList.join('\\n')));\n",
      );
      const out = join(dir, 'loaded.txt');
      const r = spawnSync(process.execPath, ['-r', probe, BIN, 'sqs', 'send-message', '--queue-url', QUEUE_URL, '--message-body', 'hello'], {
        env: { ...box.env, PROBE_OUT: out },
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      const sent = JSON.parse(r.stdout);
      expect(sent.MD5OfMessageBody).toBe('5d41402abc4b2a76b9719d911017c592');
      expect(sent.MessageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const loaded = readFileSync(out, 'utf8').split('\n');
      expect(loaded).not.toContain('NativeModule crypto');
      expect(loaded).not.toContain('NativeModule tty');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the same from the cache, without it, and with a cache V8 refuses', () => {
    const send = ['sqs', 'send-message', '--queue-url', QUEUE_URL, '--message-body', 'hello', '--query', 'MD5OfMessageBody'];
    // with the cache (the launcher, as users run it)
    expect(box.run(send)).toMatchObject({ status: 0, stdout: '"5d41402abc4b2a76b9719d911017c592"\n' });
    // without it: node given an option of its own compiles from source
    const plain = spawnSync(process.execPath, ['--no-warnings', BIN, ...send], { env: box.env, encoding: 'utf8' });
    expect(plain).toMatchObject({ status: 0, stdout: '"5d41402abc4b2a76b9719d911017c592"\n' });
    // a copy of the bundles whose cache files are junk: V8 refuses them and compiles from source
    const copy = mkdtempSync(join(tmpdir(), 'awsmsg-startup-'));
    try {
      spawnSync('cp', ['-r', join(ROOT, 'bin'), join(ROOT, 'dist'), copy]);
      const junk = (d: string): void => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
          if (e.isDirectory()) junk(join(d, e.name));
          else writeFileSync(join(d, e.name), 'not a code cache');
        }
      };
      junk(join(copy, 'dist', 'v8-cache'));
      // the copy's better-sqlite3 addon is found through node_modules beside it
      spawnSync('ln', ['-s', join(ROOT, 'node_modules'), join(copy, 'node_modules')]);
      const refused = spawnSync(process.execPath, [join(copy, 'bin', 'awsmsg'), ...send], { env: box.env, encoding: 'utf8' });
      expect(refused).toMatchObject({ status: 0, stdout: '"5d41402abc4b2a76b9719d911017c592"\n' });
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
