/**
 * The differential suite's harness: the same AWS CLI command lines run through the real AWS
 * CLI against moto_server and through awsmsg, outputs normalised (ids, URLs, times) and
 * compared. Both tools are on this machine; where either is missing the suite says so and
 * skips. moto is wrong in known places (../shared/AWS-NOTES.md): those cases assert AWS's
 * documented behaviour for awsmsg instead of equality.
 *
 * awsmsg runs with account 123456789012, moto's, so ARNs in arguments and outputs are the same
 * on both sides. The AWS CLI runs through ../helpers/awscli.ts (its own driver in one Python
 * process).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startAwsCli } from '../helpers/awscli.js';
import { cliSandbox, type CliResult, type CliSandbox } from '../helpers/cli.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export type Side = 'aws' | 'awsmsg';
/** An argument that differs by side: a queue's URL, or a value CLI v1 and v2 take differently. */
export type Arg = string | { queueUrl: string } | { aws: string; awsmsg: string };
/** A command line, the same for both sides or built for each (receipt handles, iterators, blobs). */
export type Args = readonly Arg[] | ((side: Side) => string[]);

/** The queue's URL on each side. */
export const url = (name: string): Arg => ({ queueUrl: name });
/** CLI v1 takes blobs as raw text, v2 (awsmsg) as base64: the same bytes, written for each. */
export const blob = (text: string): Arg => ({ aws: text, awsmsg: Buffer.from(text).toString('base64') });

export function which(tool: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Why the suite cannot run here, or undefined when it can. */
export function missingTools(): string | undefined {
  const missing = ['aws', 'moto_server'].filter((t) => !which(t));
  return missing.length ? `differential suite skipped: ${missing.join(' and ')} not found on PATH` : undefined;
}

/** The reason a differential file skips, printed once; undefined when it runs. */
export function skipReason(file: string): string | undefined {
  const reason = missingTools();
  if (reason) console.log(`${file}: ${reason}`);
  return reason;
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

export interface Pair {
  aws: CliResult;
  awsmsg: CliResult;
}

export interface Differential {
  port: number;
  aws(args: readonly string[]): Promise<CliResult>;
  awsmsg(args: readonly string[]): Promise<CliResult>;
  /** both sides at once, raw */
  both(args: Args): Promise<Pair>;
  /** both sides at once, asserted to do the same (expectSame); the parsed, normalised outputs */
  same(args: Args, opts?: SameOptions): Promise<{ aws: any; awsmsg: any }>;
  /** the URL each side names a queue by (moto's own, AWS's form for awsmsg) */
  queueUrl(side: Side, name: string): string;
  sandbox: CliSandbox;
  stop(): Promise<void>;
}

export async function startDifferential(): Promise<Differential> {
  const port = await freePort();
  const moto: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitForPort(port);
  const sandbox = cliSandbox();
  sandbox.env.AWSMSG_ACCOUNT_ID = ACCOUNT;
  const awsConfig = join(sandbox.dir, 'aws-config-v1');
  writeFileSync(awsConfig, `[default]\nregion = ${REGION}\noutput = json\n`);
  const awsEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: sandbox.dir,
    AWS_CONFIG_FILE: awsConfig,
    AWS_SHARED_CREDENTIALS_FILE: join(sandbox.dir, 'no-credentials'),
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_DEFAULT_REGION: REGION,
    AWS_MAX_ATTEMPTS: '1',
    TZ: 'UTC',
  };
  const cli = await startAwsCli(awsEnv, sandbox.dir);
  const aws = (args: readonly string[]): Promise<CliResult> => cli.run(['--endpoint-url', endpoint, ...args]);
  const awsmsg = (args: readonly string[]): Promise<CliResult> => sandbox.start([...args]);
  const queueUrl = (side: Side, name: string) =>
    side === 'aws' ? `${endpoint}/${ACCOUNT}/${name}` : `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;
  const argsFor = (args: Args, side: Side): string[] =>
    typeof args === 'function'
      ? args(side)
      : args.map((a) => (typeof a === 'string' ? a : 'queueUrl' in a ? queueUrl(side, a.queueUrl) : a[side]));
  const both = async (args: Args): Promise<Pair> => {
    const [a, b] = await Promise.all([aws(argsFor(args, 'aws')), awsmsg(argsFor(args, 'awsmsg'))]);
    return { aws: a, awsmsg: b };
  };
  return {
    port,
    aws,
    awsmsg,
    both,
    same: async (args, opts) => expectSame(await both(args), port, opts),
    queueUrl,
    sandbox,
    async stop() {
      cli.stop();
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

/** Replaces, in a string, what legitimately differs between two runs: endpoints, ids, times. */
export function normaliseText(s: string, port: number): string {
  return s
    .replaceAll(`http://127.0.0.1:${port}`, `https://sqs.${REGION}.amazonaws.com`)
    .replace(UUID, '<uuid>')
    .replace(/^1[6-9]\d{8}(\.\d+)?$/, '<epoch>')
    .replace(/^1[6-9]\d{11}$/, '<epoch-ms>')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g, '<time>');
}

