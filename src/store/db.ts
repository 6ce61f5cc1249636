import Database from 'better-sqlite3';
import { accessSync, closeSync, constants as fsConstants, existsSync, lstatSync, mkdirSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { LocalError } from '../core/errors.js';
import { errnoCode, fsReason } from '../core/fsErrors.js';
import { homeDir } from '../core/nodeOs.js';
import { createClock, type Clock } from './clock.js';
import { MIGRATIONS } from './migrations.js';

/** PRAGMA application_id of an awsmsg state file ("awms"). */
export const APPLICATION_ID = 0x61776d73;
const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * better-sqlite3's JavaScript is bundled with the command line (src/build.mjs); its native
 * addon is loaded from the installed package only when a state file is opened, straight from
 * its build directory rather than through the `bindings` package's search of a dozen paths.
 */
// (node:module only where there is no `require`: loading it costs a command start-up time)
const requireCjs: NodeJS.Require = typeof require === 'function' ? require : process.getBuiltinModule('node:module').createRequire(import.meta.url);
const ADDON = join('build', 'Release', 'better_sqlite3.node');
// better-sqlite3 takes the loaded addon itself as nativeBinding too (its types name only a path)
let sqlite: { Sqlite: typeof Database; nativeBinding?: string } | undefined;
function loadSqlite(): { Sqlite: typeof Database; nativeBinding?: string } {
  if (!sqlite) {
    const addon = addonAt(addonBesideBundle()) ?? addonAt(addonResolved());
    // An addon built elsewhere: the installed package finds it the usual way.
    sqlite = addon ? { Sqlite: Database, nativeBinding: addon as string } : { Sqlite: requireCjs('better-sqlite3') as typeof Database };
  }
  return sqlite;
}

/**
 * Where this package's own install put the addon, found from the bundle's path: a bundle is
 * <package>/dist/<folder>/<name>.cjs, and Node's module resolution would look in
 * <package>/node_modules first too. Resolving it by name instead reads package.json files up
 * the tree: a millisecond and a half of every command.
 */
function addonBesideBundle(): string | undefined {
  if (typeof __filename !== 'string' || !__filename.endsWith('.cjs')) return undefined;
  const dist = dirname(dirname(__filename));
  return basename(dist) === 'dist' ? join(dirname(dist), 'node_modules', 'better-sqlite3', ADDON) : undefined;
}

/** Where Node's module resolution finds the package (installed beside awsmsg, not in it; linked from anywhere). */
function addonResolved(): string | undefined {
  try {
    return join(dirname(requireCjs.resolve('better-sqlite3/package.json')), ADDON);
  } catch {
    return undefined;
  }
}

/**
 * The addon at path, loaded; undefined if there is none. One that is there but does not load
 * (built for another Node.js) is left to better-sqlite3 as a path, which fails on first use
 * with its own message, where the state file is opened and the failure is reported.
 */
function addonAt(path: string | undefined): object | string | undefined {
  if (path === undefined || !existsSync(path)) return undefined;
  const addon = { exports: {} };
  try {
    process.dlopen(addon, path);
  } catch {
    return path;
  }
  return addon.exports;
}

/** A bare better-sqlite3 connection, not a state file: the benchmarks' raw-SQLite baselines. */
export function openRawDatabase(path: string): Database.Database {
  const { Sqlite, nativeBinding } = loadSqlite();
  return new Sqlite(path, { nativeBinding });
}

export interface Store {
  readonly db: Database.Database;
  readonly path: string;
  readonly clock: Clock;
  /**
   * Why the file cannot be written, when it cannot: it was read into memory, and any change
   * fails with a LocalError that names the file and says why (except within `looking`).
   */
  readonly readOnly?: string;
  /**
   * Runs fn (sync or async) as a caller that only looks (a Get, List or Describe, `status`):
   * on a read-only file, what it brings up to date from the clock (expired messages, a
   * stream's CREATING ended) changes the copy in memory instead of failing. Elsewhere, fn().
   */
  looking<T>(fn: () => T): T;
  /** Runs fn in a BEGIN IMMEDIATE transaction (a savepoint when already in one). */
  write<T>(fn: () => T): T;
  /** Runs fn in a deferred transaction: a consistent snapshot for reads. */
  read<T>(fn: () => T): T;
  /** A prepared statement, prepared once per store. */
  stmt<P extends unknown[] | {} = unknown[], R = unknown>(sql: string): Database.Statement<P, R>;
  /** Changes whenever another connection commits to the file (for long polling). */
  dataVersion(): number;
  /**
   * Says that something a waiter may be waiting on changed in this process ("sqs:<queue id>"
   * when a message is stored or made visible). Nothing happens unless someone listens: a
   * server's long polls do (src/server/changes.ts).
   */
  touch(topic: string): void;
  /** Listens to touch(); returns the function that stops listening. */
  onTouch(listener: (topic: string) => void): () => void;
  /**
   * For a process about to end without closing the file (a command): once the write-ahead
   * log holds `maxPages` pages, copies it into the file and empties it, if no other process
   * is reading or writing at that moment (it never waits for one). See trimLog below.
   */
  trimLog(maxPages: number): void;
  close(): void;
}

/** The state file the user asked for: --db, then AWSMSG_DB, then ~/.awsmsg/awsmsg.db. */
export function resolveStatePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.AWSMSG_DB) return resolve(env.AWSMSG_DB);
  return join(homeDir(env), '.awsmsg', 'awsmsg.db');
}

