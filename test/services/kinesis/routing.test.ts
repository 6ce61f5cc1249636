import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bigIntFromKey,
  evenRanges,
  findRange,
  HASH_SPACE,
  keyFromBigInt,
  MAX_HASH_KEY,
  partitionKeyHash,
} from '../../../src/services/kinesis/hashkey.js';
import { call, createActive, data, envWithStream, expectError, settle, testEnv, type Env } from './helpers.js';
import { setThroughputEnforcement } from '../../../src/services/kinesis/index.js';

let env: Env | undefined;
afterEach(() => {
  env?.cleanup();
  env = undefined;
});

const md5Int = (s: string): bigint => BigInt(`0x${createHash('md5').update(s, 'utf8').digest('hex')}`);

interface Shard {
  ShardId: string;
  HashKeyRange: { StartingHashKey: string; EndingHashKey: string };
  SequenceNumberRange: { EndingSequenceNumber?: string };
}

const openShards = (e: Env, name: string): Shard[] =>
  (call(e, 'ListShards', { StreamName: name, ShardFilter: { Type: 'AT_LATEST' } }).Shards as Shard[]);

/** The open shard whose inclusive hash key range holds k. */
const owner = (shards: Shard[], k: bigint): string | undefined =>
  shards.find((s) => BigInt(s.HashKeyRange.StartingHashKey) <= k && k <= BigInt(s.HashKeyRange.EndingHashKey))?.ShardId;

describe('the hash key space', () => {
  it('splits evenly at creation as AWS does (3 shards: the AWS CLI example ranges)', () => {
    expect(evenRanges(3).map((r) => [r.start.toString(), r.end.toString()])).toEqual([
      ['0', '113427455640312821154458202477256070484'],
      ['113427455640312821154458202477256070485', '226854911280625642308916404954512140969'],
      ['226854911280625642308916404954512140970', '340282366920938463463374607431768211455'],
    ]);
  });

  it('tiles [0, 2^128-1] without gaps or overlaps for any shard count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), (n) => {
        const r = evenRanges(n);
        expect(r).toHaveLength(n);
        expect(r[0]!.start).toBe(0n);
        expect(r[n - 1]!.end).toBe(MAX_HASH_KEY);
        for (let i = 1; i < n; i++) expect(r[i]!.start).toBe(r[i - 1]!.end + 1n);
        for (const x of r) expect(x.end - x.start + 1n).toBeGreaterThanOrEqual(HASH_SPACE / BigInt(n));
      }),
    );
  });

  it('hashes partition keys with MD5 of their UTF-8 bytes as a 128-bit big-endian integer', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 256 }), (pk) => {
        expect(bigIntFromKey(partitionKeyHash(pk))).toBe(md5Int(pk));
      }),
    );
    expect(bigIntFromKey(partitionKeyHash('a'))).toBe(0x0cc175b9c0f1b6a831c399e269772661n);
  });

  it('round-trips 128-bit integers through 16-byte keys and finds the owning range', () => {
    const ranges = evenRanges(7).map((r) => ({ ...r, start_key: keyFromBigInt(r.start), end_key: keyFromBigInt(r.end) }));
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_HASH_KEY }), (k) => {
        expect(bigIntFromKey(keyFromBigInt(k))).toBe(k);
        const found = findRange(ranges, keyFromBigInt(k))!;
        expect(found.start <= k && k <= found.end).toBe(true);
      }),
    );
  });
});

describe('routing records to shards', () => {
  it('sends each record to the open shard whose range holds the MD5 of its partition key', () => {
    env = envWithStream('trucks', 5);
    const shards = openShards(env, 'trucks');
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), (pk) => {
        const out = call(env!, 'PutRecord', { StreamName: 'trucks', PartitionKey: pk, Data: data('x') });
        expect(out.ShardId).toBe(owner(shards, md5Int(pk)));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps every record of one partition key in one shard, in order (100 trucks over 5 shards)', () => {
    env = testEnv();
    createActive(env, 'gps', 5);
    setThroughputEnforcement(env.ctx, false);
    const shardOf = new Map<string, string>();
    for (let point = 0; point < 10; point++) {
      const out = call(env, 'PutRecords', {
        StreamName: 'gps',
        Records: Array.from({ length: 100 }, (_, t) => ({ PartitionKey: `truck-${t}`, Data: data(`${t}:${point}`) })),
      });
      expect(out.FailedRecordCount).toBe(0);
      out.Records.forEach((r: { ShardId: string }, t: number) => {
        const was = shardOf.get(`truck-${t}`);
        if (was) expect(r.ShardId).toBe(was);
        shardOf.set(`truck-${t}`, r.ShardId);
      });
    }
    for (const s of openShards(env, 'gps')) {
      const it = call(env, 'GetShardIterator', { StreamName: 'gps', ShardId: s.ShardId, ShardIteratorType: 'TRIM_HORIZON' });
      const recs = call(env, 'GetRecords', { ShardIterator: it.ShardIterator }).Records as { Data: Buffer }[];
      const last = new Map<string, number>();
      for (const r of recs) {
        const [truck, point] = r.Data.toString().split(':');
        expect(Number(point)).toBe((last.get(truck!) ?? -1) + 1);
        last.set(truck!, Number(point));
      }
    }
    expect(new Set(shardOf.values()).size).toBe(5);
  });

  it('lets ExplicitHashKey override the partition key, with inclusive range ends', () => {
    env = envWithStream('s', 3);
    const third = HASH_SPACE / 3n;
    const put = (k: bigint): string => call(env!, 'PutRecord', { StreamName: 's', PartitionKey: 'a', Data: data(''), ExplicitHashKey: k.toString() }).ShardId;
    expect(put(0n)).toBe('shardId-000000000000');
    expect(put(third - 1n)).toBe('shardId-000000000000');
    expect(put(third)).toBe('shardId-000000000001');
    expect(put(third * 2n - 1n)).toBe('shardId-000000000001');
    expect(put(third * 2n)).toBe('shardId-000000000002');
    expect(put(MAX_HASH_KEY)).toBe('shardId-000000000002');
    const tooBig = HASH_SPACE.toString();
    expectError(env, 'PutRecord', { StreamName: 's', PartitionKey: 'a', Data: data(''), ExplicitHashKey: tooBig }, 'InvalidArgumentException',
      `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${tooBig}`);
    expectError(env, 'PutRecord', { StreamName: 's', PartitionKey: 'a', Data: data(''), ExplicitHashKey: '-1' }, 'ValidationException',
      "1 validation error detected: Value '-1' at 'explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})");
  });

  it('routes by the shards open now: after a split, keys go to the child owning them', () => {
    env = envWithStream('s', 1);
    call(env, 'SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: (HASH_SPACE / 2n).toString() });
    settle(env);
    const shards = openShards(env, 's');
    expect(shards.map((s) => s.ShardId)).toEqual(['shardId-000000000001', 'shardId-000000000002']);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (pk) => {
        expect(call(env!, 'PutRecord', { StreamName: 's', PartitionKey: pk, Data: data('') }).ShardId).toBe(owner(shards, md5Int(pk)));
      }),
      { numRuns: 100 },
    );
  });
});

describe('the MD5 used for routing', () => {
  it('equals node:crypto MD5 for any string and any bytes', async () => {
    const { md5, md5Utf8 } = await import('../../../src/core/md5.js');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        expect(md5Utf8(s).toString('hex')).toBe(createHash('md5').update(s, 'utf8').digest('hex'));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(md5(b).toString('hex')).toBe(createHash('md5').update(b).digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});
