import { afterEach, describe, expect, it } from 'vitest';
import { call, envWithStream, expectError, settle, T0, type Env } from './helpers.js';

let env: Env;
afterEach(() => env?.cleanup());

const ids = (out: { Shards: { ShardId: string }[] }): string[] => out.Shards.map((s) => s.ShardId.replace('shardId-00000000000', ''));

describe('ListShards', () => {
  it('needs a stream or a token, not both', () => {
    env = envWithStream('s', 2);
    expectError(env, 'ListShards', {}, 'InvalidArgumentException', 'Either NextToken or StreamName should be provided.');
    const token = call(env, 'ListShards', { StreamName: 's', MaxResults: 1 }).NextToken;
    expectError(env, 'ListShards', { StreamName: 's', NextToken: token }, 'InvalidArgumentException', 'NextToken and StreamName cannot be provided together.');
    expectError(env, 'ListShards', { StreamName: 'nope' }, 'ResourceNotFoundException', 'Stream nope under account 000000000000 not found.');
  });

  it('pages with MaxResults and NextToken, which expires after 300 seconds', () => {
    env = envWithStream('s', 5);
    const p1 = call(env, 'ListShards', { StreamName: 's', MaxResults: 2 });
    expect(ids(p1)).toEqual(['0', '1']);
    const p2 = call(env, 'ListShards', { NextToken: p1.NextToken, MaxResults: 2 });
    expect(ids(p2)).toEqual(['2', '3']);
    const p3 = call(env, 'ListShards', { NextToken: p2.NextToken, MaxResults: 2 });
    expect(ids(p3)).toEqual(['4']);
    expect(p3.NextToken).toBeUndefined();
    expect(ids(call(env, 'ListShards', { StreamName: 's', ExclusiveStartShardId: 'shardId-000000000002' }))).toEqual(['3', '4']);
    env.advance(300_001);
    expectError(env, 'ListShards', { NextToken: p2.NextToken }, 'ExpiredNextTokenException');
    expectError(env, 'ListShards', { NextToken: 'garbage' }, 'InvalidArgumentException');
  });

  it('filters shards by position in the stream history', () => {
    env = envWithStream('s', 2);
    const created = T0 + 2000;
    env.advance(60_000);
    call(env, 'SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '1000' });
    settle(env);
    const split = T0 + 2000 + 60_000 + 2000;
    const list = (f: Record<string, unknown>) => ids(call(env, 'ListShards', { StreamName: 's', ShardFilter: f }));
    expect(list({ Type: 'FROM_TRIM_HORIZON' })).toEqual(['0', '1', '2', '3']);
    expect(list({ Type: 'AT_TRIM_HORIZON' })).toEqual(['0', '1']);
    expect(list({ Type: 'AT_LATEST' })).toEqual(['1', '2', '3']);
    expect(list({ Type: 'AFTER_SHARD_ID', ShardId: 'shardId-000000000001' })).toEqual(['2', '3']);
    expect(list({ Type: 'AT_TIMESTAMP', Timestamp: new Date(created + 1000) })).toEqual(['0', '1']);
    expect(list({ Type: 'AT_TIMESTAMP', Timestamp: new Date(split + 1000) })).toEqual(['1', '2', '3']);
    expect(list({ Type: 'FROM_TIMESTAMP', Timestamp: new Date(split + 1000) })).toEqual(['1', '2', '3']);
    expect(list({ Type: 'FROM_TIMESTAMP', Timestamp: new Date(created) })).toEqual(['0', '1', '2', '3']);
    expectError(env, 'ListShards', { StreamName: 's', ShardFilter: { Type: 'AFTER_SHARD_ID' } }, 'InvalidArgumentException');
  });

  it('tells streams of the same name apart by creation time', () => {
    env = envWithStream('s', 1);
    expect(ids(call(env, 'ListShards', { StreamName: 's', StreamCreationTimestamp: new Date(T0) }))).toEqual(['0']);
    expectError(env, 'ListShards', { StreamName: 's', StreamCreationTimestamp: new Date(T0 - 1000) }, 'ResourceNotFoundException');
  });
});
