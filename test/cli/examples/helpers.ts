/**
 * The AWS CLI's own documented examples (fixtures/cli-examples/<service>.json, extracted from
 * awscli/examples/<service>/*.rst) run through the built `bin/awsmsg`.
 *
 * Each example gets a fresh state file. What an example needs to be meaningful (the queue,
 * topic or stream it names, messages to receive, receipt handles for its placeholders) is set
 * up in this process through the operation layer on the same state file, so the only process
 * per example is the example's own command. Its output is then compared with the documented
 * one (`expectLike`): the shape exactly, and every value that does not depend on time, ids or
 * randomness.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ServiceName } from '../../../src/model/types.js';
import { ROOT, type CliResult } from '../../helpers/cli.js';
import { cliState, type CliState } from '../../helpers/cliState.js';

/** The account the examples' ARNs and URLs name; awsmsg runs as it. */
export const ACCOUNT = '123456789012';

export interface Example {
  file: string;
  index: number;
  command: string[];
  inputs: Record<string, string>;
  /** the documented output; '' when the docs say there is none; absent when they show nothing */
  output?: string;
}

export function loadExamples(service: ServiceName): Example[] {
  const path = join(ROOT, 'fixtures', 'cli-examples', `${service}.json`);
  return (JSON.parse(readFileSync(path, 'utf8')) as { examples: Example[] }).examples;
}

export const exampleKey = (e: Example): string => `${e.file}#${e.index}`;

/** One example's sandbox: its own state file, the operation layer on it, and the CLI. */
export type ExampleEnv = CliState;

/** Writes the example's input files where its file:// arguments look (the sandbox is the cwd). */
export function writeInputs(env: ExampleEnv, inputs: Record<string, string>, rewrite: (text: string) => string = (t) => t): void {
  for (const [name, text] of Object.entries(inputs)) writeFileSync(join(env.sandbox.dir, name), rewrite(text));
}

/** Members whose documented values were made by time, ids or chance: compared by type only. */
const VOLATILE = new Set([
  'MessageId', 'ReceiptHandle', 'SequenceNumber', 'StartingSequenceNumber', 'EndingSequenceNumber', 'ShardIterator',
  'NextShardIterator', 'MillisBehindLatest', 'SenderId', 'TaskHandle', 'CreatedTimestamp', 'LastModifiedTimestamp',
  'SentTimestamp', 'ApproximateFirstReceiveTimestamp', 'StreamCreationTimestamp', 'ApproximateArrivalTimestamp',
  'ConsumerCreationTimestamp', 'StartedTimestamp',
]);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

export interface LikeOptions {
  /** more members to compare by type only */
  volatile?: readonly string[];
  /** members the documentation shows but AWS no longer returns (the docs are older) */
  absent?: readonly string[];
  /** members AWS returns now that the (older) documentation does not show */
  added?: readonly string[];
  /** lists whose order AWS does not fix: compared as sorted */
  unordered?: readonly string[];
}

/**
 * Asserts that `actual` (awsmsg's parsed output) looks like `documented` (the example's):
 * the same members, lists of the same length, and the same values, except that a documented
 * value with "..." in it matches what starts and ends like it, one with "EXAMPLE" in it
 * (a placeholder) any value of its type, UUIDs any UUID, volatile members any value of their
 * type, and a documented epoch timestamp (CLI v1) an ISO 8601 one (CLI v2).
 */
export function expectLike(actual: unknown, documented: unknown, opts: LikeOptions = {}): void {
  const problems: string[] = [];
  compare(actual, documented, '', opts, problems);
  expect(problems, `output:\n${JSON.stringify(actual, null, 2)}`).toEqual([]);
}

