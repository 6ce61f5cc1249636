/**
 * What `awsmsg status` reads of a stream beyond AWS's operations: its records within the
 * retention period, and the calls refused for throughput lately (counted as CloudWatch's
 * Read/WriteProvisionedThroughputExceeded count them).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { streamRecordCount, THROTTLE_KEEP_MS, throttledCalls } from '../../../src/services/kinesis/index.js';
import { listApplications } from '../../../src/kcl/describe.js';
import { LeaseTable } from '../../../src/kcl/leases.js';
import { call, createActive, data, envWithStream, expectError, settle, testEnv, type Env } from './helpers.js';

let env: Env;
afterEach(() => env?.cleanup());

const put = (e: Env, key = 'k', stream = 's') => call(e, 'PutRecord', { StreamName: stream, PartitionKey: key, Data: data('x') });

describe('streamRecordCount', () => {
  it('counts the records within the retention period, closed shards included', () => {
    env = envWithStream('s', 2, { enforce: false });
    expect(streamRecordCount(env.ctx, 's')).toBe(0);
    for (let i = 0; i < 5; i++) put(env, `k${i}`);
    const firstArrival = env.store.clock.now();
    expect(streamRecordCount(env.ctx, 's')).toBe(5);
    call(env, 'UpdateShardCount', { StreamName: 's', TargetShardCount: 1, ScalingType: 'UNIFORM_SCALING' });
    settle(env);
    put(env);
    expect(streamRecordCount(env.ctx, 's')).toBe(6);
    env.advance(firstArrival + 24 * 3_600_000 - 1 - env.store.clock.now());
    expect(streamRecordCount(env.ctx, 's')).toBe(6);
    env.advance(1); // the first five are past the 24 hours (not yet purged): only the sixth counts
    expect(streamRecordCount(env.ctx, 's')).toBe(1);
    expect(streamRecordCount(env.ctx, 'nope')).toBeUndefined();
  });
});

describe('throttledCalls', () => {
  it('counts refused reads (calls) and writes (records) per stream, over a window of the clock', () => {
    env = envWithStream('s', 1);
    createActive(env, 'other', 1);
    const batch = (n: number) => ({ StreamName: 's', Records: Array.from({ length: n }, () => ({ PartitionKey: 'h', Data: Buffer.alloc(0) })) });
    call(env, 'PutRecords', batch(500));
    call(env, 'PutRecords', batch(500));
    expect(call(env, 'PutRecords', batch(3)).FailedRecordCount).toBe(3);
    expectError(env, 'PutRecord', { StreamName: 's', PartitionKey: 'h', Data: data('') }, 'ProvisionedThroughputExceededException');
    // reads on the other (empty) stream: 5 calls a second each for GetShardIterator and GetRecords
    const it = { StreamName: 'other', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' };
    const iterators = Array.from({ length: 5 }, () => call(env, 'GetShardIterator', it).ShardIterator as string);
    expectError(env, 'GetShardIterator', it, 'ProvisionedThroughputExceededException');
    for (let i = 0; i < 5; i++) call(env, 'GetRecords', { ShardIterator: iterators[i] });
    expectError(env, 'GetRecords', { ShardIterator: iterators[0] }, 'ProvisionedThroughputExceededException');
    expect(throttledCalls(env.ctx, 's', 60_000)).toEqual({ Reads: 0, Writes: 4 });
    expect(throttledCalls(env.ctx, 'other', 60_000)).toEqual({ Reads: 2, Writes: 0 });

    env.advance(60_000);
    expect(throttledCalls(env.ctx, 's', 60_000)).toEqual({ Reads: 0, Writes: 0 });
    expect(throttledCalls(env.ctx, 's', 120_000)).toEqual({ Reads: 0, Writes: 4 });
    // counts are kept THROTTLE_KEEP_MS; a longer window sees no further back
    env.advance(THROTTLE_KEEP_MS);
    expect(throttledCalls(env.ctx, 's', 10 * THROTTLE_KEEP_MS)).toEqual({ Reads: 0, Writes: 0 });
    expect(throttledCalls(env.ctx, 'other', 10 * THROTTLE_KEEP_MS)).toEqual({ Reads: 0, Writes: 0 });
    expect(throttledCalls(env.ctx, 'nope', 60_000)).toBeUndefined();
  });

  it('forgets a deleted stream', () => {
    env = envWithStream('s', 1);
    const batch = { StreamName: 's', Records: Array.from({ length: 500 }, () => ({ PartitionKey: 'h', Data: Buffer.alloc(0) })) };
    call(env, 'PutRecords', batch);
    call(env, 'PutRecords', batch);
    expect(call(env, 'PutRecords', batch).FailedRecordCount).toBe(500);
    call(env, 'DeleteStream', { StreamName: 's' });
    env.advance(60_000);
    createActive(env, 's', 1);
    expect(throttledCalls(env.ctx, 's', THROTTLE_KEEP_MS)).toEqual({ Reads: 0, Writes: 0 });
  });
});

describe('listApplications', () => {
  it("names the applications with leases in the context's region, once each, in order", () => {
    env = testEnv();
    expect(listApplications(env.ctx)).toEqual([]);
    const lease = (table: LeaseTable, key: string) =>
      table.create({
        leaseKey: key,
        streamName: 's',
        streamCreatedAt: 0,
        checkpoint: { sequenceNumber: 'TRIM_HORIZON', subSequenceNumber: 0 },
        parentShardIds: [],
        hashKeyRange: { startingHashKey: '0', endingHashKey: '1' },
      });
    lease(new LeaseTable(env.ctx, 'zeta'), 'shardId-000000000000');
    lease(new LeaseTable(env.ctx, 'alpha'), 'shardId-000000000000');
    lease(new LeaseTable(env.ctx, 'alpha'), 'shardId-000000000001');
    lease(new LeaseTable(env.inRegion('eu-west-1'), 'elsewhere'), 'shardId-000000000000');
    expect(listApplications(env.ctx)).toEqual(['alpha', 'zeta']);
    expect(listApplications(env.inRegion('eu-west-1'))).toEqual(['elsewhere']);
  });
});
