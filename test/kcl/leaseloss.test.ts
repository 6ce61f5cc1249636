/**
 * A lease taken by another worker while a batch is being processed: the batch's checkpoint is
 * refused (ShutdownException), the record processor of that shard gets leaseLost, and the
 * worker goes on with its other leases — as the KCL shuts down only that shard consumer
 * (reason LEASE_LOST). Real worker processes on one state file, on a stream that already has
 * records; a gate file holds the first batches until the second worker has taken its share.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { LIFECYCLE_MS, setThroughputEnforcement } from '../../src/services/kinesis/index.js';
import { describeLeases } from '../../src/kcl/describe.js';
import { testEnv, type TestEnv } from '../helpers/ctx.js';
import {
  BIN,
  kinesis,
  putRecords,
  readEvents,
  SAMPLE_PROPERTIES,
  shardStartKeys,
  startWorker,
  waitFor,
  type WorkerProc,
} from './helpers.js';

let env: TestEnv;
let workers: WorkerProc[] = [];

afterEach(async () => {
  for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  workers = [];
  env?.cleanup();
});

const shardId = (n: number): string => `shardId-${String(n).padStart(12, '0')}`;

function setup(stream: string): void {
  env = testEnv();
  kinesis(env.ctx, 'CreateStream', { StreamName: stream, ShardCount: 2 });
  env.advance(LIFECYCLE_MS.createStream);
  setThroughputEnforcement(env.ctx, false);
}

/** Puts n records into each of the two shards, tagged `${tag}-${shard}-${i}`. */
function fill(stream: string, tag: string, n: number, shards: number[] = [0, 1]): void {
  const keys = shardStartKeys(2);
  putRecords(env.ctx, stream, shards.flatMap((s) => Array.from({ length: n }, (_, i) => ({ data: `${tag}-${s}-${i}`, hashKey: keys[s]! }))));
}

const ownedBy = (app: string, id: string): string[] =>
  describeLeases(env.ctx, { applicationName: app }).Leases.filter((l) => l.LeaseOwner === id && l.LeaseState === 'HELD').map((l) => l.LeaseKey);

/** `awsmsg kinesis consume --exec CMD` as a user starts it. */
function execWorker(id: string, stream: string, command: string, extraEnv: NodeJS.ProcessEnv): WorkerProc & { out: () => string } {
  const args = [
    BIN, '--db', env.path, '--region', 'us-east-1', 'kinesis', 'consume',
    '--stream-name', stream, '--application-name', 'app', '--exec', command, '--worker-id', id,
    '--initial-position', 'TRIM_HORIZON', '--idle-time-between-reads-millis', '100',
  ];
  const proc = spawn(process.execPath, args, { cwd: env.dir, env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  let stdout = '';
  let partial = '';
  proc.stderr.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    stderr.push(...lines);
  });
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) =>
    proc.on('close', (code, signal) => resolve({ code, signal, stdout })),
  );
  const w = { id, proc, stderr, exited, out: () => stdout };
  workers.push(w);
  return w;
}

