/**
 * What the real-client suites (test/server/clients-*.test.ts) share: a server on a fresh state
 * file in a temporary directory, the clock endpoint, dummy credentials, and bin/awsmsg run
 * against the same state file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// the package's own entry (dist, built by `npm test`'s pretest), as a user's test suite imports it
import { startServer, type RunningServer } from 'awsmsg';
import { BIN, type CliResult } from '../helpers/cli.js';

export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';
export const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

export interface TestServer {
  url: string;
  port: number;
  dir: string;
  db: string;
  server: RunningServer;
  /** moves the state file's clock through POST /_awsmsg/clock */
  advance(duration: string): Promise<void>;
  /** the state file's clock (GET /_awsmsg/clock), epoch milliseconds */
  now(): Promise<number>;
  /** runs bin/awsmsg on the server's state file (synchronously) */
  cli(args: readonly string[], opts?: { input?: string }): CliResult;
  /** runs bin/awsmsg on the server's state file in the background */
  cliAsync(args: readonly string[]): Promise<CliResult>;
  /** an environment for child processes: dummy credentials, no config files, the state file */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'awsmsg-clients-'));
  const db = join(dir, 'state.db');
  // CLIENTS_LOG=1 prints the server's log line per request (when a test needs looking into)
  const log = process.env.CLIENTS_LOG ? (line: string) => process.stderr.write(`${line}\n`) : undefined;
  const server = await startServer({ port: 0, host: '127.0.0.1', db, log });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    TZ: 'UTC',
    AWSMSG_DB: db,
    AWS_CONFIG_FILE: join(dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'),
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: REGION,
    AWS_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
  return {
    url: server.url,
    port: server.port,
    dir,
    db,
    server,
    env,
    async advance(duration) {
      const res = await fetch(`${server.url}/_awsmsg/clock`, { method: 'POST', body: JSON.stringify({ advance: duration }) });
      if (res.status !== 200) throw new Error(`clock advance failed: ${res.status} ${await res.text()}`);
    },
    async now() {
      const res = await fetch(`${server.url}/_awsmsg/clock`);
      return Date.parse(((await res.json()) as { now: string }).now);
    },
    cli(args, opts = {}) {
      const r = spawnSync(process.execPath, [BIN, ...args], { env, input: opts.input ?? '', encoding: 'utf8', cwd: dir });
      return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    cliAsync(args) {
      return runChild(process.execPath, [BIN, ...args], env, dir);
    },
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A child process to completion, its output collected. */
export function runChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string, input?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) => resolve({ status: -1, stdout, stderr: stderr + String(e) }));
    child.on('close', (code, signal) => resolve({ status: code ?? (signal ? 128 : -1), stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** A queue URL in the form the server hands out (pointing at the server). */
export const serverQueueUrl = (url: string, name: string): string => `${url}/${ACCOUNT}/${name}`;
/** The AWS form of a queue URL, as the command line prints it. */
export const awsQueueUrl = (name: string): string => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;

/**
 * MD5OfMessageAttributes as AWS documents it, written here independently of the server's
 * code: names sorted; per attribute the length-prefixed name, the length-prefixed DataType, a
 * transport byte (1 text, 2 binary) and the length-prefixed value.
 */
export function attributesMd5(
  attributes: Record<string, { DataType?: string; StringValue?: string; BinaryValue?: Uint8Array | Buffer | string }>,
): string {
  const parts: Buffer[] = [];
  const prefixed = (b: Buffer): void => {
    const n = Buffer.alloc(4);
    n.writeUInt32BE(b.length);
    parts.push(n, b);
  };
  for (const name of Object.keys(attributes).sort()) {
    const a = attributes[name]!;
    prefixed(Buffer.from(name, 'utf8'));
    prefixed(Buffer.from(a.DataType!, 'utf8'));
    if (a.DataType!.startsWith('Binary')) {
      parts.push(Buffer.from([2]));
      const v = a.BinaryValue!;
      prefixed(typeof v === 'string' ? Buffer.from(v, 'base64') : Buffer.from(v));
    } else {
      parts.push(Buffer.from([1]));
      prefixed(Buffer.from(a.StringValue!, 'utf8'));
    }
  }
  return createHash('md5').update(Buffer.concat(parts)).digest('hex');
}

export const md5 = (s: string | Buffer): string => createHash('md5').update(s).digest('hex');
