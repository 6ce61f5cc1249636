import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'awsmsg');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** A command's JSON output, after checking that it succeeded (its error output says why not). */
export function okJson(r: CliResult): any {
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
}

/** A throwaway home for CLI tests: its own state file and an empty AWS config. */
export interface CliSandbox {
  dir: string;
  db: string;
  env: NodeJS.ProcessEnv;
  /** runs bin/awsmsg synchronously with the sandbox's state file */
  run(args: string[], opts?: { input?: string; env?: NodeJS.ProcessEnv }): CliResult;
  /** runs bin/awsmsg in the background */
  start(args: string[], opts?: { env?: NodeJS.ProcessEnv }): Promise<CliResult> & { pid?: number; kill(): void };
  cleanup(): void;
}

export function cliSandbox(): CliSandbox {
  const dir = mkdtempSync(join(tmpdir(), 'awsmsg-cli-'));
  const db = join(dir, 'state.db');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'aws-config'),
    AWSMSG_DB: db,
    TZ: 'UTC',
  };
  return {
    dir,
    db,
    env,
    run(args, opts = {}) {
      const r = spawnSync(process.execPath, [BIN, ...args], {
        env: { ...env, ...opts.env },
        input: opts.input ?? '',
        encoding: 'utf8',
        cwd: dir,
      });
      return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    start(args, opts = {}) {
      const child = spawn(process.execPath, [BIN, ...args], { env: { ...env, ...opts.env }, cwd: dir });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const done = new Promise<CliResult>((resolve) =>
        child.on('close', (code, signal) => resolve({ status: code ?? (signal ? 128 : -1), stdout, stderr })),
      );
      return Object.assign(done, { pid: child.pid, kill: () => void child.kill('SIGKILL') });
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
