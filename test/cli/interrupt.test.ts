/**
 * Ctrl-C during a wait: a real `awsmsg` process long-polling SQS gets SIGINT and ends at once
 * as the AWS CLI does (a newline on stdout, status 130); in the REPL the same Ctrl-C stops the
 * poll and the shell carries on. The poll waits 20 s, so "at once" is checked against that.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliSandbox } from '../helpers/cli.js';
import { HAVE_TMUX, Terminal } from '../repl/tmux.js';
import { processIo, wasInterrupted, type Io } from '../../src/cli/io.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/idle';
const POLL = ['sqs', 'receive-message', '--queue-url', QUEUE_URL, '--wait-time-seconds', '20'];

beforeAll(() => {
  expect(sb.run(['sqs', 'create-queue', '--queue-name', 'idle']).status).toBe(0);
});

describe('Ctrl-C during an SQS long poll', () => {
  it('ends the process at once with status 130, as the AWS CLI does', async () => {
    // --debug announces the call on stderr: the signal is sent once the poll has begun
    const child = spawn(process.execPath, [BIN, '--debug', ...POLL], { env: sb.env, cwd: sb.dir });
    let stdout = '';
    let stderr = '';
    let sentAt = 0;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (sentAt === 0 && stderr.includes('awsmsg: calling sqs ReceiveMessage')) {
        sentAt = Date.now();
        child.kill('SIGINT');
      }
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const took = Date.now() - sentAt;
    expect(sentAt).toBeGreaterThan(0);
    expect(status).toBe(130);
    expect(stdout).toBe('\n');
    expect(took).toBeLessThan(10_000); // the poll would have run 20 s
  });

  it('ends a poll at once, as the AWS CLI does, when Ctrl-C came before anything asked for the signal', async () => {
    // a preload that sends SIGINT to the process as soon as awsmsg has installed its handlers,
    // before the command (and its poll) has begun
    const preload = join(sb.dir, 'early-sigint.cjs');
    writeFileSync(
      preload,
      "const on = process.on.bind(process); process.on = (ev, fn) => { const r = on(ev, fn); if (ev === 'SIGTERM') process.emit('SIGINT', 'SIGINT'); return r; };",
    );
    const started = Date.now();
    const r = spawnSync(process.execPath, ['-r', preload, BIN, ...POLL], { env: sb.env, cwd: sb.dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('\n');
    expect(r.status).toBe(130);
    expect(Date.now() - started).toBeLessThan(10_000); // the poll would have run 20 s
  });

  describe.skipIf(!HAVE_TMUX)('in the REPL', () => {
    let term: Terminal | undefined;
    afterEach(() => term?.kill());

    it('stops the poll and keeps the shell', async () => {
      const t = (term = Terminal.start(['shell'], sb.env, { cwd: sb.dir }));
      await t.waitFor('awsmsg us-east-1 ~/state.db> ');
      t.type([...POLL, '--debug'].join(' '));
      t.press('Enter');
      await t.waitFor('awsmsg: calling sqs ReceiveMessage');
      t.press('C-c');
      await t.waitFor(/\[130\] awsmsg us-east-1/, 10_000);
      t.type('sqs get-queue-url --queue-name idle');
      t.press('Enter');
      await t.waitFor(`"QueueUrl": "${QUEUE_URL}"`);
      t.press('C-d');
      expect(await t.exitStatus()).toBe(0);
    });
  });
});

describe('whether a command was interrupted', () => {
  const stopper = (state: { interrupted: boolean; made: number }) => ({
    signal() {
      state.made++;
      const c = new AbortController();
      if (state.interrupted) c.abort();
      return c.signal;
    },
    interrupted: () => state.interrupted,
  });

  it("is asked of the process without making its signal; an Io with a signal of its own is asked about that one", () => {
    const state = { interrupted: false, made: 0 };
    const io = processIo(stopper(state));
    expect(wasInterrupted(io)).toBe(false);
    state.interrupted = true;
    expect(wasInterrupted(io)).toBe(true);
    expect(state.made).toBe(0);

    // as the shell makes one per line: its Ctrl-C aborts the line's signal, not the process's
    state.interrupted = false;
    const line = new AbortController();
    const lineIo: Io = { ...io, signal: line.signal };
    expect(wasInterrupted(lineIo)).toBe(false);
    line.abort();
    expect(wasInterrupted(lineIo)).toBe(true);
  });
});

if (!HAVE_TMUX) console.log('REPL part of the interrupt test skipped: tmux is not installed');
