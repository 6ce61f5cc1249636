/**
 * Real worker processes on one state file, each running the aws-kcl fixture record processor
 * (fixtures/kcl/processor.js) as its MultiLangDaemon would, configured by the fixture's
 * sample.properties. The test process plays the producer and the operator: it puts records,
 * kills and restarts workers, and advances the state file's clock to expire leases.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { LIFECYCLE_MS } from '../../src/services/kinesis/index.js';
import { describeLeases, type LeaseRowView } from '../../src/kcl/describe.js';
import { testEnv, type TestEnv } from '../helpers/ctx.js';
import { kinesis, putRecords, readEvents, SAMPLE_PROPERTIES, shardStartKeys, startWorker, waitFor, type FixtureEvent, type WorkerProc } from './helpers.js';

const STREAM = 'kclsample'; // as in sample.properties
const APP = 'kclsample';
const FAILOVER = 10_000; // sample.properties' failoverTimeMillis

let env: TestEnv;
let workers: WorkerProc[] = [];
let log: string;

afterEach(async () => {
  for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
  workers = [];
  env?.cleanup();
});

const shardId = (n: number): string => `shardId-${String(n).padStart(12, '0')}`;

function setup(shards: number): void {
  env = testEnv();
  log = join(env.dir, 'events.log');
  kinesis(env.ctx, 'CreateStream', { StreamName: STREAM, ShardCount: shards });
  env.advance(LIFECYCLE_MS.createStream);
}

function worker(id: string, extraEnv: NodeJS.ProcessEnv = {}, extra: Record<string, unknown> = {}, ownProcessGroup = false): WorkerProc {
  const w = startWorker(env.path, { properties: SAMPLE_PROPERTIES, workerId: id, extra, ownProcessGroup }, { KCL_FIXTURE_LOG: log, ...extraEnv });
  workers.push(w);
  return w;
}

const leases = (): LeaseRowView[] => describeLeases(env.ctx, { applicationName: APP }).Leases;
const ownedBy = (id: string): string[] => leases().filter((l) => l.LeaseOwner === id && l.LeaseState === 'HELD').map((l) => l.LeaseKey);
const caughtUp = (): boolean => leases().every((l) => l.LagRecords === 0);
const debug = (): string => [JSON.stringify(leases(), null, 1), ...workers.flatMap((w) => w.stderr)].join('\n');

/** Records put per shard, in order: { sequenceNumber, data }. */
type Put = Map<string, { sequenceNumber: string; data: string }[]>;

function put(into: Put, items: { data: string; hashKey: string }[]): void {
  for (const r of putRecords(env.ctx, STREAM, items)) {
    if (!into.has(r.shardId)) into.set(r.shardId, []);
    into.get(r.shardId)!.push({ sequenceNumber: r.sequenceNumber, data: r.data });
  }
}

function spread(into: Put, shards: number, perShard: number, tag: string): void {
  const keys = shardStartKeys(shards);
  put(into, keys.flatMap((k, s) => Array.from({ length: perShard }, (_, i) => ({ data: `${tag}-${s}-${i}`, hashKey: k }))));
}

interface Instance {
  pid: number;
  initializedAt: string;
  records: string[];
}

/**
 * Checks one shard's history: every record processed, and each record processor (one per
 * process) got a contiguous run of the shard's records in order, starting right after the
 * checkpoint it was initialized with. Returns the processors in the order they started.
 */
function checkShard(events: FixtureEvent[], shard: string, records: { sequenceNumber: string; data: string }[]): Instance[] {
  const instances = new Map<number, Instance>();
  for (const e of events.filter((x) => x.shardId === shard)) {
    if (e.event === 'initialize') instances.set(e.pid, { pid: e.pid, initializedAt: e.sequenceNumber!, records: [] });
    if (e.event === 'record') instances.get(e.pid)!.records.push(e.data!);
  }
  const seen = new Set<string>();
  for (const inst of instances.values()) {
    const at = records.findIndex((r) => r.sequenceNumber === inst.initializedAt);
    if (inst.initializedAt !== 'TRIM_HORIZON') expect(at, `${shard}: processor ${inst.pid} started at an unknown checkpoint`).toBeGreaterThan(-1);
    const start = at + 1; // TRIM_HORIZON: from the first record
    expect(inst.records, `${shard}: processor ${inst.pid}`).toEqual(records.slice(start, start + inst.records.length).map((r) => r.data));
    for (const r of inst.records) seen.add(r);
  }
  expect([...seen].sort(), `${shard}: records processed`).toEqual(records.map((r) => r.data).sort());
  return [...instances.values()];
}

