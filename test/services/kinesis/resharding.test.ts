import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { evenRanges, HASH_SPACE, MAX_HASH_KEY } from '../../../src/services/kinesis/hashkey.js';
import { setThroughputEnforcement } from '../../../src/services/kinesis/index.js';
import { ACCOUNT, call, createActive, data, envWithStream, expectError, settle, testEnv, type Env } from './helpers.js';

let env: Env;
afterEach(() => env?.cleanup());

interface Shard {
  ShardId: string;
  ParentShardId?: string;
  AdjacentParentShardId?: string;
  HashKeyRange: { StartingHashKey: string; EndingHashKey: string };
  SequenceNumberRange: { StartingSequenceNumber: string; EndingSequenceNumber?: string };
}

const shards = (e: Env, stream = 's'): Shard[] => call(e, 'ListShards', { StreamName: stream }).Shards;
const open = (e: Env, stream = 's'): Shard[] => shards(e, stream).filter((s) => !s.SequenceNumberRange.EndingSequenceNumber);
const byHash = (list: Shard[]): Shard[] =>
  [...list].sort((a, b) => (BigInt(a.HashKeyRange.StartingHashKey) < BigInt(b.HashKeyRange.StartingHashKey) ? -1 : 1));
const status = (e: Env, stream = 's'): string => call(e, 'DescribeStreamSummary', { StreamName: stream }).StreamDescriptionSummary.StreamStatus;
const HALF = (HASH_SPACE / 2n).toString();

function readAll(e: Env, shardId: string, stream = 's'): { texts: string[]; childShards?: unknown; next?: string } {
  let it = call(e, 'GetShardIterator', { StreamName: stream, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }).ShardIterator;
  const texts: string[] = [];
  for (;;) {
    const out = call(e, 'GetRecords', { ShardIterator: it });
    texts.push(...out.Records.map((r: { Data: Buffer }) => r.Data.toString()));
    if (!out.NextShardIterator || out.Records.length === 0) return { texts, childShards: out.ChildShards, next: out.NextShardIterator };
    it = out.NextShardIterator;
  }
}

