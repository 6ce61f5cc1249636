import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, APPLICATION_ID, resolveStatePath } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { MAX_CLOCK_MS, parseDuration } from '../../src/store/clock.js';
import { LocalError } from '../../src/core/errors.js';
import { createSession } from '../../src/cli/io.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'awsmsg-db-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('state file', () => {
  it('is created owner-only, versioned and marked as awsmsg', () => {
    const path = join(tmp(), 'nested', 'state.db');
    const store = openStore(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(store.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    store.close();
    // reopening migrates nothing and keeps the data
    const again = openStore(path);
    expect(again.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    again.close();
  });

  it('refuses a file that is not SQLite and leaves it untouched', () => {
    const path = join(tmp(), 'notes.txt');
    writeFileSync(path, 'my precious notes\n');
    expect(() => openStore(path)).toThrow(LocalError);
    expect(() => openStore(path)).toThrow(/not an awsmsg state file/);
    expect(readFileSync(path, 'utf8')).toBe('my precious notes\n');
  });

  it('refuses another application\'s SQLite database', () => {
    const path = join(tmp(), 'other.db');
    const other = new Database(path);
    other.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY)');
    other.close();
    const bytes = readFileSync(path);
    expect(() => openStore(path)).toThrow(/not an awsmsg state file/);
    // not a byte written: not even the switch to WAL, which rewrites the header
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
    const check = new Database(path);
    expect(check.prepare("SELECT name FROM sqlite_schema WHERE type='table'").pluck().all()).toEqual(['customers']);
    check.close();
  });

  it('refuses a state file from a newer awsmsg', () => {
    const path = join(tmp(), 'new.db');
    openStore(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openStore(path)).toThrow(/newer awsmsg/);
  });

  it('migrates a file of an earlier schema forward, keeping its messages', () => {
    const path = join(tmp(), 'old.db');
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    for (const step of MIGRATIONS.slice(0, -1)) raw.exec(step);
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.pragma(`user_version = ${MIGRATIONS.length - 1}`);
    raw.exec(`INSERT INTO sqs_queues (id, region, account_id, name, arn, fifo, created_ms, modified_ms, attributes,
        visibility_timeout, delay_seconds, retention_seconds, maximum_message_size, receive_wait_seconds)
      VALUES (1, 'us-east-1', '000000000000', 'kept', 'arn:aws:sqs:us-east-1:000000000000:kept', 0, 0, 0, '{}', 30, 0, 345600, 262144, 0)`);
    raw.exec(`INSERT INTO sqs_messages (queue_id, message_id, body, md5_body, sent_ms, enqueued_ms, visible_ms)
      VALUES (1, 'm-1', 'still here', 'x', 0, 0, 0)`);
    raw.close();
    const store = openStore(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(store.db.prepare('SELECT body, pending_signature FROM sqs_messages').all()).toEqual([
      { body: 'still here', pending_signature: null },
    ]);
    store.close();
  });

  it('stops a process that runs on while a newer awsmsg migrates the file: writes fail, nothing is written', () => {
    const path = join(tmp(), 'running.db');
    const running = openStore(path);
    running.write(() => running.db.prepare("INSERT INTO meta (key, value) VALUES ('k', 'before')").run());
    const newer = new Database(path);
    newer.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    newer.close();
    expect(() => running.write(() => running.db.prepare("UPDATE meta SET value = 'after' WHERE key = 'k'").run())).toThrow(
      new RegExp(`changed to schema ${MIGRATIONS.length + 1} by another awsmsg while this one ran`),
    );
    // nor through a write inside a read, nor by moving the clock
    expect(() => running.read(() => running.write(() => running.db.prepare("UPDATE meta SET value = 'after' WHERE key = 'k'").run()))).toThrow(
      /start awsmsg again/,
    );
    expect(() => running.clock.advance(1000)).toThrow(/start awsmsg again/);
    expect(running.clock.offset()).toBe(0);
    expect(running.db.prepare("SELECT value FROM meta WHERE key = 'k'").pluck().get()).toBe('before');
    running.close();
  });

  it("is found from the environment it is given: --db, then AWSMSG_DB, then that environment's HOME", () => {
    expect(resolveStatePath('rel/x.db', { HOME: '/h', AWSMSG_DB: '/e.db' })).toBe(join(process.cwd(), 'rel', 'x.db'));
    expect(resolveStatePath(undefined, { HOME: '/h', AWSMSG_DB: '/e.db' })).toBe('/e.db');
    // (the shell's `export HOME=...` is its own environment, not the process's)
    expect(resolveStatePath(undefined, { HOME: '/elsewhere' })).toBe(join('/elsewhere', '.awsmsg', 'awsmsg.db'));
  });

  it('refuses a directory', () => {
    expect(() => openStore(tmp())).toThrow(/is a directory/);
  });
});

describe('write-ahead log', () => {
  /** Frames in the log since it last started over: what the next process to open the file reads. */
  function framesInLog(path: string): number {
    const other = new Database(path);
    try {
      // a PASSIVE checkpoint reports the log's frames and copies what it can
      return (other.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!.log;
    } finally {
      other.close(); // (not the last connection: the log stays)
    }
  }
  const writeRows = (store: ReturnType<typeof openStore>, n: number) => {
    for (let i = 0; i < n; i++) store.write(() => store.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(`k${i}`, 'x'.repeat(2000)));
  };

  it('stays as short as walCheckpointPages asks, where SQLite would let it grow to 1,000 pages', () => {
    const dir = tmp();
    const short = openStore(join(dir, 'short.db'), { walCheckpointPages: 20 });
    writeRows(short, 300);
    const long = openStore(join(dir, 'long.db'));
    writeRows(long, 300);
    expect(framesInLog(join(dir, 'long.db'))).toBeGreaterThan(300);
    expect(framesInLog(join(dir, 'short.db'))).toBeLessThanOrEqual(20 + 4);
    // and nothing was lost by checkpointing
    expect(short.db.prepare('SELECT count(*) FROM meta WHERE key LIKE ?').pluck().get('k%')).toBe(300);
    short.close();
    long.close();
  });

  it("the command line's state file keeps it short", () => {
    const path = join(tmp(), 'cli.db');
    const session = createSession();
    writeRows(session.store(path), 300);
    expect(framesInLog(path)).toBeLessThanOrEqual(100 + 4);
    session.close();
  });
});

describe('clock', () => {
  it('runs with real time plus an offset shared through the file', () => {
    let real = 1_000_000;
    const path = join(tmp(), 'c.db');
    const a = openStore(path, { realNow: () => real });
    const b = openStore(path, { realNow: () => real });
    expect(a.clock.now()).toBe(1_000_000);
    a.clock.advance(31_000);
    expect(b.clock.now()).toBe(1_031_000);
    real += 5;
    expect(b.clock.now()).toBe(1_031_005);
    expect(() => a.clock.advance(-1)).toThrow(new LocalError('invalid-input', 'The clock only moves forward.'));
    a.close();
    b.close();
  });

  it('never passes 2400-01-01: a longer advance fails as invalid input and stores nothing', () => {
    const real = Date.UTC(2026, 0, 1);
    const store = openStore(join(tmp(), 'far.db'), { realNow: () => real });
    const left = MAX_CLOCK_MS - real;
    for (const ms of [left + 1, 8.64e15, Infinity]) {
      const e = (() => {
        try {
          store.clock.advance(ms);
        } catch (err) {
          return err as LocalError;
        }
      })();
      expect(e).toBeInstanceOf(LocalError);
      expect(e!.kind).toBe('invalid-input');
      expect(e!.message).toContain(`It can move at most ${Math.floor(left / 86_400_000)}d more.`);
      expect(store.clock.offset()).toBe(0);
    }
    expect(store.clock.advance(left)).toBe(MAX_CLOCK_MS);
    expect(new Date(store.clock.now()).toISOString()).toBe('2400-01-01T00:00:00.000Z');
    store.close();
  });

  it('reads an offset stored out of range (by an older awsmsg) as standing at the bound; a damaged one is refused', () => {
    const path = join(tmp(), 'old.db');
    let real = Date.UTC(2026, 0, 1);
    const store = openStore(path, { realNow: () => real });
    store.db.prepare("INSERT INTO meta VALUES ('clock_offset_ms', '8641796629257653')").run();
    expect(store.clock.now()).toBe(MAX_CLOCK_MS);
    expect(store.clock.offset()).toBe(MAX_CLOCK_MS - real);
    real += 1000;
    expect(store.clock.now()).toBe(MAX_CLOCK_MS);
    expect(store.clock.advance(0)).toBe(MAX_CLOCK_MS);
    expect(() => store.clock.advance(1)).toThrow(/It can move at most 0ms more/);
    store.db.prepare("UPDATE meta SET value = 'soon' WHERE key = 'clock_offset_ms'").run();
    expect(() => store.clock.now()).toThrow(new LocalError('state-file', `The clock of the state file ${path} is damaged (its offset is 'soon', not a number of milliseconds).`));
    store.close();
  });

  it.each([
    ['31s', 31_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1500ms', 1500],
    ['10', 10_000],
    ['1.5s', 1500],
  ])('parses %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', 'abc', '-5s', '5w', '5 s s'])('rejects %j', (text) => expect(parseDuration(text)).toBeUndefined());
});
