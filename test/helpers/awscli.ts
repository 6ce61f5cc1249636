/**
 * The real AWS CLI for tests that compare with it: command lines run by the CLI's own driver
 * in one long-lived Python process (awscli_driver.py, a fresh driver per command), which saves
 * the second of start-up an `aws` process spends per command. Where `python3` cannot import
 * awscli, each command runs as an `aws` process instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { CliResult } from './cli.js';

export interface AwsCli {
  /** runs one command line (what follows `aws`); commands run one at a time, in order */
  run(args: readonly string[]): Promise<CliResult>;
  stop(): void;
}

export async function startAwsCli(env: NodeJS.ProcessEnv, cwd?: string): Promise<AwsCli> {
  const driver = await startDriver(env, cwd);
  if (driver) return driver;
  return {
    run: (args) => {
      const r = spawnSync('aws', [...args], { env, encoding: 'utf8', cwd });
      return Promise.resolve({ status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr });
    },
    stop: () => undefined,
  };
}

async function startDriver(env: NodeJS.ProcessEnv, cwd?: string): Promise<AwsCli | undefined> {
  const script = fileURLToPath(new URL('./awscli_driver.py', import.meta.url));
  const child = spawn('python3', [script], { env, cwd, stdio: ['pipe', 'pipe', 'ignore'] });
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string | undefined) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  child.on('close', () => waiting.splice(0).forEach((w) => w(undefined)));
  child.on('error', () => waiting.splice(0).forEach((w) => w(undefined)));
  const next = () => new Promise<string | undefined>((resolve) => waiting.push(resolve));
  const ready = await next();
  if (!ready?.includes('"ready"')) return undefined;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    run(args) {
      const result = queue.then(async () => {
        const reply = next();
        child.stdin!.write(`${JSON.stringify(args)}\n`);
        const line = await reply;
        if (line === undefined) throw new Error('the AWS CLI driver stopped');
        return JSON.parse(line) as CliResult;
      });
      queue = result.catch(() => undefined);
      return result;
    },
    stop: () => void child.kill('SIGTERM'),
  };
}
