import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { LocalError } from '../core/errors.js';
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
const requireCjs: NodeJS.Require = typeof require === 'function' ? require : createRequire(import.meta.url);
let sqlite: { Sqlite: typeof Database; nativeBinding?: string } | undefined;
function loadSqlite(): { Sqlite: typeof Database; nativeBinding?: string } {
  if (!sqlite) {
    let built: string | undefined;
    try {
      built = join(dirname(requireCjs.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    } catch {
      built = undefined;
    }
    // An addon built elsewhere: the installed package finds it the usual way.
    sqlite = built && existsSync(built) ? { Sqlite: Database, nativeBinding: built } : { Sqlite: requireCjs('better-sqlite3') as typeof Database };
  }
  return sqlite;
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
  /** Runs fn in a BEGIN IMMEDIATE transaction (a savepoint when already in one). */
  write<T>(fn: () => T): T;
  /** Runs fn in a deferred transaction: a consistent snapshot for reads. */
  read<T>(fn: () => T): T;
  /** A prepared statement, prepared once per store. */
  stmt<P extends unknown[] | {} = unknown[], R = unknown>(sql: string): Database.Statement<P, R>;
  /** Changes whenever another connection commits to the file (for long polling). */
  dataVersion(): number;
  close(): void;
}

/** The state file the user asked for: --db, then AWSMSG_DB, then ~/.awsmsg/awsmsg.db. */
export function resolveStatePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.AWSMSG_DB) return resolve(env.AWSMSG_DB);
  return join(homedir(), '.awsmsg', 'awsmsg.db');
}

export interface OpenOptions {
  /** real time source; tests may pass their own */
  realNow?: () => number;
  /** milliseconds a writer waits for another process's lock */
  busyTimeoutMs?: number;
}

export function openStore(path: string, opts: OpenOptions = {}): Store {
  const inWal = path !== ':memory:' && prepareFile(path);
  let db: Database.Database;
  try {
    const { Sqlite, nativeBinding } = loadSqlite();
    db = new Sqlite(path, { fileMustExist: path !== ':memory:', nativeBinding });
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 15_000}`);
  } catch (e) {
    throw stateFileError(path, e);
  }
  try {
    // Another program's database is refused before anything is written to it: switching it
    // to WAL would already rewrite its header.
    schemaVersion(db, path);
    if (!inWal) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db, path);
  } catch (e) {
    db.close();
    throw e instanceof LocalError ? e : stateFileError(path, e);
  }
  return makeStore(db, path, opts.realNow);
}

function makeStore(db: Database.Database, path: string, realNow?: () => number): Store {
  const statements = new Map<string, Database.Statement>();
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
  // a write inside a read is a savepoint of it: it checks the schema too
  const write = <T>(fn: () => T): T => (db.inTransaction ? writing(fn) : writing.immediate(fn)) as T;
  return {
    db,
    path,
    clock: createClock(db, realNow, write, path),
    write,
    read: <T>(fn: () => T): T => inTransaction.deferred(fn) as T,
    stmt<P extends unknown[] | {} = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
      let s = statements.get(sql);
      if (!s) {
        s = db.prepare(sql);
        statements.set(sql, s);
      }
      return s as unknown as Database.Statement<P, R>;
    },
    dataVersion: () => dataVersion.get() as number,
    close: () => db.close(),
  };
}

/**
 * Creates the directory and an empty owner-only file, or checks that an existing file is
 * SQLite. Returns whether the file is already in WAL mode (header bytes 18 and 19 are 2), so
 * that opening it need not ask again.
 */
function prepareFile(path: string): boolean {
  const dir = dirname(path);
  try {
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!existsSync(path)) {
      closeSync(openSync(path, 'wx', 0o600));
      return false;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false; // another process created it
    throw new LocalError('state-file', `Unable to create the state file ${path}: ${(e as Error).message}`);
  }
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new LocalError('state-file', `Unable to read the state file ${path}: ${(e as Error).message}`);
  }
  if (st.isDirectory()) throw new LocalError('state-file', `The state file ${path} is a directory.`);
  if (st.size === 0) return false;
  const header = Buffer.alloc(20);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new LocalError('state-file', `Unable to read the state file ${path}: ${(e as Error).message}`);
  }
  try {
    readSync(fd, header, 0, 20, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1', 0, 16) !== SQLITE_HEADER) {
    throw new LocalError('state-file', `${path} is not an awsmsg state file; refusing to use it.`);
  }
  return header[18] === 2 && header[19] === 2;
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

function migrate(db: Database.Database, path: string): void {
  const check = (): number => schemaVersion(db, path);
  if (check() === MIGRATIONS.length) return;
  db.transaction(() => {
    const version = check(); // another process may have migrated while we waited for the lock
    for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

function schemaChanged(path: string, version: number): LocalError {
  return new LocalError(
    'state-file',
    `The state file ${path} was changed to schema ${version} by another awsmsg while this one ran (it knows ${MIGRATIONS.length}); start awsmsg again.`,
  );
}

/** Turns an SQLite failure on open into the message a user can act on. */
export function stateFileError(path: string, e: unknown): LocalError {
  const code = (e as { code?: string }).code ?? '';
  const msg = (e as Error).message ?? String(e);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new LocalError('state-file', `The state file ${path} is corrupt or not an awsmsg state file (${msg}).`);
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') {
    return new LocalError('state-file', `Unable to write the state file ${path} (${msg}).`);
  }
  if (code === 'SQLITE_BUSY') {
    return new LocalError('state-file', `The state file ${path} is busy: another process held it too long.`);
  }
  return new LocalError('state-file', `State file ${path}: ${msg}`);
}
