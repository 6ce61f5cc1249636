/**
 * The worker at module level, in this process, with real timers for its own loop and the
 * state file's clock frozen (tests/services/kinesis/helpers.ts): leases expire, iterators
 * age and throughput refills only when a test advances the clock.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ctx } from '../../src/core/context.js';
import type { WorkerOptions } from '../../src/kcl/config.js';
import { describeLeases } from '../../src/kcl/describe.js';
import type { ShardContext } from '../../src/kcl/exec.js';
import { LeaseTable } from '../../src/kcl/leases.js';
import { CheckpointError, type RecordProcessor } from '../../src/kcl/processor.js';
import { runWorker, type WorkerResult } from '../../src/kcl/worker.js';
import { call, createActive, settle, testEnv, type Env } from '../services/kinesis/helpers.js';
import { aggregated, FIXTURE_DIR, putRecords, readEvents, shardStartKeys, waitFor } from './helpers.js';
import { setThroughputEnforcement } from '../../src/services/kinesis/index.js';

let env: Env;
let dirs: string[] = [];
let running: Running[] = [];
afterEach(async () => {
  // a failed test may leave its worker running: end it before its state file goes
  await Promise.all(running.map((w) => w.stop().catch(() => undefined)));
  running = [];
  env?.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'awsmsg-kcl-'));
  dirs.push(d);
  return d;
}

interface Event {
  kind: 'initialize' | 'record' | 'leaseLost' | 'shardEnded' | 'shutdownRequested' | 'checkpointError';
  shardId: string;
  value?: string;
}

/** A processor that records what happens to it and checkpoints after each batch; hooks let a test hold it. */
function recorder(events: Event[], hooks: { beforeCheckpoint?: (shardId: string) => Promise<void> } = {}) {
  return (shard: ShardContext): RecordProcessor => ({
    async initialize(input) {
      events.push({ kind: 'initialize', shardId: shard.shardId, value: input.sequenceNumber });
    },
    async processRecords(input) {
      for (const r of input.records) events.push({ kind: 'record', shardId: shard.shardId, value: r.data.toString() });
      await hooks.beforeCheckpoint?.(shard.shardId);
      try {
        await input.checkpointer.checkpoint();
      } catch (e) {
        if (!(e instanceof CheckpointError)) throw e;
        events.push({ kind: 'checkpointError', shardId: shard.shardId, value: e.errorName });
      }
    },
    async leaseLost() {
      events.push({ kind: 'leaseLost', shardId: shard.shardId });
    },
    async shardEnded(input) {
      await input.checkpointer.checkpoint();
      events.push({ kind: 'shardEnded', shardId: shard.shardId });
    },
    async shutdownRequested(input) {
      await input.checkpointer.checkpoint();
      events.push({ kind: 'shutdownRequested', shardId: shard.shardId });
    },
  });
}

interface Running {
  stop(): Promise<WorkerResult>;
  result: Promise<WorkerResult>;
  log: string[];
}

function start(ctx: Ctx, options: Partial<WorkerOptions> & Pick<WorkerOptions, 'processor'>): Running {
  const controller = new AbortController();
  const log: string[] = [];
  const result = runWorker(
    ctx,
    {
      streamName: 's',
      applicationName: 'app',
      workerId: 'w1',
      initialPositionInStream: 'TRIM_HORIZON',
      idleTimeBetweenReadsInMillis: 10,
      parentShardPollIntervalMillis: 20,
      failoverTimeMillis: 300,
      taskBackoffTimeMillis: 20,
      log: (l) => log.push(l),
      ...options,
    },
    controller.signal,
  );
  const w: Running = {
    result,
    log,
    stop: () => {
      controller.abort();
      return result;
    },
  };
  running.push(w);
  return w;
}

const recordsOf = (events: Event[], shardId?: string): string[] =>
  events.filter((e) => e.kind === 'record' && (shardId === undefined || e.shardId === shardId)).map((e) => e.value!);

const shardId = (n: number): string => `shardId-${String(n).padStart(12, '0')}`;

/** Puts n records into the shard owning hash key `key`, named prefix-0, prefix-1, ... */
function fill(env: Env, key: string, prefix: string, n: number): string[] {
  const items = Array.from({ length: n }, (_, i) => ({ data: `${prefix}-${i}`, hashKey: key }));
  putRecords(env.ctx, 's', items);
  return items.map((i) => i.data);
}