describe('SplitShard', () => {
  it('closes the parent and opens two children with AWS ids, ranges and lineage when the update completes', () => {
    env = envWithStream('s', 1, { enforce: false });
    call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'a', Data: data('before') });
    expect(call(env, 'SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: HALF })).toEqual({});
    expect(status(env)).toBe('UPDATING');
    expect(shards(env).map((s) => s.ShardId)).toEqual(['shardId-000000000000']);
    call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'a', Data: data('during') });
    settle(env);
    expect(status(env)).toBe('ACTIVE');
    const [parent, left, right] = shards(env);
    expect(parent!.SequenceNumberRange.EndingSequenceNumber).toMatch(/^\d{56}$/);
    expect(left).toMatchObject({
      ShardId: 'shardId-000000000001',
      ParentShardId: 'shardId-000000000000',
      HashKeyRange: { StartingHashKey: '0', EndingHashKey: (HASH_SPACE / 2n - 1n).toString() },
    });
    expect(right).toMatchObject({
      ShardId: 'shardId-000000000002',
      ParentShardId: 'shardId-000000000000',
      HashKeyRange: { StartingHashKey: HALF, EndingHashKey: MAX_HASH_KEY.toString() },
    });
    expect(left!.AdjacentParentShardId).toBeUndefined();
    const end = BigInt(parent!.SequenceNumberRange.EndingSequenceNumber!);
    for (const c of [left!, right!]) expect(BigInt(c.SequenceNumberRange.StartingSequenceNumber) > end).toBe(true);
    const after = call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'a', Data: data('after') });
    expect(after.ShardId).not.toBe('shardId-000000000000');
    const p = readAll(env, 'shardId-000000000000');
    expect(p.texts).toEqual(['before', 'during']);
    expect(p.next).toBeUndefined();
    expect(p.childShards).toEqual([
      { ShardId: 'shardId-000000000001', ParentShards: ['shardId-000000000000'], HashKeyRange: left!.HashKeyRange },
      { ShardId: 'shardId-000000000002', ParentShards: ['shardId-000000000000'], HashKeyRange: right!.HashKeyRange },
    ]);
    expect(readAll(env, after.ShardId).texts).toEqual(['after']);
  });

  it('answers a LATEST iterator on a closed shard with its children at once', () => {
    env = envWithStream('s', 1, { enforce: false });
    call(env, 'SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: HALF });
    settle(env);
    const it = call(env, 'GetShardIterator', { StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' }).ShardIterator;
    const out = call(env, 'GetRecords', { ShardIterator: it });
    expect(out.Records).toEqual([]);
    expect(out.NextShardIterator).toBeUndefined();
    expect(out.ChildShards).toHaveLength(2);
  });

  it('validates the shard, the hash key and the stream state with AWS messages', () => {
    env = envWithStream('s', 3);
    expectError(env, 'SplitShard', { StreamName: 's', ShardToSplit: 'shard-0', NewStartingHashKey: '1' }, 'InvalidArgumentException',
      `NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000000 in stream s under account ${ACCOUNT} is not both greater than one plus the shard's StartingHashKey 0 and less than the shard's EndingHashKey 113427455640312821154458202477256070484.`);
    expectError(env, 'SplitShard', { StreamName: 's', ShardToSplit: 'shardId-5', NewStartingHashKey: '10' }, 'ResourceNotFoundException',
      `Could not find shard shardId-000000000005 in stream s under account ${ACCOUNT}.`);
    expectError(env, 'SplitShard', { StreamName: 'nope', ShardToSplit: 'ABKLFD8', NewStartingHashKey: '10' }, 'ResourceNotFoundException',
      `Could not find shard ABKLFD8 in stream nope under account ${ACCOUNT}.`);
    expectError(env, 'SplitShard', { StreamName: 'nope', ShardToSplit: 'shardId-0', NewStartingHashKey: '10' }, 'ResourceNotFoundException',
      `Stream nope under account ${ACCOUNT} not found.`);
    call(env, 'SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '10' });
    expectError(env, 'SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000001', NewStartingHashKey: HALF }, 'ResourceInUseException',
      `Stream s under account ${ACCOUNT} not ACTIVE, instead in state UPDATING`);
    settle(env);
    expectError(env, 'SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '100' }, 'InvalidArgumentException',
      `Shard shardId-000000000000 in stream s under account ${ACCOUNT} has already been merged or split, and thus is not eligible for merging or splitting.`);
    expect(byHash(open(env)).map((s) => s.HashKeyRange.StartingHashKey).slice(0, 2)).toEqual(['0', '10']);
  });

  it('respects the account shard limit', () => {
    env = testEnv();
    createActive(env, 'big', 499);
    createActive(env, 's', 1);
    expectError(env, 'SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: HALF }, 'LimitExceededException',
      /^This request would exceed the shard limit for the account 000000000000 in us-east-1\. Current shard count for the account: 500\. Limit: 500\. Number of additional shards that would have resulted from this request: 1\./);
  });
});

describe('MergeShards', () => {
  it('makes one child of two adjacent shards, naming both parents', () => {
    env = envWithStream('s', 3, { enforce: false });
    call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'x', Data: data('in-0'), ExplicitHashKey: '0' });
    expect(call(env, 'MergeShards', { StreamName: 's', ShardToMerge: 'shardId-000000000000', AdjacentShardToMerge: 'shardId-000000000001' })).toEqual({});
    settle(env);
    const child = shards(env).find((s) => s.ShardId === 'shardId-000000000003')!;
    expect(child).toMatchObject({
      ParentShardId: 'shardId-000000000000',
      AdjacentParentShardId: 'shardId-000000000001',
      HashKeyRange: { StartingHashKey: '0', EndingHashKey: '226854911280625642308916404954512140969' },
    });
    expect(open(env).map((s) => s.ShardId)).toEqual(['shardId-000000000002', 'shardId-000000000003']);
    const p = readAll(env, 'shardId-000000000001');
    expect(p.childShards).toEqual([
      { ShardId: 'shardId-000000000003', ParentShards: ['shardId-000000000000', 'shardId-000000000001'], HashKeyRange: child.HashKeyRange },
    ]);
    expect(readAll(env, 'shardId-000000000000').texts).toEqual(['in-0']);
    expect(call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'x', Data: data(''), ExplicitHashKey: '0' }).ShardId).toBe('shardId-000000000003');
  });

  it('requires the lower shard first and adjacent ranges', () => {
    env = envWithStream('s', 3);
    for (const [a, b] of [['0', '2'], ['1', '0']]) {
      expectError(env, 'MergeShards', { StreamName: 's', ShardToMerge: `shardId-${a}`, AdjacentShardToMerge: `shard-${b}` }, 'InvalidArgumentException',
        `Shards shardId-00000000000${a} and shardId-00000000000${b} in stream s under account ${ACCOUNT} are not an adjacent pair of shards eligible for merging`);
    }
    expectError(env, 'MergeShards', { StreamName: 's', ShardToMerge: 'shardId-0', AdjacentShardToMerge: 'shardId-9' }, 'ResourceNotFoundException',
      `Could not find shard shardId-000000000009 in stream s under account ${ACCOUNT}.`);
  });
});