export interface OpenOptions {
  /** real time source; tests may pass their own */
  realNow?: () => number;
  /** milliseconds a writer waits for another process's lock */
  busyTimeoutMs?: number;
  /**
   * Pages the write-ahead log may hold before a commit copies them into the file (SQLite's
   * wal_autocheckpoint; SQLite's own default is 1,000). A process that opens the file while
   * no other has it open reads the whole log first, about 3 µs a page here, so commands that
   * each run in a process of their own start sooner with a short log.
   */
  walCheckpointPages?: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 15_000;

/**
 * Opens a state file, creating and migrating it on first use. Where the file cannot be
 * written (a read-only file system, a directory or file without write permission), it is
 * opened read-only: commands that only read work, and the first write fails with a message
 * that names the file and says why.
 */
export function openStore(path: string, opts: OpenOptions = {}): Store {
  const busyTimeoutMs = opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  if (path === ':memory:') return makeStore(openWritable(path, busyTimeoutMs, false), path, opts.realNow);
  const file = prepareFile(path);
  if (file.readOnly !== undefined) return makeStore(openReadOnly(path, file.readOnly), path, opts.realNow, file.readOnly);
  const db = openWritable(path, busyTimeoutMs, file.wal);
  if (opts.walCheckpointPages !== undefined) db.exec(`PRAGMA wal_autocheckpoint = ${Math.max(1, Math.trunc(opts.walCheckpointPages))}`);
  return makeStore(db, path, opts.realNow);
}

function openWritable(path: string, busyTimeoutMs: number, inWal: boolean): Database.Database {
  let db: Database.Database;
  try {
    const { Sqlite, nativeBinding } = loadSqlite();
    db = new Sqlite(path, { fileMustExist: path !== ':memory:', nativeBinding, timeout: busyTimeoutMs });
  } catch (e) {
    throw stateFileError(path, e);
  }
  try {
    // Every step may meet another process's lock; some (the switch to WAL, a WAL index being
    // rebuilt) report SQLITE_BUSY without waiting out the busy timeout. Each step is safe to
    // repeat, so the whole first open is retried until the busy timeout has passed.
    whileBusy(busyTimeoutMs, () => setUp(db, path, inWal));
  } catch (e) {
    db.close();
    throw e instanceof LocalError ? e : stateFileError(path, e);
  }
  return db;
}

/**
 * What the file is and what it needs, as one serialised step: a consistent look (one read
 * transaction) at application_id, user_version and the tables, so that a file another process
 * is migrating is never taken for another program's; then WAL; then, if the schema is behind,
 * the check again and the migration in one immediate transaction, which only one process at a
 * time can hold.
 */
function setUp(db: Database.Database, path: string, inWal: boolean): void {
  // Another program's database is refused before anything is written to it: switching it to
  // WAL would already rewrite its header.
  const version = db.transaction(() => schemaVersion(db, path)).deferred();
  if (!inWal && path !== ':memory:' && db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') {
    throw new LocalError('state-file', `Unable to use the state file ${path}: its file system does not support the write-ahead log SQLite needs.`);
  }
  db.pragma('synchronous = NORMAL');
  if (version === MIGRATIONS.length) return;
  db.transaction(() => {
    const now = schemaVersion(db, path); // another process may have migrated while we waited for the lock
    for (let v = now; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

/** Runs fn again while it fails with SQLITE_BUSY, backing off, until timeoutMs has passed. */
function whileBusy<T>(timeoutMs: number, fn: () => T): T {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 1; ; pause = Math.min(pause * 2, 100)) {
    try {
      return fn();
    } catch (e) {
      if (!isBusy(e) || Date.now() >= deadline) throw e;
      sleepSync(pause / 2 + Math.random() * pause);
    }
  }
}

const isBusy = (e: unknown): boolean => String((e as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY');

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Blocks the thread for ms: the first open is synchronous, as better-sqlite3 is. */
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * A state file that cannot be written, read into memory. SQLite cannot open a WAL-mode file
 * read-only unless the log's index (-shm) exists or can be created beside it, and a read
 * transaction must be able to take its locks; a copy in memory needs neither. The log, if
 * there is one, is read through its index (which SQLite can use read-only when it exists)
 * and the whole database serialised; a file without a log is complete in itself and is read
 * as it is. The copy refuses every change (query_only) except where a caller only looks
 * (Store.looking): there, what follows from the clock is brought up to date in memory.
 */
function openReadOnly(path: string, why: string): Database.Database {
  const { Sqlite, nativeBinding } = loadSqlite();
  let bytes: Buffer;
  try {
    if (logBytes(path) !== undefined) {
      const file = new Sqlite(path, { readonly: true, fileMustExist: true, nativeBinding });
      try {
        bytes = file.serialize();
      } finally {
        file.close();
      }
    } else {
      bytes = readFileSync(path);
    }
  } catch (e) {
    throw new LocalError('state-file', `Unable to read the state file ${path}: ${fsOrSqliteReason(e)} (and it cannot be written: ${why}).`);
  }
  let db: Database.Database;
  try {
    if (bytes.length >= 20) bytes[18] = bytes[19] = 1; // a rollback-journal database in memory: no log to look for
    db = new Sqlite(bytes, { nativeBinding });
  } catch (e) {
    throw stateFileError(path, e);
  }
  try {
    db.pragma('query_only = 1');
    const version = db.transaction(() => schemaVersion(db, path)).deferred();
    if (version !== MIGRATIONS.length) {
      throw new LocalError(
        'state-file',
        `Unable to use the state file ${path}: it needs ${version === 0 ? 'setting up' : `migrating from schema ${version} to ${MIGRATIONS.length}`}, and it cannot be written (${why}).`,
      );
    }
  } catch (e) {
    db.close();
    throw e instanceof LocalError ? e : stateFileError(path, e);
  }
  return db;
}

function makeStore(db: Database.Database, path: string, realNow?: () => number, readOnly?: string): Store {
  const statements = new Map<string, Database.Statement>();
  const touchListeners = new Set<(topic: string) => void>();
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  const userVersion = db.prepare('PRAGMA user_version').pluck();
  // One transaction wrapper for every call: better-sqlite3 builds a wrapper per db.transaction().
  const inTransaction = db.transaction(<T>(fn: () => T): T => fn());
  // A process that runs on (a REPL, a consumer) while a newer awsmsg migrates the file must
  // not write rows in the shape it knew: every write first checks the schema version.
  const writing = db.transaction(<T>(fn: () => T): T => {
    const version = userVersion.get() as number;
    if (version !== MIGRATIONS.length) throw schemaChanged(path, version);
    return fn();
  });
  // SQLite's own failures (a full disk, a file made read-only meanwhile) leave the store as
  // LocalErrors that name the file; what the operation throws (an AwsError) passes as it is.
  const guarded = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      throw isSqliteError(e) ? stateFileError(path, e, readOnly) : e;
    }
  };
  // a write inside a read is a savepoint of it: it checks the schema too
  const write = <T>(fn: () => T): T => guarded(() => (db.inTransaction ? writing(fn) : writing.immediate(fn)) as T);
  // A read-only file is a copy in memory that refuses changes (query_only), except while a
  // caller only looks: its changes are what follows from the clock, and stay in memory.
  let lookers = 0;
  const looking = <T>(fn: () => T): T => {
    if (readOnly === undefined) return fn();
    if (lookers++ === 0) db.pragma('query_only = 0');
    const done = (): void => {
      if (--lookers === 0) db.pragma('query_only = 1');
    };
    let result: T;
    try {
      result = fn();
    } catch (e) {
      done();
      throw e;
    }
    if (result instanceof Promise) return result.finally(done) as T;
    done();
    return result;
  };
  return {
    db,
    path,
    readOnly,
    looking,
    clock: createClock(db, realNow, write, path),
    write,
    read: <T>(fn: () => T): T => guarded(() => inTransaction.deferred(fn) as T),
    stmt<P extends unknown[] | {} = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
      let s = statements.get(sql);
      if (!s) {
        s = db.prepare(sql);
        statements.set(sql, s);
      }
      return s as unknown as Database.Statement<P, R>;
    },
    dataVersion: () => dataVersion.get() as number,
    touch(topic: string): void {
      for (const l of touchListeners) l(topic);
    },
    onTouch(listener: (topic: string) => void): () => void {
      touchListeners.add(listener);
      return () => void touchListeners.delete(listener);
    },
    trimLog: (maxPages) => {
      if (readOnly === undefined && path !== ':memory:' && !db.inTransaction) trimLog(db, path, maxPages);
    },
    close: () => db.close(),
  };
}

/** A log's header, and each frame's header before its page (SQLite's WAL format). */
const WAL_HEADER_BYTES = 32;
const WAL_FRAME_HEADER_BYTES = 24;

/**
 * Why a command empties the log before it ends. SQLite keeps in the -shm file which of the
 * log's pages are already copied into the database, and starts the log over only when a
 * connection that saw it fully copied writes again. A process that opens the file while no
 * other has it open cannot trust the -shm it finds: it reads the whole log again and counts
 * every page as not yet copied. So with commands that each end without closing the file, the
 * log never starts over: it grows by each command's pages for good, every command reads all
 * of it as it opens the file, and every commit past wal_autocheckpoint copies all of it again,
 * with two fsyncs. A log emptied (truncated) before the process ends is read in no time.
 *
 * TRUNCATE waits for other processes' readers and writers; with the busy timeout at 0 it
 * never waits: when another process holds the file just then, SQLite copies what it can (as
 * a PASSIVE checkpoint would) and leaves the log for a later command to empty. Nothing here
 * can fail the command: its commits are already in the log, whole.
 */
function trimLog(db: Database.Database, path: string, maxPages: number): void {
  const bytes = logBytes(path);
  if (bytes === undefined || bytes <= WAL_HEADER_BYTES) return;
  try {
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    if ((bytes - WAL_HEADER_BYTES) / (pageSize + WAL_FRAME_HEADER_BYTES) < maxPages) return;
    const timeout = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma('busy_timeout = 0');
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.pragma(`busy_timeout = ${timeout}`);
    }
  } catch {
    // (SQLITE_BUSY is reported in the pragma's row, not thrown; anything else leaves the log as it is)
  }
}

/**
 * The size of the state file's write-ahead log, or undefined when there is none. SQLite keeps
 * the log beside the file a symbolic link leads to, not beside the link.
 */
function logBytes(path: string): number | undefined {
  const size = (file: string): number | undefined => statSync(`${file}-wal`, { throwIfNoEntry: false })?.size;
  try {
    return size(path) ?? size(realpathSync.native(path));
  } catch {
    return undefined;
  }
}

/** What prepareFile found. */
interface FileState {
  /** already in WAL mode (header bytes 18 and 19 are 2), so opening it need not ask again */
  wal: boolean;
  /** why the file cannot be written, when it cannot: it is opened read-only */
  readOnly?: string;
}

/**
 * Creates the directory and an empty owner-only file, or checks that an existing file is
 * SQLite and whether it can be written.
 */
function prepareFile(path: string): FileState {
  const dir = dirname(path);
  try {
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!existsSync(path)) {
      if (!lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) {
        closeSync(openSync(path, 'wx', 0o600));
        return { wal: false };
      }
      // A symbolic link to a file not made yet ('wx' refuses the link itself): the file it
      // leads to is created, or opened as it is if another process made it meanwhile.
      closeSync(openSync(path, 'a', 0o600));
    }
  } catch (e) {
    // another process created it meanwhile: use theirs
    if (errnoCode(e) !== 'EEXIST') throw new LocalError('state-file', `Unable to create the state file ${path}: ${fsReason(e)}.`);
  }
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new LocalError('state-file', `Unable to read the state file ${path}: ${fsReason(e)}.`);
  }
  if (st.isDirectory()) throw new LocalError('state-file', `The state file ${path} is a directory.`);
  if (!st.isFile()) throw new LocalError('state-file', `The state file ${path} is not a regular file; refusing to use it.`);
  const readOnly = cannotWriteBecause(path);
  if (st.size === 0) return { wal: false, readOnly };
  const header = Buffer.alloc(20);
  try {
    const fd = openSync(path, 'r');
    try {
      readSync(fd, header, 0, 20, 0);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new LocalError('state-file', `Unable to read the state file ${path}: ${fsReason(e)}.`);
  }
  if (header.toString('latin1', 0, 16) !== SQLITE_HEADER) {
    throw new LocalError('state-file', `${path} is not an awsmsg state file; refusing to use it.`);
  }
  return { wal: header[18] === 2 && header[19] === 2, readOnly };
}

/**
 * Why the state file cannot be written here, or undefined if it can: SQLite writes the file
 * and, in WAL mode, its -wal and -shm files beside it, which it creates in the directory when
 * they are missing. (Asked of the system, so that root on a read-only file system and a
 * user without permission are both told.)
 */
function cannotWriteBecause(path: string): string | undefined {
  const problem = (p: string): unknown => {
    try {
      accessSync(p, fsConstants.W_OK);
      return undefined;
    } catch (e) {
      return e;
    }
  };
  const fileProblem = problem(path);
  if (fileProblem) return fsReason(fileProblem);
  const dir = dirname(path);
  const dirProblem = problem(dir);
  if (!dirProblem) return undefined;
  const companions = [`${path}-wal`, `${path}-shm`];
  if (companions.every((c) => existsSync(c) && !problem(c))) return undefined;
  return `its directory ${dir}: ${fsReason(dirProblem)}`;
}

/** The file's awsmsg schema version (0 for a new, empty file); fails for anything else. Reads only. */
function schemaVersion(db: Database.Database, path: string): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId !== APPLICATION_ID) {
    const tables = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").pluck().get() as number;
    if (appId !== 0 || version !== 0 || tables > 0) {
      throw new LocalError('state-file', `${path} is not an awsmsg state file; refusing to use it.`);
    }
  }
  if (version > MIGRATIONS.length) {
    throw new LocalError(
      'state-file',
      `The state file ${path} was written by a newer awsmsg (schema ${version}, this one knows ${MIGRATIONS.length}).`,
    );
  }
  return version;
}