describe('reading and checkpointing', () => {
  test('every record of every shard reaches the processor in order, and the checkpoints follow', async () => {
    env = testEnv();
    createActive(env, 's', 3);
    setThroughputEnforcement(env.ctx, false);
    const keys = shardStartKeys(3);
    const expected = keys.map((k, i) => fill(env, k, `s${i}`, 5));
    const events: Event[] = [];
    const w = start(env.ctx, { processor: { kind: 'factory', create: recorder(events) } });
    await waitFor('15 records', () => recordsOf(events).length === 15);
    for (let i = 0; i < 3; i++) expect(recordsOf(events, shardId(i))).toEqual(expected[i]);
    await waitFor('caught-up checkpoints', () => describeLeases(env.ctx, { applicationName: 'app' }).Leases.every((l) => l.LagRecords === 0));
    const result = await w.stop();
    expect(result.recordsProcessed).toEqual({ [shardId(0)]: 5, [shardId(1)]: 5, [shardId(2)]: 5 });
    // graceful end: shutdownRequested then leaseLost for each shard, and the leases are given up
    for (let i = 0; i < 3; i++) {
      expect(events.filter((e) => e.shardId === shardId(i) && e.kind !== 'record').map((e) => e.kind)).toEqual([
        'initialize',
        'shutdownRequested',
        'leaseLost',
      ]);
    }
    expect(describeLeases(env.ctx, { applicationName: 'app' }).Leases.map((l) => l.LeaseState)).toEqual(['UNASSIGNED', 'UNASSIGNED', 'UNASSIGNED']);
  });

  test('LATEST skips what was there before the worker started', async () => {
    env = testEnv();
    createActive(env, 's', 1);
    setThroughputEnforcement(env.ctx, false);
    fill(env, '0', 'old', 3);
    const events: Event[] = [];
    let reads = 0;
    const counting = (shard: ShardContext): RecordProcessor => {
      const p = recorder(events)(shard);
      return { ...p, processRecords: (input) => (reads++, p.processRecords(input)) };
    };
    const w = start(env.ctx, {
      initialPositionInStream: 'LATEST',
      callProcessRecordsEvenForEmptyRecordList: true,
      processor: { kind: 'factory', create: counting },
    });
    // the LATEST iterator is taken before the first read: wait for an (empty) batch
    await waitFor('a first read', () => reads > 0);
    expect(events[0]).toEqual({ kind: 'initialize', shardId: shardId(0), value: 'LATEST' });
    fill(env, '0', 'new', 2);
    await waitFor('2 records', () => recordsOf(events).length === 2);
    expect(recordsOf(events)).toEqual(['new-0', 'new-1']);
    await w.stop();
  });

  test('a restarted worker resumes after its checkpoint', async () => {
    env = testEnv();
    createActive(env, 's', 1);
    setThroughputEnforcement(env.ctx, false);
    fill(env, '0', 'a', 4);
    const first: Event[] = [];
    const w1 = start(env.ctx, { processor: { kind: 'factory', create: recorder(first) } });
    await waitFor('4 records', () => recordsOf(first).length === 4);
    await w1.stop();
    const cp = new LeaseTable(env.ctx, 'app').get(shardId(0))!;
    fill(env, '0', 'b', 2);
    const second: Event[] = [];
    const w2 = start(env.ctx, { workerId: 'w2', processor: { kind: 'factory', create: recorder(second) } });
    await waitFor('2 more records', () => recordsOf(second).length === 2);
    expect(recordsOf(second)).toEqual(['b-0', 'b-1']);
    expect(second[0]).toEqual({ kind: 'initialize', shardId: shardId(0), value: cp.checkpoint.sequenceNumber });
    await w2.stop();
    expect(BigInt(new LeaseTable(env.ctx, 'app').get(shardId(0))!.checkpoint.sequenceNumber)).toBeGreaterThan(BigInt(cp.checkpoint.sequenceNumber));
  });
});

