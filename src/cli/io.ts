import { writeSync } from 'node:fs';
import type { Ctx } from '../core/context.js';
import type { Store } from '../store/db.js';
import { openStore } from '../store/db.js';
import { isTerminal } from './terminal.js';

/** Where a command writes, what it can see of its terminal, and its environment. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  stdinIsTTY: boolean;
  /** terminal width when stdout is a terminal */
  columns?: number;
  /** aborted on Ctrl-C: long polls, waiters and watchers stop */
  readonly signal: AbortSignal;
  /**
   * Whether Ctrl-C has aborted the signal, without making it where it is made on first use
   * (a command's process): nothing that never asked for the signal can have been stopped.
   */
  interrupted?(): boolean;
  /** told how an AWS operation ended (the shell and the guide add hints for learners) */
  observe?(event: CommandEvent): void;
}

/** How one AWS operation of a command ended: its result, or the error the command printed. */
export interface CommandEvent {
  service?: string;
  operation?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: unknown;
  /** the state the command used, when it opened one */
  ctx?: Ctx;
}

/**
 * Standard output and error are written synchronously, whole, in the order the writes are
 * made. Node writes to a pipe asynchronously once the pipe is full (64 KiB on Linux): with
 * `2>&1`, the rest of a long error would then reach the pipe after the output of the next
 * command of a script. Writing each text completely before returning keeps one command's
 * output and errors together and in order, and a process's last words are never lost.
 */
export function writeAll(fd: number, text: string): void {
  let bytes = Buffer.from(text, 'utf8');
  let waits = 0;
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(fd, bytes));
      waits = 0;
    } catch (e) {
      // a descriptor left non-blocking (by this process's own stream, or the reader's)
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(pause, 0, 0, Math.min(++waits, 20));
    }
  }
}
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Whether the command was stopped by Ctrl-C (or SIGTERM) while something waited. */
export const wasInterrupted = (io: Io): boolean => (io.interrupted ? io.interrupted() : io.signal.aborted);

/**
 * The process's own Io. `signal` makes its AbortSignal when first asked for (by a long poll,
 * a waiter, a watcher), and `interrupted` asks without making it.
 */
export function processIo(stopper: { signal(): AbortSignal; interrupted(): boolean }): Io {
  const io: Io = {
    out: (t) => {
      try {
        writeAll(1, t);
      } catch (e) {
        // A reader that stops early (`| head`) closes the pipe: the output was wanted only
        // so far, so end quietly instead of with a write error.
        if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
        throw e;
      }
    },
    err: (t) => {
      try {
        writeAll(2, t);
      } catch {
        // nowhere left to say it
      }
    },
    env: process.env,
    ...terminalOf(),
    get signal() {
      return stopper.signal();
    },
  };
  // Not enumerable: an Io made from this one with a signal of its own ({ ...io, signal }, as
  // the shell makes one per line) must be asked about its own signal, not about the process.
  Object.defineProperty(io, 'interrupted', { value: stopper.interrupted, enumerable: false });
  return io;
}

function terminalOf(): Pick<Io, 'stdoutIsTTY' | 'stdinIsTTY' | 'columns'> {
  const stdoutIsTTY = isTerminal(1);
  return {
    stdoutIsTTY,
    // asked of the descriptor, not process.stdin.isTTY: a command that never reads its input
    // does not pay for creating the stdin stream
    stdinIsTTY: isTerminal(0),
    // (asked only of a terminal: creating process.stdout for a pipe would make it non-blocking)
    columns: stdoutIsTTY ? process.stdout.columns : undefined,
  };
}

/**
 * The state files a run has open. A shell command opens one and exits; the REPL keeps its
 * session for every line it runs.
 */
export interface Session {
  store(path: string): Store;
  /** Before the process ends without closing its state files: leaves their logs short for the next process (Store.trimLog). */
  settle(): void;
  close(): void;
}

/**
 * Log pages a command's commit leaves before it checkpoints, and before the command empties
 * the log as it ends (Session.settle). Each awsmsg command is a process of its own and reads
 * the whole log as it opens the file (about 3 µs a page): at SQLite's 1,000 pages that is up
 * to 3 ms a command; at 100 a tenth of it, for a checkpoint (a copy of at most 100 pages and
 * two fsyncs) every few dozen commands.
 */
const WAL_CHECKPOINT_PAGES = 100;

export function createSession(): Session {
  const stores = new Map<string, Store>();
  return {
    store(path) {
      let s = stores.get(path);
      if (!s) {
        s = openStore(path, { walCheckpointPages: WAL_CHECKPOINT_PAGES });
        stores.set(path, s);
      }
      return s;
    },
    settle() {
      for (const s of stores.values()) s.trimLog(WAL_CHECKPOINT_PAGES);
    },
    close() {
      for (const s of stores.values()) s.close();
      stores.clear();
    },
  };
}