function schemaChanged(path: string, version: number): LocalError {
  return new LocalError(
    'state-file',
    `The state file ${path} was changed to schema ${version} by another awsmsg while this one ran (it knows ${MIGRATIONS.length}); start awsmsg again.`,
  );
}

function cannotWrite(path: string, why: string): LocalError {
  return new LocalError('state-file', `Unable to write the state file ${path}: ${why}. Commands that only read work; this one writes.`);
}

export const isSqliteError = (e: unknown): boolean => String((e as { code?: unknown } | null)?.code ?? '').startsWith('SQLITE_');

/** SQLite's result codes, in words (no codes: they mean nothing to a user). */
function sqliteReason(code: string): string | undefined {
  if (code === 'SQLITE_FULL') return 'the disk is full';
  if (code.startsWith('SQLITE_IOERR')) return 'an input/output error';
  if (code === 'SQLITE_PERM' || code.startsWith('SQLITE_AUTH')) return 'permission denied';
  if (code === 'SQLITE_NOMEM') return 'out of memory';
  if (code.startsWith('SQLITE_READONLY')) return 'it is read-only (the file, or the directory that holds it, cannot be written)';
  if (code.startsWith('SQLITE_CANTOPEN')) return 'SQLite cannot open it (it, and the directory that holds it, must be readable and writable)';
  return undefined;
}