describe('KPL aggregated records', () => {
  test('reach the processor as their user records, and a checkpoint part way through one resumes after it', async () => {
    env = testEnv();
    createActive(env, 's', 1);
    setThroughputEnforcement(env.ctx, false);
    const first = await aggregated(['a0', 'a1', 'a2', 'a3'].map((d) => ({ partitionKey: `truck-${d}`, data: d })));
    const second = await aggregated(['b0', 'b1'].map((d) => ({ partitionKey: `truck-${d}`, data: d })));
    const put = (data: Buffer) => call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'truck', Data: data }).SequenceNumber as string;
    const firstSeq = put(first.data);
    put(Buffer.from('plain'));
    put(second.data);

    // a processor that checkpoints the user record a1 (sub-sequence 1) and stops there
    const seen: { data: string; seq: string; sub: number }[] = [];
    const partWay = (): RecordProcessor => ({
      async initialize() {},
      async processRecords(input) {
        for (const r of input.records) seen.push({ data: r.data.toString(), seq: r.sequenceNumber, sub: r.subSequenceNumber });
        if (seen.some((r) => r.data === 'a1') && !seen.some((r) => r.data === 'checkpointed')) {
          await input.checkpointer.checkpoint(firstSeq, 1);
          seen.push({ data: 'checkpointed', seq: '', sub: -1 });
        }
      },
      async leaseLost() {},
      async shardEnded() {},
      async shutdownRequested() {},
    });
    const w1 = start(env.ctx, { processor: { kind: 'factory', create: partWay } });
    await waitFor('7 user records', () => seen.filter((r) => r.sub >= 0).length === 7);
    await w1.stop();
    expect(seen.filter((r) => r.sub >= 0).map((r) => [r.data, r.sub])).toEqual([
      ['a0', 0], ['a1', 1], ['a2', 2], ['a3', 3], ['plain', 0], ['b0', 0], ['b1', 1],
    ]);
    expect(seen.filter((r) => r.data.startsWith('a')).every((r) => r.seq === firstSeq)).toBe(true);
    const lease = new LeaseTable(env.ctx, 'app').get(shardId(0))!;
    expect(lease.checkpoint).toEqual({ sequenceNumber: firstSeq, subSequenceNumber: 1 });

    // a new worker starts at the checkpoint: a2 and what follows, nothing before
    const events: Event[] = [];
    const w2 = start(env.ctx, { workerId: 'w2', processor: { kind: 'factory', create: recorder(events) } });
    await waitFor('5 records', () => recordsOf(events).length === 5);
    expect(recordsOf(events)).toEqual(['a2', 'a3', 'plain', 'b0', 'b1']);
    await w2.stop();
    expect(describeLeases(env.ctx, { applicationName: 'app' }).Leases[0]!.CheckpointSubSequenceNumber).toBe(1);
  });
});