describe('a lease lost while its batch runs', () => {
  test('--exec: the refused checkpoint ends that shard only; the worker keeps its other lease', async () => {
    const stream = 'trucks';
    setup(stream);
    fill(stream, 'a', 3);
    const gate = join(env.dir, 'go');
    // marks the batch as started, waits for the gate, then prints "<worker> <record text>"
    const command =
      'touch "$MARKS/$AWSMSG_WORKER_ID-$AWSMSG_SHARD_ID"; while [ ! -e "$GATE" ]; do sleep 0.05; done; ' +
      `${process.execPath} -e 'require("readline").createInterface({input: process.stdin}).on("line", (l) => console.log(process.env.AWSMSG_WORKER_ID + " " + JSON.parse(l).text))'`;
    const vars = { GATE: gate, MARKS: env.dir };
    const debug = () => [...workers.flatMap((w) => w.stderr), JSON.stringify(describeLeases(env.ctx, { applicationName: 'app' }).Leases, null, 1)].join('\n');
    const a = execWorker('A', stream, command, vars);
    await waitFor("A's two batches under way", () => [0, 1].every((s) => existsSync(join(env.dir, `A-${shardId(s)}`))), 20_000, debug);
    const b = execWorker('B', stream, command, vars);
    const lost = await waitFor('B to take a lease from A', () => ownedBy('app', 'B')[0], 20_000, debug);
    const kept = [shardId(0), shardId(1)].find((s) => s !== lost)!;
    await waitFor('A to notice', () => a.stderr.some((l) => l.startsWith(`lost lease ${lost}`)), 20_000, debug);
    writeFileSync(gate, '');

    // A's batch of the lost shard ran to the end but could not be checkpointed
    await waitFor("A's refused checkpoint", () => a.stderr.some((l) => l.includes(`${lost}: `) && l.includes("doesn't hold the lease")), 20_000, debug);
    // ... and A goes on with the shard it kept, B with the one it took
    const [k, l] = [Number(kept.slice(-1)), Number(lost.slice(-1))];
    fill(stream, 'b', 2, [k, l]);
    await waitFor('the new records', () => a.out().includes(`A b-${k}-1`) && b.out().includes(`B b-${l}-1`), 20_000, debug);
    expect(a.proc.exitCode).toBeNull();
    expect(ownedBy('app', 'A')).toEqual([kept]);
    // the lost shard's first batch is processed again by its new holder: at least once
    expect(a.out()).toContain(`A a-${l}-0`);
    expect(b.out()).toContain(`B a-${l}-0`);
    expect(b.out()).not.toContain(`B a-${k}-0`);

    a.proc.kill('SIGINT');
    b.proc.kill('SIGINT');
    // a clean stop on Ctrl-C: 130, as for any command; a worker that failed would have ended before
    expect((await a.exited).code, debug()).toBe(130);
    expect((await b.exited).code).toBe(130);
  }, 60_000);

  test('MultiLangDaemon: the processor gets the checkpoint error, then leaseLost; the worker keeps its other lease', async () => {
    const stream = 'kclsample'; // as in sample.properties
    setup(stream);
    fill(stream, 'a', 3);
    const log = join(env.dir, 'events.log');
    const gate = join(env.dir, 'go');
    const vars = { KCL_FIXTURE_LOG: log, KCL_FIXTURE_GATE: gate };
    const debug = () => [...workers.flatMap((w) => w.stderr), readEvents(log).map((e) => JSON.stringify(e)).join('\n')].join('\n');
    const a = startWorker(env.path, { properties: SAMPLE_PROPERTIES, workerId: 'A' }, vars);
    workers.push(a);
    const events = () => readEvents(log);
    await waitFor("A's two batches under way", () => [0, 1].every((s) => events().some((e) => e.event === 'record' && e.shardId === shardId(s))), 20_000, debug);
    const b = startWorker(env.path, { properties: SAMPLE_PROPERTIES, workerId: 'B' }, vars);
    workers.push(b);
    const lost = await waitFor('B to take a lease from A', () => ownedBy('kclsample', 'B')[0], 20_000, debug);
    const kept = [shardId(0), shardId(1)].find((s) => s !== lost)!;
    await waitFor('A to notice', () => a.stderr.some((l) => l.startsWith(`lost lease ${lost}`)), 20_000, debug);
    const pidOf = (shard: string) => events().find((e) => e.event === 'initialize' && e.shardId === shard)!.pid;
    const aLost = pidOf(lost);
    const aKept = pidOf(kept);
    writeFileSync(gate, '');

    await waitFor("leaseLost for A's processor of the lost shard", () => events().some((e) => e.pid === aLost && e.event === 'leaseLost'), 20_000, debug);
    const mine = events().filter((e) => e.pid === aLost && e.event !== 'record');
    expect(mine.map((e) => [e.event, e.error ?? null])).toEqual([
      ['initialize', null],
      ['checkpoint', 'ShutdownException'],
      ['leaseLost', null],
    ]);
    const [k, l] = [Number(kept.slice(-1)), Number(lost.slice(-1))];
    fill(stream, 'b', 2, [k, l]);
    const got = (pid: number, data: string) => events().some((e) => e.pid === pid && e.event === 'record' && e.data === data);
    await waitFor('the new records', () => got(aKept, `b-${k}-1`) && events().some((e) => e.pid !== aLost && e.data === `b-${l}-1`), 20_000, debug);
    expect(a.proc.exitCode).toBeNull();
    expect(ownedBy('kclsample', 'A')).toEqual([kept]);

    a.proc.kill('SIGINT');
    b.proc.kill('SIGINT');
    expect((await a.exited).code, debug()).toBe(130);
    expect((await b.exited).code).toBe(130);
  }, 60_000);
});