describe('workers in separate processes', () => {
  test('4 shards and 2 workers split 2/2; a killed worker\'s shards go to the other after its leases expire, resumed from the last checkpoint', async () => {
    setup(4);
    const records: Put = new Map();
    spread(records, 4, 10, 'a');
    const a = worker('A');
    await waitFor('A to hold the 4 leases', () => ownedBy('A').length === 4, 20_000, debug);
    const b = worker('B');
    // B steals one lease at a time from A until each holds its fair share
    await waitFor('a 2/2 split', () => ownedBy('A').length === 2 && ownedBy('B').length === 2, 20_000, debug);
    await waitFor('every record processed', caughtUp, 20_000, debug);
    expect(b.stderr.filter((l) => l.includes('stole lease'))).toHaveLength(2);

    a.proc.kill('SIGKILL');
    await a.exited;
    const fromA = ownedBy('A');
    const checkpointsOfA = new Map(leases().filter((l) => fromA.includes(l.LeaseKey)).map((l) => [l.LeaseKey, l.Checkpoint]));
    spread(records, 4, 5, 'b');
    await waitFor("B's shards caught up", () => leases().filter((l) => l.LeaseOwner === 'B').every((l) => l.LagRecords === 0), 20_000, debug);
    // A's leases are not expired yet: nobody reads its shards
    expect(leases().filter((l) => fromA.includes(l.LeaseKey)).map((l) => [l.LeaseOwner, l.LagRecords])).toEqual([
      ['A', 5],
      ['A', 5],
    ]);

    env.advance(FAILOVER + 1);
    await waitFor('B to hold all 4', () => ownedBy('B').length === 4, 20_000, debug);
    await waitFor('every record processed', caughtUp, 20_000, debug);

    const events = readEvents(log);
    for (let s = 0; s < 4; s++) {
      const instances = checkShard(events, shardId(s), records.get(shardId(s))!);
      if (fromA.includes(shardId(s))) {
        const last = instances[instances.length - 1]!;
        expect(last.initializedAt, 'B resumed at the checkpoint A left').toBe(checkpointsOfA.get(shardId(s)));
        expect(last.records).toEqual(records.get(shardId(s))!.slice(-5).map((r) => r.data));
      }
    }
    expect(leases().filter((l) => fromA.includes(l.LeaseKey)).every((l) => l.OwnerSwitchesSinceCheckpoint === 0)).toBe(true);

    b.proc.kill('SIGTERM');
    const end = await b.exited;
    expect(end.code, 'a clean stop on SIGTERM exits 128 + 15, as Ctrl-C exits 130').toBe(143);
    expect(leases().map((l) => l.LeaseState)).toEqual(['UNASSIGNED', 'UNASSIGNED', 'UNASSIGNED', 'UNASSIGNED']);
  }, 90_000);

  test('enhanced fan-out: 2 workers share one stream consumer; every record is processed once, in order per shard', async () => {
    setup(2);
    const records: Put = new Map();
    spread(records, 2, 10, 'a');
    const fanOut = { retrievalMode: 'FANOUT' };
    worker('A', {}, fanOut);
    // the stream consumer the workers register is CREATING for a while: move the clock on
    const streamArn = kinesis(env.ctx, 'DescribeStreamSummary', { StreamName: STREAM }).StreamDescriptionSummary.StreamARN as string;
    await waitFor(
      'the stream consumer',
      () => {
        env.advance(1000);
        return kinesis(env.ctx, 'ListStreamConsumers', { StreamARN: streamArn }).Consumers.some((c: { ConsumerStatus: string }) => c.ConsumerStatus === 'ACTIVE');
      },
      20_000,
      debug,
    );
    await waitFor('A to hold both leases', () => ownedBy('A').length === 2, 20_000, debug);
    worker('B', {}, fanOut);
    await waitFor('a 1/1 split', () => ownedBy('A').length === 1 && ownedBy('B').length === 1, 20_000, debug);
    spread(records, 2, 5, 'b');
    await waitFor('every record processed', caughtUp, 30_000, debug);
    const events = readEvents(log);
    for (let s = 0; s < 2; s++) checkShard(events, shardId(s), records.get(shardId(s))!);
    const consumers = kinesis(env.ctx, 'ListStreamConsumers', { StreamARN: streamArn }).Consumers as { ConsumerName: string }[];
    expect(consumers.map((c) => c.ConsumerName)).toEqual([APP]);
    for (const w of workers) expect(w.stderr.join('\n')).toContain(`reading with enhanced fan-out, as stream consumer ${APP}`);
  }, 90_000);

  test('after a split, the children wait for their parent to end, whichever worker holds them', async () => {
    setup(2);
    const records: Put = new Map();
    const keys = shardStartKeys(2);
    put(records, Array.from({ length: 20 }, (_, i) => ({ data: `p-${i}`, hashKey: keys[0]! })));
    put(records, Array.from({ length: 5 }, (_, i) => ({ data: `q-${i}`, hashKey: keys[1]! })));
    const mid = (2n ** 126n).toString();
    kinesis(env.ctx, 'SplitShard', { StreamName: STREAM, ShardToSplit: shardId(0), NewStartingHashKey: mid });
    env.advance(LIFECYCLE_MS.updateStream);
    put(records, Array.from({ length: 5 }, (_, i) => ({ data: `low-${i}`, hashKey: '0' })));
    put(records, Array.from({ length: 5 }, (_, i) => ({ data: `high-${i}`, hashKey: mid })));
    // the parent's batches are small and slow, its children's records ready from the start
    const slow = { KCL_FIXTURE_SLOW_SHARDS: shardId(0), KCL_FIXTURE_DELAY_MS: '200' };
    worker('A', slow, { maxRecords: 4, cleanupLeasesUponShardCompletion: false });
    worker('B', slow, { maxRecords: 4, cleanupLeasesUponShardCompletion: false });
    await waitFor('every shard processed', () => leases().length === 4 && caughtUp(), 30_000, debug);

    const events = readEvents(log);
    const ended = events.findIndex((e) => e.shardId === shardId(0) && e.event === 'shardEnded');
    expect(ended).toBeGreaterThan(-1);
    for (const child of [shardId(2), shardId(3)]) {
      const first = events.findIndex((e) => e.shardId === child);
      expect(events[first]).toMatchObject({ event: 'initialize', sequenceNumber: 'TRIM_HORIZON' });
      expect(first, `${child} started after its parent ended`).toBeGreaterThan(ended);
    }
    for (const s of [0, 1, 2, 3]) checkShard(events, shardId(s), records.get(shardId(s))!);
    const parent = leases().find((l) => l.LeaseKey === shardId(0))!;
    expect(parent).toMatchObject({ Checkpoint: 'SHARD_END', LeaseState: 'FINISHED', ChildShardIds: [shardId(2), shardId(3)] });
  }, 90_000);

  test('a worker stopped with SIGTERM checkpoints and gives its leases up; restarted, it resumes from its checkpoints', async () => {
    setup(2);
    const records: Put = new Map();
    spread(records, 2, 6, 'a');
    const first = worker('A');
    await waitFor('every record processed', () => ownedBy('A').length === 2 && caughtUp(), 20_000, debug);
    first.proc.kill('SIGTERM');
    expect((await first.exited).code, 'a clean stop on SIGTERM exits 128 + 15').toBe(143);
    const afterFirst = readEvents(log);
    for (const s of [0, 1]) {
      expect(afterFirst.filter((e) => e.shardId === shardId(s) && e.event !== 'record' && e.event !== 'checkpoint').map((e) => e.event)).toEqual([
        'initialize',
        'shutdownRequested',
        'leaseLost',
      ]);
    }
    const checkpoints = leases().map((l) => [l.LeaseKey, l.Checkpoint, l.LeaseState]);
    expect(checkpoints.map((c) => c[2])).toEqual(['UNASSIGNED', 'UNASSIGNED']);

    spread(records, 2, 3, 'b');
    worker('A');
    await waitFor('the new records processed', () => ownedBy('A').length === 2 && caughtUp(), 20_000, debug);
    const events = readEvents(log);
    for (const [i, s] of [shardId(0), shardId(1)].entries()) {
      const instances = checkShard(events, s, records.get(s)!);
      expect(instances).toHaveLength(2);
      expect(instances[1]!.initializedAt).toBe(checkpoints[i]![1]);
      // a graceful stop leaves nothing to process twice
      expect(instances[1]!.records).toEqual(records.get(s)!.slice(-3).map((r) => r.data));
    }
  }, 90_000);

  test('Ctrl-C (SIGINT to the foreground process group) ends quietly: processors shut down by the protocol, one summary line', async () => {
    setup(2);
    const records: Put = new Map();
    spread(records, 2, 4, 'a');
    const w = worker('A', {}, {}, true);
    await waitFor('every record processed', () => ownedBy('A').length === 2 && caughtUp(), 20_000, debug);
    // a terminal sends SIGINT to every process of its foreground job
    process.kill(-w.proc.pid!, 'SIGINT');
    const end = await w.exited;
    expect(end.code, 'interrupted: 130, as the AWS CLI').toBe(130);
    const lines = w.stderr.filter((l) => l !== '');
    expect(lines.join('\n')).not.toMatch(/SIGINT|no status message|error/i);
    const last = lines[lines.length - 1];
    expect(last).toMatch(/^worker A stopped: 8 records processed, \d+ checkpoints? written, 2 shards held \(shardId-000000000000, shardId-000000000001\) and released$/);
    const checkpointsWritten = Number(/(\d+) checkpoints? written/.exec(last!)![1]);
    expect(checkpointsWritten).toBeGreaterThanOrEqual(2);
    // the record processors were asked to shut down (and could checkpoint), not killed by the keystroke
    const events = readEvents(log);
    for (const s of [0, 1]) {
      expect(events.filter((e) => e.shardId === shardId(s) && e.event !== 'record' && e.event !== 'checkpoint').map((e) => e.event)).toEqual([
        'initialize',
        'shutdownRequested',
        'leaseLost',
      ]);
    }
    expect(leases().map((l) => l.LeaseState)).toEqual(['UNASSIGNED', 'UNASSIGNED']);
  }, 90_000);
});