describe('enhanced fan-out (retrievalMode FANOUT)', () => {
  /** Moves the clock on until the application's stream consumer is ACTIVE (it is CREATING for a while). */
  async function consumerActive(name = 'app'): Promise<string> {
    const streamArn = call(env, 'DescribeStreamSummary', { StreamName: 's' }).StreamDescriptionSummary.StreamARN as string;
    let arn: string | undefined;
    await waitFor('the stream consumer', () => {
      env.advance(1000);
      const list = call(env, 'ListStreamConsumers', { StreamARN: streamArn }).Consumers as { ConsumerName: string; ConsumerARN: string; ConsumerStatus: string }[];
      arn = list.find((c) => c.ConsumerName === name && c.ConsumerStatus === 'ACTIVE')?.ConsumerARN;
      return arn !== undefined;
    });
    return arn!;
  }

  test('registers a stream consumer named after the application and reads every shard through SubscribeToShard', async () => {
    env = testEnv();
    createActive(env, 's', 2);
    setThroughputEnforcement(env.ctx, false);
    const keys = shardStartKeys(2);
    const before = keys.map((k, i) => fill(env, k, `s${i}`, 3));
    const events: Event[] = [];
    const w = start(env.ctx, { retrievalMode: 'FANOUT', processor: { kind: 'factory', create: recorder(events) } });
    const consumerArn = await consumerActive();
    await waitFor('6 records', () => recordsOf(events).length === 6);
    // records put while the subscriptions run are pushed as they arrive
    const after = keys.map((k, i) => fill(env, k, `t${i}`, 2));
    await waitFor('10 records', () => recordsOf(events).length === 10);
    for (let i = 0; i < 2; i++) expect(recordsOf(events, shardId(i))).toEqual([...before[i]!, ...after[i]!]);
    expect(w.log.join('\n')).toContain('reading with enhanced fan-out, as stream consumer app');
    await waitFor('caught-up checkpoints', () => describeLeases(env.ctx, { applicationName: 'app' }).Leases.every((l) => l.LagRecords === 0));
    await w.stop();
    expect(consumerArn).toMatch(/^arn:aws:kinesis:us-east-1:000000000000:stream\/s\/consumer\/app:\d+$/);

    // a second run finds the consumer and resumes after the checkpoints; as on AWS, a shard's
    // subscription can be made again only 5 seconds after the last one started
    env.advance(5_000);
    const more = fill(env, keys[1]!, 'u', 1);
    const second: Event[] = [];
    const w2 = start(env.ctx, { workerId: 'w2', retrievalMode: 'FANOUT', processor: { kind: 'factory', create: recorder(second) } });
    await waitFor('1 more record', () => recordsOf(second).length === 1);
    expect(recordsOf(second)).toEqual(more);
    await w2.stop();
    const streamArn = call(env, 'DescribeStreamSummary', { StreamName: 's' }).StreamDescriptionSummary.StreamARN as string;
    expect(call(env, 'ListStreamConsumers', { StreamARN: streamArn }).Consumers).toHaveLength(1);
  });

  test('a worker whose lease was taken hands no more pushed records to its processor', async () => {
    env = testEnv();
    createActive(env, 's', 1);
    setThroughputEnforcement(env.ctx, false);
    fill(env, '0', 'before', 2);
    const events: Event[] = [];
    // a long failover: the worker's own renewal would notice the loss only a second later
    const w = start(env.ctx, { retrievalMode: 'FANOUT', failoverTimeMillis: 30_000, processor: { kind: 'factory', create: recorder(events) } });
    await consumerActive();
    await waitFor('2 records', () => recordsOf(events).length === 2);
    const table = new LeaseTable(env.ctx, 'app');
    expect(table.take(table.get(shardId(0))!, 'w2')).toBeTruthy();
    fill(env, '0', 'after', 1);
    await new Promise((r) => setTimeout(r, 600));
    expect(recordsOf(events)).toEqual(['before-0', 'before-1']);
    await waitFor('the lease lost', () => events.some((e) => e.kind === 'leaseLost'));
    await w.stop();
  });

  test('refuses a consumerArn of another stream', async () => {
    env = testEnv();
    createActive(env, 's', 1);
    createActive(env, 'other', 1);
    const otherArn = call(env, 'DescribeStreamSummary', { StreamName: 'other' }).StreamDescriptionSummary.StreamARN as string;
    const consumerArn = call(env, 'RegisterStreamConsumer', { StreamARN: otherArn, ConsumerName: 'x' }).Consumer.ConsumerARN as string;
    const w = start(env.ctx, { retrievalMode: 'FANOUT', consumerArn, processor: { kind: 'factory', create: recorder([]) } });
    await expect(w.result).rejects.toThrow(`The stream consumer ${consumerArn} reads stream ${otherArn}, not `);
  });

  test('ends a parent shard with its ChildShards event and goes on in the children', async () => {
    env = testEnv();
    createActive(env, 's', 1);
    setThroughputEnforcement(env.ctx, false);
    const parent = fill(env, '0', 'p', 3);
    const mid = (2n ** 127n).toString();
    call(env, 'SplitShard', { StreamName: 's', ShardToSplit: shardId(0), NewStartingHashKey: mid });
    settle(env);
    const low = fill(env, '0', 'low', 2);
    const high = fill(env, mid, 'high', 2);
    const events: Event[] = [];
    const w = start(env.ctx, { retrievalMode: 'FANOUT', cleanupLeasesUponShardCompletion: false, processor: { kind: 'factory', create: recorder(events) } });
    await consumerActive();
    await waitFor('the children', () => recordsOf(events, shardId(1)).length === 2 && recordsOf(events, shardId(2)).length === 2);
    expect(recordsOf(events, shardId(0))).toEqual(parent);
    expect(recordsOf(events, shardId(1))).toEqual(low);
    expect(recordsOf(events, shardId(2))).toEqual(high);
    expect(events.findIndex((e) => e.kind === 'shardEnded' && e.shardId === shardId(0))).toBeLessThan(
      events.findIndex((e) => e.shardId === shardId(1) || e.shardId === shardId(2)),
    );
    await w.stop();
  });
});

