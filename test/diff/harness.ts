/**
 * The differential suite's harness: the same AWS CLI command lines run through the real AWS
 * CLI against moto_server and through awsmsg, outputs normalised (ids, URLs, times) and
 * compared. Both tools are on this machine; where either is missing the suite says so and
 * skips. moto is wrong in known places (../shared/AWS-NOTES.md): those cases assert AWS's
 * documented behaviour for awsmsg instead of equality.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliSandbox, type CliResult, type CliSandbox } from '../helpers/cli.js';

export function which(tool: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Why the suite cannot run here, or undefined when it can. */
export function missingTools(): string | undefined {
  const missing = ['aws', 'moto_server'].filter((t) => !which(t));
  return missing.length ? `differential suite skipped: ${missing.join(' and ')} not found on PATH` : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface Differential {
  aws(args: string[]): CliResult;
  awsmsg(args: string[]): CliResult;
  /** both, normalised */
  both(args: string[]): { aws: CliResult; awsmsg: CliResult };
  sandbox: CliSandbox;
  stop(): Promise<void>;
}

export async function startDifferential(): Promise<Differential> {
  const port = await freePort();
  const moto: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitForPort(port);
  const sandbox = cliSandbox();
  const awsConfig = join(sandbox.dir, 'aws-config');
  writeFileSync(awsConfig, '[default]\nregion = us-east-1\noutput = json\n');
  const awsEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: sandbox.dir,
    AWS_CONFIG_FILE: awsConfig,
    AWS_SHARED_CREDENTIALS_FILE: join(sandbox.dir, 'no-credentials'),
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_DEFAULT_REGION: 'us-east-1',
    TZ: 'UTC',
  };
  const aws = (args: string[]): CliResult => {
    const r = spawnSync('aws', ['--endpoint-url', endpoint, ...args], { env: awsEnv, encoding: 'utf8', cwd: sandbox.dir });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const awsmsg = (args: string[]): CliResult => sandbox.run(args);
  return {
    aws,
    awsmsg,
    both: (args) => ({ aws: normalise(aws(args), port), awsmsg: normalise(awsmsg(args), port) }),
    sandbox,
    async stop() {
      moto.kill('SIGTERM');
      sandbox.cleanup();
    },
  };
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      fetch(`http://127.0.0.1:${port}/`).then(
        () => resolve(true),
        () => resolve(false),
      );
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('moto_server did not start');
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Replaces what legitimately differs between two runs: endpoints, account ids, ids, times. */
export function normalise(r: CliResult, port: number): CliResult {
  const fix = (s: string) =>
    s
      .replaceAll(`http://127.0.0.1:${port}`, 'https://sqs.us-east-1.amazonaws.com')
      .replace(/https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com/g, 'https://sqs.$1.amazonaws.com')
      .replace(/\b(123456789012|000000000000)\b/g, '<account>')
      .replace(UUID, '<uuid>')
      .replace(/\b1[6-9]\d{8}(\.\d+)?\b/g, '<epoch>')
      .replace(/\b1[6-9]\d{11}\b/g, '<epoch-ms>')
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g, '<time>')
      .replace(/"ReceiptHandle": "[^"]+"/g, '"ReceiptHandle": "<handle>"');
  return { status: r.status === 0 ? 0 : 1, stdout: fix(r.stdout), stderr: fix(r.stderr) };
}