function fsOrSqliteReason(e: unknown): string {
  const code = String((e as { code?: unknown } | null)?.code ?? '');
  return sqliteReason(code) ?? fsReason(e);
}

/**
 * Turns an SQLite failure into the message a user can act on, naming the file. `readOnly`:
 * why the file was opened read-only, if it was.
 */
export function stateFileError(path: string, e: unknown, readOnly?: string): LocalError {
  if (e instanceof LocalError) return e;
  const code = String((e as { code?: unknown } | null)?.code ?? '');
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new LocalError('state-file', `The state file ${path} is corrupt or not an awsmsg state file.`);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new LocalError('state-file', `The state file ${path} is busy: another process held it too long.`);
  }
  if (code.startsWith('SQLITE_READONLY') && readOnly !== undefined) return cannotWrite(path, readOnly);
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) {
    // ask the system why, if it can say
    const why = existsSync(path) ? cannotWriteBecause(path) : undefined;
    const verb = code.startsWith('SQLITE_READONLY') ? 'write' : 'open';
    return new LocalError('state-file', `Unable to ${verb} the state file ${path}: ${why ?? sqliteReason(code)}.`);
  }
  const reason = sqliteReason(code);
  if (reason !== undefined) return new LocalError('state-file', `Unable to use the state file ${path}: ${reason}.`);
  // anything else SQLite says (a table missing from a damaged file, ...) is about the file
  const msg = (e as Error).message ?? String(e);
  return new LocalError('state-file', `The state file ${path} could not be used: ${msg}.`);
}
