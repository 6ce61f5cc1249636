/**
 * The shell's interpreter in this process, on a state file of its own whose clock stands
 * still (only `clock advance` moves it), with everything it prints kept.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Io, Session } from '../../src/cli/io.js';
import { Shell, type ShellOptions } from '../../src/repl/interp.js';
import { openStore, type Store } from '../../src/store/db.js';

export interface ShellRun {
  status: number;
  exit?: boolean;
  out: string;
  err: string;
}

export interface ShellSandbox {
  dir: string;
  shell: Shell;
  run(text: string): Promise<ShellRun>;
  cleanup(): void;
}

const FROZEN = Date.UTC(2026, 0, 1);

export function shellSandbox(opts: Partial<ShellOptions> = {}): ShellSandbox {
  const dir = mkdtempSync(join(tmpdir(), 'awsmsg-shell-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'aws-config'),
    AWSMSG_DB: join(dir, 'state.db'),
    TZ: 'UTC',
  };
  const stores = new Map<string, Store>();
  const session: Session = {
    store: (path) => {
      let s = stores.get(path);
      if (!s) stores.set(path, (s = openStore(path, { realNow: () => FROZEN })));
      return s;
    },
    settle: () => stores.forEach((s) => s.trimLog(100)),
    close: () => stores.forEach((s) => s.close()),
  };
  const shell = new Shell({ baseArgs: [], session, direct: false, childStdin: 'ignore', ...opts }, env);
  return {
    dir,
    shell,
    async run(text) {
      let out = '';
      let err = '';
      const io: Io = {
        out: (t) => void (out += t),
        err: (t) => void (err += t),
        env: shell.env(),
        stdoutIsTTY: false,
        stdinIsTTY: false,
        signal: new AbortController().signal,
      };
      const prev = process.cwd();
      process.chdir(dir);
      try {
        const r = await shell.run(text, io);
        return { ...r, out, err };
      } finally {
        process.chdir(prev);
      }
    },
    cleanup() {
      session.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
