import { afterEach, describe, expect, it } from 'vitest';
import { call, data, envWithStream, settle, type Env } from './helpers.js';

let env: Env;
afterEach(() => env?.cleanup());

const HOUR = 3_600_000;
const SHARD0 = 'shardId-000000000000';
const trim = (e: Env, shard = SHARD0): string[] => {
  const it = call(e, 'GetShardIterator', { StreamName: 's', ShardId: shard, ShardIteratorType: 'TRIM_HORIZON' }).ShardIterator;
  return call(e, 'GetRecords', { ShardIterator: it }).Records.map((r: { Data: Buffer }) => r.Data.toString());
};
const put = (e: Env, text: string) => call(e, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data(text) });

describe('retention', () => {
  it('drops records older than the retention period and moves TRIM_HORIZON with them', () => {
    env = envWithStream('s', 1, { enforce: false });
    put(env, 'a');
    env.advance(12 * HOUR);
    put(env, 'b');
    expect(trim(env)).toEqual(['a', 'b']);
    env.advance(12 * HOUR - 1);
    expect(trim(env)).toEqual(['a', 'b']);
    env.advance(1);
    expect(trim(env)).toEqual(['b']);
    env.advance(12 * HOUR);
    expect(trim(env)).toEqual([]);
  });

  it('makes an iterator that pointed at expired records read from the trim horizon', () => {
    env = envWithStream('s', 1, { enforce: false });
    put(env, 'old');
    const it = call(env, 'GetShardIterator', { StreamName: 's', ShardId: SHARD0, ShardIteratorType: 'TRIM_HORIZON' }).ShardIterator;
    env.advance(24 * HOUR - 60_000);
    put(env, 'new');
    env.advance(60_000);
    const ts = call(env, 'GetShardIterator', { StreamName: 's', ShardId: SHARD0, ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(0) }).ShardIterator;
    expect(call(env, 'GetRecords', { ShardIterator: ts }).Records.map((r: { Data: Buffer }) => r.Data.toString())).toEqual(['new']);
    expect(it).toBeTruthy();
  });

  it('keeps longer with a longer period, but never brings back expired records', () => {
    env = envWithStream('s', 1, { enforce: false });
    call(env, 'IncreaseStreamRetentionPeriod', { StreamName: 's', RetentionPeriodHours: 48 });
    put(env, 'a');
    env.advance(30 * HOUR);
    expect(trim(env)).toEqual(['a']);
    call(env, 'DecreaseStreamRetentionPeriod', { StreamName: 's', RetentionPeriodHours: 24 });
    expect(trim(env)).toEqual([]);
    call(env, 'IncreaseStreamRetentionPeriod', { StreamName: 's', RetentionPeriodHours: 72 });
    expect(trim(env)).toEqual([]);
  });

  it('keeps closed shards readable until their records expire, then lists them no more', () => {
    env = envWithStream('s', 1, { enforce: false });
    put(env, 'parent-record');
    call(env, 'SplitShard', { StreamName: 's', ShardToSplit: SHARD0, NewStartingHashKey: '170141183460469231731687303715884105728' });
    settle(env);
    env.advance(23 * HOUR);
    expect(trim(env)).toEqual(['parent-record']);
    expect(call(env, 'ListShards', { StreamName: 's' }).Shards).toHaveLength(3);
    env.advance(HOUR);
    expect(call(env, 'ListShards', { StreamName: 's' }).Shards.map((s: { ShardId: string }) => s.ShardId)).toEqual([
      'shardId-000000000001',
      'shardId-000000000002',
    ]);
    expect(() => trim(env)).toThrow(`Shard ${SHARD0} in stream s under account 000000000000 does not exist`);
  });
});