/** Text output: each tab- or line-separated field normalised on its own. */
export function normaliseFields(text: string, port: number): string {
  return text
    .split(/(\t|\n)/)
    .map((f) => normaliseText(f, port))
    .join('');
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return /^\s*[[{"]/.test(text);
  } catch {
    return false;
  }
}

/** The same for a parsed JSON document: strings normalised, receipt handles replaced. */
export function normaliseJson(value: unknown, port: number): unknown {
  if (typeof value === 'string') return normaliseText(value, port);
  if (Array.isArray(value)) return value.map((v) => normaliseJson(v, port));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === 'ReceiptHandle' ? '<handle>' : normaliseJson(v, port)]),
    );
  }
  return value;
}

/** The classic error line both CLIs print for a service error, or undefined. */
export function errorLine(stderr: string): { code: string; operation: string; message: string } | undefined {
  const m = /An error occurred \(([^)]+)\) when calling the (\w+) operation(?: \(reached max retries: \d+\))?: (.*)/.exec(stderr);
  return m ? { code: m[1]!, operation: m[2]!, message: m[3]! } : undefined;
}

export interface SameOptions {
  /** members whose values differ by design: replaced on both sides (one side without it still fails) */
  mask?: readonly string[];
  /** timestamp members: epoch numbers in CLI v1's output, ISO 8601 strings in v2's */
  timestamps?: readonly string[];
  /** where moto words an error differently: codes compared, and awsmsg's message must be this, AWS's */
  awsMessage?: string;
  /** lists AWS leaves out when empty where moto sends [] (SQS batch results' Failed) */
  absentWhenEmpty?: readonly string[];
}

const DROP = Symbol('drop');

function walk(value: unknown, visit: (key: string, v: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => walk(v, visit));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k, visit(k, v)] as const)
        .filter(([, v]) => v !== DROP)
        .map(([k, v]) => [k, walk(v, visit)]),
    );
  }
  return value;
}

function prepare(text: string, port: number, side: Side, opts: SameOptions): unknown {
  const parsed = normaliseJson(JSON.parse(text), port);
  return walk(parsed, (k, v) => {
    if (side === 'aws' && opts.absentWhenEmpty?.includes(k) && Array.isArray(v) && v.length === 0) return DROP;
    if (opts.mask?.includes(k)) return `<${k}>`;
    if (opts.timestamps?.includes(k)) {
      if (side === 'aws') expect(typeof v, `CLI v1 prints ${k} as epoch seconds`).toBe('number');
      else expect(v, `CLI v2 prints ${k} in ISO 8601`).toBe('<time>');
      return '<timestamp>';
    }
    return v;
  });
}

/**
 * Asserts that both sides did the same: both succeeded with equal output after normalising, or
 * both failed with the same error (v1 exits 255 for a service error, 255 for a parameter that
 * fails validation and 2 for a usage error; v2 254, 252 and 252). Returns both outputs, parsed,
 * for further checks.
 */
export function expectSame(pair: Pair, port: number, opts: SameOptions = {}): { aws: any; awsmsg: any } {
  const { aws, awsmsg } = pair;
  const context = `aws: ${aws.status} ${aws.stderr.trim()}\nawsmsg: ${awsmsg.status} ${awsmsg.stderr.trim()}`;
  if (aws.status === 0) {
    expect(awsmsg.status, context).toBe(0);
    if (aws.stdout.trim() === '' || awsmsg.stdout.trim() === '') {
      expect(awsmsg.stdout, context).toBe(aws.stdout);
      return { aws: undefined, awsmsg: undefined };
    }
    if (!isJson(aws.stdout)) {
      // text, table or a scalar --query result: compared field by field after normalising
      expect(normaliseFields(awsmsg.stdout, port)).toBe(normaliseFields(aws.stdout, port));
      return { aws: aws.stdout, awsmsg: awsmsg.stdout };
    }
    const a = prepare(aws.stdout, port, 'aws', opts);
    const b = prepare(awsmsg.stdout, port, 'awsmsg', opts);
    expect(b).toEqual(a);
    return { aws: a, awsmsg: b };
  }
  const ea = errorLine(aws.stderr);
  if (ea) {
    expect(aws.status, context).toBe(255);
    expect(awsmsg.status, context).toBe(254);
    const eb = errorLine(awsmsg.stderr);
    expect(eb, context).toBeDefined();
    if (opts.awsMessage !== undefined) {
      expect(ea.message, 'moto words this error as AWS does now: compare it in full').not.toBe(opts.awsMessage);
      expect(eb).toEqual({ ...ea, message: opts.awsMessage });
    } else {
      expect(eb).toEqual(ea);
    }
  } else if (aws.stderr.includes('Parameter validation failed')) {
    // botocore's client-side validation: v1 exits 255, v2 252; the same report
    expect(aws.status, context).toBe(255);
    expect(awsmsg.status, context).toBe(252);
    expect(awsmsg.stderr.trim()).toBe(aws.stderr.trim());
  } else {
    // a usage error: the same reason on the last line, after each CLI's own usage text
    expect(aws.status, context).toBe(2);
    expect(awsmsg.status, context).toBe(252);
    const reason = (text: string) => text.trim().split('\n').at(-1)!.replace(/^(aws|awsmsg): error: /, '');
    expect(reason(awsmsg.stderr)).toBe(reason(aws.stderr));
  }
  expect(awsmsg.stdout).toBe('');
  return { aws: undefined, awsmsg: undefined };
}

/** Parses a successful awsmsg (or aws) run's JSON output, failing with its stderr otherwise. */
export function okJson(r: CliResult): any {
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
}