describe('throttling and expiry', () => {
  test('GetRecords throttling is waited out, not fatal, and nothing is lost', async () => {
    env = testEnv();
    createActive(env, 's', 1); // throughput limits on: 5 GetRecords calls per second per shard
    const expected = fill(env, '0', 'r', 20);
    const events: Event[] = [];
    const w = start(env.ctx, { maxRecords: 2, processor: { kind: 'factory', create: recorder(events) } });
    // the clock is frozen: after 5 calls the shard refuses reads until time moves
    await waitFor('throttling', () => w.log.some((l) => l.includes('GetRecords was throttled')));
    expect(recordsOf(events).length).toBeLessThan(20);
    while (recordsOf(events).length < 20) {
      const before = recordsOf(events).length;
      env.advance(1000); // a second's worth of calls
      await waitFor('more records', () => recordsOf(events).length > before);
    }
    expect(recordsOf(events)).toEqual(expected);
    await w.stop();
  });

  test('an expired iterator is replaced after the last record received', async () => {
    env = testEnv();
    createActive(env, 's', 1);
    setThroughputEnforcement(env.ctx, false);
    fill(env, '0', 'a', 3);
    const events: Event[] = [];
    const w = start(env.ctx, { processor: { kind: 'factory', create: recorder(events) } });
    await waitFor('3 records', () => recordsOf(events).length === 3);
    env.advance(5 * 60_000 + 1); // shard iterators live 5 minutes
    fill(env, '0', 'b', 3);
    await waitFor('6 records', () => recordsOf(events).length === 6);
    expect(recordsOf(events)).toEqual(['a-0', 'a-1', 'a-2', 'b-0', 'b-1', 'b-2']);
    expect(w.log.some((l) => l.includes('the shard iterator expired'))).toBe(true);
    await w.stop();
  });
});

