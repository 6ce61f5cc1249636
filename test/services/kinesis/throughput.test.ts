import { afterEach, describe, expect, it } from 'vitest';
import { isThroughputEnforced, setThroughputEnforcement } from '../../../src/services/kinesis/index.js';
import { ACCOUNT, call, data, envWithStream, expectError, type Env } from './helpers.js';

let env: Env;
afterEach(() => env?.cleanup());

const SHARD0 = 'shardId-000000000000';
const RATE = `Rate exceeded for shard ${SHARD0} in stream s under account ${ACCOUNT}.`;
const batch = (n: number, size = 1, key = 'hot') => ({
  StreamName: 's',
  Records: Array.from({ length: n }, () => ({ PartitionKey: key, Data: Buffer.alloc(size) })),
});

describe('write throughput per shard', () => {
  it('lets 1,000 records a second in and throttles the next (a hot partition key)', () => {
    env = envWithStream('s', 1);
    expect(call(env, 'PutRecords', batch(500, 0, 'h')).FailedRecordCount).toBe(0);
    expect(call(env, 'PutRecords', batch(500, 0, 'h')).FailedRecordCount).toBe(0);
    const third = call(env, 'PutRecords', batch(3, 0, 'h'));
    expect(third.FailedRecordCount).toBe(3);
    expect(third.Records[0]).toEqual({ ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: RATE });
    expectError(env, 'PutRecord', { StreamName: 's', PartitionKey: 'h', Data: data('') }, 'ProvisionedThroughputExceededException', RATE);
    env.advance(1); // one millisecond refills one record
    expect(call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'h', Data: data('') }).ShardId).toBe(SHARD0);
    expectError(env, 'PutRecord', { StreamName: 's', PartitionKey: 'h', Data: data('') }, 'ProvisionedThroughputExceededException');
    env.advance(1000);
    expect(call(env, 'PutRecords', batch(500, 0, 'h')).FailedRecordCount).toBe(0);
  });

  it('lets 1 MiB a second in, partition keys included', () => {
    env = envWithStream('s', 1);
    const out = call(env, 'PutRecords', batch(5, 256 * 1024 - 1, 'k'));
    expect(out.FailedRecordCount).toBe(1);
    expect(out.Records.map((r: { ErrorCode?: string }) => r.ErrorCode ?? 'ok')).toEqual(['ok', 'ok', 'ok', 'ok', 'ProvisionedThroughputExceededException']);
    env.advance(250);
    expect(call(env, 'PutRecords', batch(1, 256 * 1024 - 1, 'k')).FailedRecordCount).toBe(0);
  });

  it('fails only the records bound for a full shard', () => {
    env = envWithStream('s', 2);
    const low = { PartitionKey: 'x', ExplicitHashKey: '0', Data: Buffer.alloc(0) };
    const high = { PartitionKey: 'x', ExplicitHashKey: '340282366920938463463374607431768211455', Data: Buffer.alloc(0) };
    call(env, 'PutRecords', { StreamName: 's', Records: Array(500).fill(low) });
    call(env, 'PutRecords', { StreamName: 's', Records: Array(500).fill(low) });
    const mixed = call(env, 'PutRecords', { StreamName: 's', Records: [low, high, low, high] });
    expect(mixed.FailedRecordCount).toBe(2);
    expect(mixed.Records.map((r: { ShardId?: string; ErrorCode?: string }) => r.ShardId ?? r.ErrorCode)).toEqual([
      'ProvisionedThroughputExceededException',
      'shardId-000000000001',
      'ProvisionedThroughputExceededException',
      'shardId-000000000001',
    ]);
  });

  it('takes a record over 1 MiB only into a full bucket, then pays it back', () => {
    env = envWithStream('s', 1);
    call(env, 'UpdateMaxRecordSize', { StreamName: 's', MaxRecordSizeInKiB: 4096 });
    const big = { StreamName: 's', PartitionKey: 'k', Data: Buffer.alloc(3 * 1024 * 1024) };
    expect(call(env, 'PutRecord', big).ShardId).toBe(SHARD0);
    expectError(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data('x') }, 'ProvisionedThroughputExceededException');
    env.advance(2000);
    expectError(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data('x') }, 'ProvisionedThroughputExceededException');
    env.advance(10);
    expect(call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data('x') }).ShardId).toBe(SHARD0);
  });
});

describe('read throughput per shard', () => {
  const iterator = (e: Env): string => call(e, 'GetShardIterator', { StreamName: 's', ShardId: SHARD0, ShardIteratorType: 'TRIM_HORIZON' }).ShardIterator;

  it('allows 5 GetRecords calls a second', () => {
    env = envWithStream('s', 1);
    const it = iterator(env);
    for (let i = 0; i < 5; i++) call(env, 'GetRecords', { ShardIterator: it });
    expectError(env, 'GetRecords', { ShardIterator: it }, 'ProvisionedThroughputExceededException', RATE);
    env.advance(200);
    call(env, 'GetRecords', { ShardIterator: it });
  });

  it('blocks the shard for 5 seconds after a 10 MiB read (2 MiB/s)', () => {
    env = envWithStream('s', 1);
    call(env, 'UpdateMaxRecordSize', { StreamName: 's', MaxRecordSizeInKiB: 10240 });
    for (let i = 0; i < 5; i++) {
      call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: Buffer.alloc(2 * 1024 * 1024 - 1) });
      env.advance(2000);
    }
    const it = iterator(env);
    const out = call(env, 'GetRecords', { ShardIterator: it });
    expect(out.Records).toHaveLength(5);
    env.advance(4999);
    expectError(env, 'GetRecords', { ShardIterator: out.NextShardIterator }, 'ProvisionedThroughputExceededException');
    env.advance(1);
    expect(call(env, 'GetRecords', { ShardIterator: out.NextShardIterator }).Records).toEqual([]);
  });

  it('allows 5 GetShardIterator calls a second', () => {
    env = envWithStream('s', 1);
    for (let i = 0; i < 5; i++) iterator(env);
    expect(() => iterator(env)).toThrow(RATE);
  });
});

describe('the enforcement switch', () => {
  it('is on by default, per account, and turning it off lets any burst through', () => {
    env = envWithStream('s', 1);
    expect(isThroughputEnforced(env.ctx)).toBe(true);
    setThroughputEnforcement(env.ctx, false);
    expect(isThroughputEnforced(env.ctx)).toBe(false);
    expect(isThroughputEnforced({ ...env.ctx, accountId: '111111111111' })).toBe(true);
    for (let i = 0; i < 5; i++) expect(call(env, 'PutRecords', batch(500)).FailedRecordCount).toBe(0);
    setThroughputEnforcement(env.ctx, true);
    expect(call(env, 'PutRecords', batch(500)).FailedRecordCount).toBe(0);
    expect(call(env, 'PutRecords', batch(501 - 1)).FailedRecordCount).toBe(0);
    expect(call(env, 'PutRecords', batch(1)).FailedRecordCount).toBe(1);
  });
});