describe('UpdateShardCount (uniform scaling)', () => {
  const scale = (e: Env, n: number) => call(e, 'UpdateShardCount', { StreamName: 's', TargetShardCount: n, ScalingType: 'UNIFORM_SCALING' });

  it('doubles by splitting every shard in two', () => {
    env = envWithStream('s', 3);
    expect(scale(env, 6)).toEqual({ StreamName: 's', CurrentShardCount: 3, TargetShardCount: 6, StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/s` });
    expect(status(env)).toBe('UPDATING');
    expect(open(env)).toHaveLength(3);
    settle(env);
    const now = open(env);
    expect(now.map((s) => s.ShardId)).toEqual(['shardId-000000000003', 'shardId-000000000004', 'shardId-000000000005', 'shardId-000000000006', 'shardId-000000000007', 'shardId-000000000008']);
    expect(now.map((s) => s.ParentShardId)).toEqual(['shardId-000000000000', 'shardId-000000000000', 'shardId-000000000001', 'shardId-000000000001', 'shardId-000000000002', 'shardId-000000000002']);
    expectTiling(now);
    const widths = now.map((s) => BigInt(s.HashKeyRange.EndingHashKey) - BigInt(s.HashKeyRange.StartingHashKey) + 1n);
    for (const w of widths) expect(w - HASH_SPACE / 6n < 8n && HASH_SPACE / 6n - w < 8n).toBe(true);
  });

  it('halves by merging neighbours, and scales to counts that are not multiples', () => {
    env = envWithStream('s', 4);
    scale(env, 2);
    settle(env);
    expect(open(env).map((s) => [s.ParentShardId, s.AdjacentParentShardId])).toEqual([
      ['shardId-000000000000', 'shardId-000000000001'],
      ['shardId-000000000002', 'shardId-000000000003'],
    ]);
    env.cleanup();
    env = envWithStream('s', 4);
    scale(env, 5);
    settle(env);
    expect(shards(env)).toHaveLength(15); // 4 parents, 8 split halves, 3 merges: AWS's short-lived shards
    const now = open(env);
    expect(now).toHaveLength(5);
    expectTiling(now);
    expect(byHash(now).map((s) => s.HashKeyRange.StartingHashKey)).toEqual(evenRanges(5).map((r) => r.start.toString()));
  });

  it('enforces AWS limits: double, half, 10 per day', () => {
    env = envWithStream('s', 2);
    expectError(env, 'UpdateShardCount', { StreamName: 's', TargetShardCount: 5, ScalingType: 'UNIFORM_SCALING' }, 'LimitExceededException',
      'UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: 2, Target shard count: 5');
    expectError(env, 'UpdateShardCount', { StreamName: 's', TargetShardCount: 0, ScalingType: 'UNIFORM_SCALING' }, 'ValidationException');
    env.cleanup();
    env = envWithStream('s', 5);
    expectError(env, 'UpdateShardCount', { StreamName: 's', TargetShardCount: 2, ScalingType: 'UNIFORM_SCALING' }, 'LimitExceededException',
      'UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: 5, Target shard count: 2');
    for (let i = 0; i < 10; i++) {
      scale(env, i % 2 === 0 ? 6 : 5);
      settle(env);
    }
    expectError(env, 'UpdateShardCount', { StreamName: 's', TargetShardCount: 6, ScalingType: 'UNIFORM_SCALING' }, 'LimitExceededException');
    env.advance(24 * 3600 * 1000);
    scale(env, 6);
  });
});

function expectTiling(list: Shard[]): void {
  const sorted = [...list].sort((a, b) => (BigInt(a.HashKeyRange.StartingHashKey) < BigInt(b.HashKeyRange.StartingHashKey) ? -1 : 1));
  expect(sorted[0]!.HashKeyRange.StartingHashKey).toBe('0');
  expect(sorted[sorted.length - 1]!.HashKeyRange.EndingHashKey).toBe(MAX_HASH_KEY.toString());
  for (let i = 1; i < sorted.length; i++) {
    expect(BigInt(sorted[i]!.HashKeyRange.StartingHashKey)).toBe(BigInt(sorted[i - 1]!.HashKeyRange.EndingHashKey) + 1n);
  }
}

describe('resharding lineage (property)', () => {
  it('keeps the open shards tiling the key space, parents before children, and no record lost', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.bigInt({ min: 1n, max: (1n << 64n) })), { minLength: 1, maxLength: 8 }), (ops) => {
        const e = envWithStream('s', 2);
        try {
          setThroughputEnforcement(e.ctx, false);
          let written = 0;
          for (const [split, pick, frac] of ops) {
            call(e, 'PutRecord', { StreamName: 's', PartitionKey: `k${written}`, Data: data(String(written)) });
            written++;
            const o = open(e).sort((a, b) => (BigInt(a.HashKeyRange.StartingHashKey) < BigInt(b.HashKeyRange.StartingHashKey) ? -1 : 1));
            if (split || o.length < 2) {
              const s = o[pick % o.length]!;
              const lo = BigInt(s.HashKeyRange.StartingHashKey);
              const hi = BigInt(s.HashKeyRange.EndingHashKey);
              if (hi - lo < 4n) continue;
              const at = lo + 2n + ((hi - lo - 3n) * frac) / (1n << 64n);
              call(e, 'SplitShard', { StreamName: 's', ShardToSplit: s.ShardId, NewStartingHashKey: at.toString() });
            } else {
              const i = pick % (o.length - 1);
              call(e, 'MergeShards', { StreamName: 's', ShardToMerge: o[i]!.ShardId, AdjacentShardToMerge: o[i + 1]!.ShardId });
            }
            settle(e);
          }
          const all = shards(e);
          expectTiling(all.filter((s) => !s.SequenceNumberRange.EndingSequenceNumber));
          const byId = new Map(all.map((s) => [s.ShardId, s]));
          for (const s of all) {
            for (const p of [s.ParentShardId, s.AdjacentParentShardId]) {
              if (!p) continue;
              const parent = byId.get(p)!;
              expect(parent.SequenceNumberRange.EndingSequenceNumber).toBeDefined();
              expect(BigInt(s.SequenceNumberRange.StartingSequenceNumber) > BigInt(parent.SequenceNumberRange.EndingSequenceNumber!)).toBe(true);
            }
          }
          const seen = all.flatMap((s) => readAll(e, s.ShardId).texts);
          expect(seen.sort()).toEqual(Array.from({ length: written }, (_, i) => String(i)).sort());
        } finally {
          e.cleanup();
        }
      }),
      { numRuns: 25 },
    );
  });
});