describe('leases', () => {
  test('a stolen lease: the processor is told, its checkpoint is refused, and it reads nothing more', async () => {
    env = testEnv();
    createActive(env, 's', 1);
    setThroughputEnforcement(env.ctx, false);
    fill(env, '0', 'a', 2);
    const events: Event[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let held = false;
    const w = start(env.ctx, {
      processor: {
        kind: 'factory',
        create: recorder(events, {
          beforeCheckpoint: async () => {
            held = true;
            await gate;
          },
        }),
      },
    });
    await waitFor('a batch in progress', () => held);
    const table = new LeaseTable(env.ctx, 'app');
    expect(table.take(table.get(shardId(0))!, 'thief')).toBeDefined();
    fill(env, '0', 'b', 2);
    release();
    await waitFor('leaseLost', () => events.some((e) => e.kind === 'leaseLost'));
    expect(events.map((e) => e.kind)).toEqual(['initialize', 'record', 'record', 'checkpointError', 'leaseLost']);
    expect(events[3]!.value).toBe('ShutdownException');
    expect(recordsOf(events)).toEqual(['a-0', 'a-1']);
    expect(table.get(shardId(0))).toMatchObject({ leaseOwner: 'thief', checkpoint: { sequenceNumber: 'TRIM_HORIZON' }, ownerSwitchesSinceCheckpoint: 1 });
    await w.stop();
    expect(table.get(shardId(0))!.leaseOwner).toBe('thief');
  });

  test('a processor that lets the refused checkpoint through loses that shard only; the worker goes on', async () => {
    env = testEnv();
    createActive(env, 's', 2);
    setThroughputEnforcement(env.ctx, false);
    const keys = shardStartKeys(2);
    fill(env, keys[0]!, 'a', 2);
    fill(env, keys[1]!, 'b', 2);
    const events: Event[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const waiting = new Set<string>();
    const w = start(env.ctx, {
      processor: {
        kind: 'factory',
        create: (shard: ShardContext): RecordProcessor => ({
          ...recorder(events)(shard),
          // checkpoints without catching: a ShutdownException escapes processRecords
          async processRecords(input) {
            for (const r of input.records) events.push({ kind: 'record', shardId: shard.shardId, value: r.data.toString() });
            waiting.add(shard.shardId);
            await gate;
            await input.checkpointer.checkpoint();
          },
        }),
      },
    });
    await waitFor('both batches in progress', () => waiting.size === 2);
    const table = new LeaseTable(env.ctx, 'app');
    expect(table.take(table.get(shardId(0))!, 'thief')).toBeDefined();
    release();
    await waitFor('leaseLost', () => events.some((e) => e.kind === 'leaseLost'));
    expect(events.filter((e) => e.kind === 'leaseLost')).toEqual([{ kind: 'leaseLost', shardId: shardId(0) }]);
    fill(env, keys[1]!, 'c', 1);
    await waitFor('c-0 on the shard kept', () => recordsOf(events, shardId(1)).includes('c-0'));
    expect(w.log.some((l) => l.startsWith(`${shardId(0)}: the record processor's checkpoint was refused`))).toBe(true);
    const result = await w.stop();
    expect(result.recordsProcessed).toEqual({ [shardId(0)]: 2, [shardId(1)]: 3 });
  });

  test("an expired lease of another worker is taken when the clock passes the failover time, and processing resumes from its checkpoint", async () => {
    env = testEnv();
    createActive(env, 's', 1);
    setThroughputEnforcement(env.ctx, false);
    const table = new LeaseTable(env.ctx, 'app');
    const stream = call(env, 'DescribeStreamSummary', { StreamName: 's' }).StreamDescriptionSummary;
    const [a0, a1] = putRecords(env.ctx, 's', [{ data: 'a-0' }, { data: 'a-1' }, { data: 'a-2' }]);
    table.create({
      leaseKey: shardId(0),
      streamName: 's',
      streamCreatedAt: stream.StreamCreationTimestamp.getTime(),
      checkpoint: { sequenceNumber: 'TRIM_HORIZON', subSequenceNumber: 0 },
      parentShardIds: [],
      hashKeyRange: { startingHashKey: '0', endingHashKey: (2n ** 128n - 1n).toString() },
    });
    const dead = table.take(table.get(shardId(0))!, 'dead')!;
    table.checkpoint(dead, 'dead', { sequenceNumber: a1!.sequenceNumber, subSequenceNumber: 0 });
    expect(a0).toBeDefined();
    const events: Event[] = [];
    const w = start(env.ctx, { failoverTimeMillis: 300, processor: { kind: 'factory', create: recorder(events) } });
    // dead's lease is fresh on the (frozen) clock: nothing to take (1 lease, 2 workers: target 1,
    // and dead holds exactly 1); the worker decides every 100 ms: give it a few rounds
    await waitFor('the worker', () => w.log.some((l) => l.includes('consuming stream')));
    await new Promise((r) => setTimeout(r, 400));
    expect(events).toEqual([]);
    expect(table.get(shardId(0))!.leaseOwner).toBe('dead');
    env.advance(301);
    await waitFor('a-2', () => recordsOf(events).length === 1);
    expect(events[0]).toEqual({ kind: 'initialize', shardId: shardId(0), value: a1!.sequenceNumber });
    expect(recordsOf(events)).toEqual(['a-2']);
    expect(table.get(shardId(0))!.ownerSwitchesSinceCheckpoint).toBe(0); // checkpointed since the switch
    await w.stop();
  });
});

describe('resharding', () => {
  test('children wait for their parent to be finished, then start at TRIM_HORIZON', async () => {
    env = testEnv();
    createActive(env, 's', 2);
    setThroughputEnforcement(env.ctx, false);
    const parent = fill(env, '0', 'p', 4);
    const mid = (2n ** 126n).toString();
    call(env, 'SplitShard', { StreamName: 's', ShardToSplit: shardId(0), NewStartingHashKey: mid });
    settle(env);
    const low = fill(env, '0', 'low', 2);
    const high = fill(env, mid, 'high', 2);
    const events: Event[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const w = start(env.ctx, {
      cleanupLeasesUponShardCompletion: false,
      processor: {
        kind: 'factory',
        create: recorder(events, { beforeCheckpoint: (id) => (id === shardId(0) ? gate : Promise.resolve()) }),
      },
    });
    await waitFor('the parent in progress and the children leased', () => {
      const owners = describeLeases(env.ctx, { applicationName: 'app' }).Leases.filter((l) => l.LeaseOwner === 'w1');
      return recordsOf(events, shardId(0)).length === 4 && owners.length === 4;
    });
    // the children's consumers poll their parent every 20 ms; give them a few polls
    await new Promise((r) => setTimeout(r, 200));
    expect(events.filter((e) => e.shardId === shardId(2) || e.shardId === shardId(3))).toEqual([]);
    release();
    await waitFor('the children', () => recordsOf(events, shardId(2)).length === 2 && recordsOf(events, shardId(3)).length === 2);
    const ended = events.findIndex((e) => e.kind === 'shardEnded' && e.shardId === shardId(0));
    const firstChild = events.findIndex((e) => e.shardId === shardId(2) || e.shardId === shardId(3));
    expect(ended).toBeGreaterThan(-1);
    expect(ended).toBeLessThan(firstChild);
    expect(events.filter((e) => e.kind === 'initialize' && e.shardId !== shardId(0) && e.shardId !== shardId(1)).map((e) => e.value)).toEqual([
      'TRIM_HORIZON',
      'TRIM_HORIZON',
    ]);
    expect(recordsOf(events, shardId(0))).toEqual(parent);
    expect(recordsOf(events, shardId(2))).toEqual(low);
    expect(recordsOf(events, shardId(3))).toEqual(high);
    const leases = describeLeases(env.ctx, { applicationName: 'app' }).Leases;
    expect(leases.find((l) => l.LeaseKey === shardId(0))).toMatchObject({
      Checkpoint: 'SHARD_END',
      LeaseState: 'FINISHED',
      ChildShardIds: [shardId(2), shardId(3)],
    });
    expect(leases.find((l) => l.LeaseKey === shardId(2))!.ParentShardIds).toEqual([shardId(0)]);
    await w.stop();
  });

  test('a shard that ends while being read: children are leased from ChildShards, and the finished parent is cleaned up', async () => {
    env = testEnv();
    createActive(env, 's', 1);
    setThroughputEnforcement(env.ctx, false);
    fill(env, '0', 'p', 2);
    const events: Event[] = [];
    const w = start(env.ctx, { shardSyncIntervalMillis: 50, processor: { kind: 'factory', create: recorder(events) } });
    await waitFor('2 records', () => recordsOf(events).length === 2);
    call(env, 'SplitShard', { StreamName: 's', ShardToSplit: shardId(0), NewStartingHashKey: (2n ** 127n).toString() });
    settle(env);
    fill(env, '0', 'c', 1);
    fill(env, (2n ** 127n).toString(), 'd', 1);
    await waitFor('the children records', () => recordsOf(events, shardId(1)).length === 1 && recordsOf(events, shardId(2)).length === 1);
    expect(w.log).toContain(`created lease ${shardId(1)} (child of ${shardId(0)})`);
    expect(events.find((e) => e.kind === 'shardEnded')).toEqual({ kind: 'shardEnded', shardId: shardId(0) });
    // both children have checkpointed a record: the next shard sync removes the finished parent's lease
    await waitFor('the cleanup', () => w.log.includes(`removed lease ${shardId(0)} (finished, children started)`));
    expect(new LeaseTable(env.ctx, 'app').list().map((l) => l.leaseKey)).toEqual([shardId(1), shardId(2)]);
    await w.stop();
  });

  test('a processor that does not checkpoint at shardEnded leaves the shard unfinished, and the children waiting', async () => {
    env = testEnv();
    createActive(env, 's', 1);
    setThroughputEnforcement(env.ctx, false);
    call(env, 'SplitShard', { StreamName: 's', ShardToSplit: shardId(0), NewStartingHashKey: (2n ** 127n).toString() });
    settle(env);
    const events: Event[] = [];
    const lazy = (shard: ShardContext): RecordProcessor => ({
      ...recorder(events)(shard),
      async shardEnded() {
        events.push({ kind: 'shardEnded', shardId: shard.shardId });
      },
    });
    const w = start(env.ctx, { failoverTimeMillis: 60_000, processor: { kind: 'factory', create: lazy } });
    await waitFor('shardEnded', () => events.some((e) => e.kind === 'shardEnded'));
    await waitFor('the complaint', () => w.log.some((l) => l.includes('did not checkpoint at SHARD_END')));
    expect(new LeaseTable(env.ctx, 'app').get(shardId(0))!.checkpoint.sequenceNumber).toBe('TRIM_HORIZON');
    expect(events.filter((e) => e.shardId !== shardId(0))).toEqual([]);
    await w.stop();
  });
});

describe('record processors', () => {
  test('the aws-kcl fixture as a MultiLangDaemon child process, one per shard', async () => {
    env = testEnv();
    createActive(env, 's', 2);
    setThroughputEnforcement(env.ctx, false);
    const keys = shardStartKeys(2);
    const expected = keys.map((k, i) => fill(env, k, `s${i}`, 3));
    const log = join(tempDir(), 'events.log');
    const w = start(env.ctx, {
      processor: { kind: 'multilang', command: 'node processor.js', cwd: FIXTURE_DIR, env: { ...process.env, KCL_FIXTURE_LOG: log } },
    });
    await waitFor('6 records checkpointed', () => readEvents(log).filter((e) => e.event === 'checkpoint').length === 2);
    await w.stop();
    const events = readEvents(log);
    for (let i = 0; i < 2; i++) {
      const mine = events.filter((e) => e.shardId === shardId(i));
      expect(mine.filter((e) => e.event === 'record').map((e) => e.data)).toEqual(expected[i]);
      expect(mine.map((e) => e.event).filter((e) => e !== 'record')).toEqual(['initialize', 'checkpoint', 'shutdownRequested', 'leaseLost']);
      expect(new Set(mine.map((e) => e.pid)).size).toBe(1);
      expect(mine.find((e) => e.event === 'checkpoint')!.error).toBeNull();
    }
    expect(events.find((e) => e.shardId === shardId(0))!.pid).not.toBe(events.find((e) => e.shardId === shardId(1))!.pid);
  });

  test('the MultiLangDaemon answers a bad checkpoint with the exception name', async () => {
    env = testEnv();
    createActive(env, 's', 1);
    setThroughputEnforcement(env.ctx, false);
    fill(env, '0', 'r', 2);
    const log = join(tempDir(), 'events.log');
    const w = start(env.ctx, {
      processor: { kind: 'multilang', command: 'node checkpoint_probe.js', cwd: FIXTURE_DIR, env: { ...process.env, KCL_FIXTURE_LOG: log } },
    });
    await waitFor('the probe', () => readEvents(log).filter((e) => e.event === 'checkpoint').length === 3);
    await w.stop();
    const results = readEvents(log).filter((e) => e.event === 'checkpoint');
    expect(results.map((e) => e.error)).toEqual(['IllegalArgumentException', 'IllegalArgumentException', null]);
  });

  test('a record processor that dies stops the worker with its exit status', async () => {
    env = testEnv();
    createActive(env, 's', 1);
    const w = start(env.ctx, { processor: { kind: 'multilang', command: `${process.execPath} -e process.exit(3)` } });
    await expect(w.result).rejects.toThrow(/^The record processor for shardId-000000000000 \(.* -e process.exit\(3\)\) exited with status 3: /);
    expect(new LeaseTable(env.ctx, 'app').get(shardId(0))!.leaseOwner).toBeNull();
  });

  test('a shell command gets one JSON line per record; a failing batch is run again and checkpointed only once it succeeds', async () => {
    env = testEnv();
    createActive(env, 's', 1);
    setThroughputEnforcement(env.ctx, false);
    const dir = tempDir();
    putRecords(env.ctx, 's', [{ data: 'hello', key: 'truck-1' }]);
    call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'bin', Data: Buffer.from([0xff, 0xfe]) });
    const script = `if [ -e ${dir}/failed ]; then cat >> ${dir}/out.jsonl; echo "ok $AWSMSG_SHARD_ID $AWSMSG_RECORD_COUNT"; else touch ${dir}/failed; exit 4; fi`;
    const out: string[] = [];
    const w = start(env.ctx, { processor: { kind: 'exec', command: script, backoffMs: 20 }, out: (t) => out.push(t) });
    await waitFor('the checkpoint', () => describeLeases(env.ctx, { applicationName: 'app' }).Leases[0]?.LagRecords === 0);
    await w.stop();
    const lines = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({
      shardId: shardId(0),
      sequenceNumber: expect.stringMatching(/^\d{56}$/),
      subSequenceNumber: 0,
      partitionKey: 'truck-1',
      approximateArrivalTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      data: Buffer.from('hello').toString('base64'),
      text: 'hello',
    });
    expect(lines[1]).toMatchObject({ partitionKey: 'bin', data: '//4=' });
    expect(lines[1]).not.toHaveProperty('text');
    expect(out).toEqual([`ok ${shardId(0)} 2\n`]);
    expect(w.log.some((l) => l.includes('the command exited with status 4; running the batch of 2 records again'))).toBe(true);
  });
});
