import { isatty } from 'node:tty';
import type { Ctx } from '../core/context.js';
import type { Store } from '../store/db.js';
import { openStore } from '../store/db.js';

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
  signal: AbortSignal;
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

export function processIo(signal: AbortSignal): Io {
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    // isatty(0), not process.stdin.isTTY: a command that never reads its input does not
    // pay for creating the stdin stream
    stdinIsTTY: isatty(0),
    columns: process.stdout.columns,
    signal,
  };
}

/**
 * The state files a run has open. A shell command opens one and exits; the REPL keeps its
 * session for every line it runs.
 */
export interface Session {
  store(path: string): Store;
  close(): void;
}

export function createSession(): Session {
  const stores = new Map<string, Store>();
  return {
    store(path) {
      let s = stores.get(path);
      if (!s) {
        s = openStore(path);
        stores.set(path, s);
      }
      return s;
    },
    close() {
      for (const s of stores.values()) s.close();
      stores.clear();
    },
  };
}
