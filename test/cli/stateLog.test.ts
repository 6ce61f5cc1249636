/**
 * The state file's write-ahead log across commands. Each command is a process that ends
 * without closing the file, and the next process to open it alone reads the whole log again
 * and takes none of it as copied into the database: unless a command empties the log before
 * it ends, the log only ever grows, and every command reads and copies all of it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, okJson } from '../helpers/cli.js';
import { cliState, type CliState } from '../helpers/cliState.js';

const ACCOUNT = '123456789012';
const QUEUE = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/log`;
/** the command line empties the log once it holds this many pages (src/cli/io.ts) */
const CLI_LOG_PAGES = 100;
const PAGE_BYTES = 4096 + 24;

// one sandbox for the file: the tests follow one state file from command to command
const s: CliState = cliState('us-east-1', ACCOUNT);
afterAll(() => s.close());

const ok = okJson;
const cli = (...args: string[]) => okJson(s.run(args));
const logBytes = (): number => (existsSync(`${s.sandbox.db}-wal`) ? statSync(`${s.sandbox.db}-wal`).size : 0);
const depth = (): number => Number(cli('sqs', 'get-queue-attributes', '--queue-url', QUEUE, '--attribute-names', 'ApproximateNumberOfMessages').Attributes.ApproximateNumberOfMessages);

describe("the state file's log across commands", () => {
  it('stays short: a command that leaves it past the limit empties it, and nothing is lost', () => {
    cli('sqs', 'create-queue', '--queue-name', 'log');
    // about 37 pages a message: six of them would leave over 200 pages in a log never emptied
    // (from a file: one argument may not be that long)
    const sizes: number[] = [];
    for (let i = 0; i < 6; i++) {
      writeFileSync(join(s.sandbox.dir, 'body.txt'), `${i}${'x'.repeat(150_000)}`);
      expect(cli('sqs', 'send-message', '--queue-url', QUEUE, '--message-body', 'file://body.txt').MessageId).toBeTruthy();
      sizes.push(logBytes());
    }
    for (const size of sizes) expect(size).toBeLessThan((CLI_LOG_PAGES + 40) * PAGE_BYTES);
    expect(sizes).toContain(0);
    expect(depth()).toBe(6);
  });

  it('a state file reached through a symbolic link has its log, beside the real file, kept short too', () => {
    const real = join(s.sandbox.dir, 'real');
    mkdirSync(real);
    const db = join(real, 'linked.db');
    expect(s.run(['sqs', 'create-queue', '--queue-name', 'linked', '--db', db]).status).toBe(0);
    const link = join(s.sandbox.dir, 'link.db');
    symlinkSync(db, link);
    const url = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/linked`;
    const sizes: number[] = [];
    for (let i = 0; i < 6; i++) {
      writeFileSync(join(s.sandbox.dir, 'body.txt'), `${i}${'z'.repeat(150_000)}`);
      ok(s.run(['sqs', 'send-message', '--queue-url', url, '--message-body', 'file://body.txt', '--db', link]));
      expect(existsSync(`${link}-wal`)).toBe(false);
      sizes.push(existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0);
    }
    for (const size of sizes) expect(size).toBeLessThan((CLI_LOG_PAGES + 40) * PAGE_BYTES);
    expect(sizes).toContain(0);
  });

  it('a symbolic link to a state file not made yet: the first commands, at once, create the file it leads to and share it', async () => {
    const real = join(s.sandbox.dir, 'later');
    mkdirSync(real);
    const db = join(real, 'first.db');
    const link = join(s.sandbox.dir, 'first-link.db');
    symlinkSync(db, link);
    const made = await Promise.all(['a', 'b', 'c', 'd'].map((n) => s.sandbox.start(['sqs', 'create-queue', '--queue-name', `first-${n}`, '--db', link])));
    for (const r of made) expect(r.stderr).toBe('');
    for (const r of made) expect(r.status).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync(db).mode & 0o777).toBe(0o600);
    expect(existsSync(`${link}-wal`)).toBe(false);
    const listed = ok(s.run(['sqs', 'list-queues', '--queue-name-prefix', 'first-', '--db', db])).QueueUrls as string[];
    expect(listed.map((u) => u.split('/').pop()).sort()).toEqual(['first-a', 'first-b', 'first-c', 'first-d']);
  });

  it('a long log left by another program is emptied by the next command, its changes kept', () => {
    cli('sqs', 'create-queue', '--queue-name', 'left');
    const leftQueue = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/left`;
    // a process that writes 300 pages with checkpoints off and ends without closing the file
    const writer = `
      const Database = require(${JSON.stringify(createRequire(`${ROOT}/package.json`).resolve('better-sqlite3'))});
      const db = new Database(${JSON.stringify(s.sandbox.db)});
      db.pragma('wal_autocheckpoint = 0');
      const put = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
      for (let i = 0; i < 300; i++) put.run('left-' + i, 'y'.repeat(3000));
      process.exit(0);
    `;
    const w = spawnSync(process.execPath, ['-e', writer], { encoding: 'utf8' });
    expect(w.status, w.stderr).toBe(0);
    expect(logBytes()).toBeGreaterThan(300 * PAGE_BYTES);
    expect(cli('sqs', 'get-queue-url', '--queue-name', 'left').QueueUrl).toBe(leftQueue);
    expect(logBytes()).toBe(0);
    const check = spawnSync(
      process.execPath,
      [
        '-e',
        `const Database = require(${JSON.stringify(createRequire(`${ROOT}/package.json`).resolve('better-sqlite3'))});
         const db = new Database(${JSON.stringify(s.sandbox.db)}, { readonly: true });
         console.log(db.prepare("SELECT count(*) FROM meta WHERE key LIKE 'left-%'").pluck().get());`,
      ],
      { encoding: 'utf8' },
    );
    expect(check.stdout.trim(), check.stderr).toBe('300');
  });
});
