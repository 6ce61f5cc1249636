/**
 * Endpoints for the remote-target tests, all on loopback: `awsmsg serve` in a process of its
 * own (bin/awsmsg serve --port 0), and moto_server when it is installed (skipped with the
 * reason printed when it is not). Both use the account 000000000000, as the README's
 * walk-throughs do.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../helpers/cli.js';

export interface Endpoint {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function stopper(child: ChildProcess, dir?: string): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const ended = new Promise((r) => child.once('close', r));
      child.kill('SIGTERM');
      await ended;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}

/** `awsmsg serve` on a free port, over a state file of its own (or `db`). */
export async function startServe(opts: { db?: string; args?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<Endpoint & { db: string }> {
  const dir = opts.db ? undefined : mkdtempSync(join(tmpdir(), 'awsmsg-serve-'));
  const db = opts.db ?? join(dir!, 'server.db');
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', db, '--quiet', ...(opts.args ?? [])], {
    env: { PATH: process.env.PATH, HOME: dir ?? tmpdir(), AWS_CONFIG_FILE: '/nonexistent', TZ: 'UTC', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /export AWS_ENDPOINT_URL=(\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.once('close', (code) => reject(new Error(`awsmsg serve ended (${code}): ${out}`)));
  });
  return { url, port: Number(new URL(url).port), db, stop: stopper(child, dir) };
}

export function which(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

/** Why moto tests cannot run here (printed), or undefined. */
export function motoMissing(file: string): string | undefined {
  if (which('moto_server')) return undefined;
  const reason = `${file}: moto_server not found on PATH; its half of the remote tests is skipped`;
  console.log(reason);
  return reason;
}

/** moto_server on a free loopback port, every request in account 000000000000. */
export async function startMoto(): Promise<Endpoint> {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_ACCOUNT_ID: '000000000000' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`${url}/moto-api/`).then(
      () => true,
      () => false,
    );
    if (ok) break;
    if (i > 150 || child.exitCode !== null) throw new Error('moto_server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port, stop: stopper(child) };
}

/** The environment of a CLI run against an endpoint: known credentials, nothing from the host. */
export function remoteEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: dir,
    TZ: 'UTC',
    AWS_CONFIG_FILE: join(dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'),
    AWSMSG_DB: join(dir, 'local.db'),
    AWS_ACCESS_KEY_ID: '000000000000',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_DEFAULT_REGION: 'us-east-1',
    ...extra,
  };
}