function compare(actual: unknown, doc: unknown, path: string, opts: LikeOptions, problems: string[]): void {
  const key = path.split('.').at(-1)!.replace(/\[\d+\]$/, '');
  if (VOLATILE.has(key) || opts.volatile?.includes(key)) {
    // a timestamp member: epoch seconds in CLI v1's output (the docs'), ISO 8601 in v2's
    const v2Time = key.endsWith('Timestamp') && typeof doc === 'number' && typeof actual === 'string' && ISO_TIME.test(actual);
    if (!v2Time && typeof actual !== typeof doc) problems.push(`${path}: ${JSON.stringify(actual)} is not like ${JSON.stringify(doc)}`);
    return;
  }
  if (Array.isArray(doc)) {
    if (!Array.isArray(actual) || actual.length !== doc.length) {
      problems.push(`${path}: ${JSON.stringify(actual)} is not a list of ${doc.length}`);
      return;
    }
    const sort = (l: unknown[]) => (opts.unordered?.includes(key) ? [...l].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : l);
    const [a, d] = [sort(actual), sort(doc)];
    d.forEach((item, i) => compare(a[i], item, `${path}[${i}]`, opts, problems));
    return;
  }
  if (doc !== null && typeof doc === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      problems.push(`${path}: ${JSON.stringify(actual)} is not an object`);
      return;
    }
    const a = actual as Record<string, unknown>;
    const d = doc as Record<string, unknown>;
    for (const k of Object.keys(d)) {
      const p = path ? `${path}.${k}` : k;
      if (opts.absent?.includes(k)) {
        if (k in a) problems.push(`${p}: present, but AWS no longer returns it`);
      } else if (!(k in a)) {
        problems.push(`${p}: missing`);
      } else {
        compare(a[k], d[k], p, opts, problems);
      }
    }
    for (const k of Object.keys(a)) {
      if (!(k in d) && !opts.added?.includes(k)) problems.push(`${path ? `${path}.${k}` : k}: not in the documented output`);
    }
    return;
  }
  if (typeof doc === 'string' && typeof actual === 'string') {
    if (doc.includes('EXAMPLE')) return;
    if (doc.includes('...')) {
      const [head, tail] = doc.split('...') as [string, string];
      if (!actual.startsWith(head) || !actual.endsWith(tail)) problems.push(`${path}: ${JSON.stringify(actual)} is not like ${JSON.stringify(doc)}`);
      return;
    }
    if (actual.replace(UUID, '<uuid>') !== doc.replace(UUID, '<uuid>')) {
      problems.push(`${path}: ${JSON.stringify(actual)} where the docs show ${JSON.stringify(doc)}`);
    }
    return;
  }
  if (actual !== doc) problems.push(`${path}: ${JSON.stringify(actual)} where the docs show ${JSON.stringify(doc)}`);
}

/** The service error a run ended with: AWS CLI v2's exit status 254 and its classic message line. */
export function expectServiceError(r: CliResult, code: string, message?: string): void {
  expect(r.status, r.stderr).toBe(254);
  expect(r.stdout).toBe('');
  const m = /An error occurred \(([^)]+)\) when calling the \w+ operation: (.*)/.exec(r.stderr);
  expect(m?.[1], r.stderr).toBe(code);
  if (message !== undefined) expect(m?.[2]).toBe(message);
}

/** How one documented example is made meaningful here and what it must show. */
export interface Plan {
  /** the region the command runs in (the one its URLs and ARNs name) */
  region?: string;
  /** what the example assumes exists: queues, topics, streams, messages */
  setup?(env: ExampleEnv): unknown;
  /** the command line as run here, where the docs hold placeholders (receipt handles, task handles) */
  argv?(argv: string[], env: ExampleEnv): string[] | Promise<string[]>;
  /** input files as written here, where they hold placeholders */
  inputs?(inputs: Record<string, string>, env: ExampleEnv): Record<string, string> | Promise<Record<string, string>>;
  /** the documented output's text made valid JSON, where the docs' is not (say why) */
  repair?(text: string): string;
  /** corrections to the documented output where the docs contradict themselves (say why) */
  patch?(documented: any): void;
  /** options for comparing with the documented output */
  like?: LikeOptions;
  /** replaces the comparison, for examples AWS would refuse or whose output must differ (say why) */
  check?(r: CliResult, env: ExampleEnv): unknown;
  /** checks of the state the command left, after the comparison */
  after?(env: ExampleEnv): unknown;
}

export interface ServiceExamples {
  service: ServiceName;
  region: string;
  /** the example's account placeholders and URL forms, as they read here */
  rewrite(text: string, region: string): string;
  plans: Record<string, Plan>;
}

/** The documented output, parsed, with the service's rewrites applied. */
export function documented(example: Example, rewrite: (text: string) => string): unknown {
  return JSON.parse(rewrite(example.output!));
}

export async function runExample(example: Example, spec: ServiceExamples): Promise<void> {
  const plan = spec.plans[exampleKey(example)];
  if (!plan) throw new Error(`no plan for the example ${exampleKey(example)}`);
  const region = plan.region ?? spec.region;
  const rewrite = (t: string) => spec.rewrite(t, region);
  const env = cliState(region, ACCOUNT);
  try {
    await plan.setup?.(env);
    const inputs = Object.fromEntries(Object.entries(example.inputs).map(([k, v]) => [k, rewrite(v)]));
    writeInputs(env, plan.inputs ? await plan.inputs(inputs, env) : inputs);
    const base = example.command.map(rewrite);
    const argv = plan.argv ? await plan.argv(base, env) : base;
    const r = env.run(argv);
    if (plan.check) {
      await plan.check(r, env);
    } else {
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      if (example.output === '' || example.output === undefined) {
        expect(r.stdout).toBe('');
      } else {
        const doc = documented({ ...example, output: plan.repair ? plan.repair(example.output) : example.output }, rewrite);
        plan.patch?.(doc);
        expectLike(JSON.parse(r.stdout), doc, plan.like);
      }
    }
    await plan.after?.(env);
  } finally {
    env.close();
  }
}

/** Replaces a documented placeholder (receipt handle, task handle) in a command line. */
export const replaceArg = (argv: string[], placeholder: string, value: string): string[] =>
  argv.map((a) => a.split(placeholder).join(value));
