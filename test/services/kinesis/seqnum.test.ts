import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decodeSequenceNumber,
  encodeSequenceNumber,
  endingSequenceNumber,
  MAX_SEQ_INDEX,
  startingSequenceNumber,
} from '../../../src/services/kinesis/seqnum.js';
import { setThroughputEnforcement } from '../../../src/services/kinesis/index.js';
import { call, data, envWithStream, settle, type Env } from './helpers.js';

let env: Env | undefined;
afterEach(() => {
  env?.cleanup();
  env = undefined;
});

const parts = fc.record({
  createSecs: fc.integer({ min: 1_300_000_000, max: 4_000_000_000 }),
  shardIndex: fc.integer({ min: 0, max: 2_147_483_647 }),
  seq: fc.bigInt({ min: 0n, max: MAX_SEQ_INDEX }),
  arrivalSecs: fc.integer({ min: 1_300_000_000, max: 4_000_000_000 }),
});

describe('sequence numbers', () => {
  it('decode real AWS sequence numbers (from the AWS CLI examples)', () => {
    expect(decodeSequenceNumber('49600871682957036442365024926191073437251060580128653314')).toEqual({
      createSecs: 0x5db759cd,
      shardIndex: 0,
      seq: 0n,
      arrivalSecs: 0x5db759cd,
    });
    expect(decodeSequenceNumber('49600902273357540915989931256902715169698037101720764562')).toEqual({
      createSecs: 0x5db8a8b1,
      shardIndex: 9,
      seq: 0xa1n,
      arrivalSecs: 0x5db8aac3,
    });
  });

  it('have AWS length (56 digits today) and round-trip', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const s = encodeSequenceNumber(p);
        expect(s).toMatch(/^[1-9]\d{54,57}$/);
        expect(decodeSequenceNumber(s)).toEqual(p);
      }),
    );
    expect(encodeSequenceNumber({ createSecs: 1_780_000_000, shardIndex: 3, seq: 17n, arrivalSecs: 1_780_000_100 })).toHaveLength(56);
  });

  it('order by position within a shard, whatever the arrival second', () => {
    fc.assert(
      fc.property(parts, fc.bigInt({ min: 1n, max: 1000n }), fc.integer({ min: 0, max: 10_000 }), (p, step, later) => {
        if (p.seq + step > MAX_SEQ_INDEX) return;
        const a = BigInt(encodeSequenceNumber(p));
        const b = BigInt(encodeSequenceNumber({ ...p, seq: p.seq + step, arrivalSecs: p.arrivalSecs + later }));
        expect(b > a).toBe(true);
      }),
    );
  });

  it('make every number of a later-created shard greater than any of an earlier one', () => {
    fc.assert(
      fc.property(parts, parts, (parent, child) => {
        fc.pre(child.createSecs > parent.createSecs);
        expect(BigInt(encodeSequenceNumber(child)) > BigInt(encodeSequenceNumber(parent))).toBe(true);
      }),
    );
  });

  it('bracket a shard: starting <= every record <= ending', () => {
    const start = BigInt(startingSequenceNumber(1_700_000_000, 4));
    const end = BigInt(endingSequenceNumber(1_700_000_000, 4, 1_700_003_600_000));
    const rec = BigInt(encodeSequenceNumber({ createSecs: 1_700_000_000, shardIndex: 4, seq: 99n, arrivalSecs: 1_700_001_000 }));
    expect(start < rec && rec < end).toBe(true);
  });

  it.each(['0', '5', '1234567890', '20000000000800000000000000000000000000000000002'])('reject %s as not of AWS form', (s) => {
    expect(decodeSequenceNumber(s)).toBeUndefined();
  });

  it('are increasing per shard and assigned at put time', () => {
    env = envWithStream('s', 2);
    setThroughputEnforcement(env.ctx, false);
    const bySharded = new Map<string, bigint>();
    for (let i = 0; i < 300; i++) {
      const out = call(env, 'PutRecord', { StreamName: 's', PartitionKey: `k${i % 7}`, Data: data(String(i)) });
      const n = BigInt(out.SequenceNumber);
      const prev = bySharded.get(out.ShardId);
      if (prev !== undefined) expect(n > prev).toBe(true);
      bySharded.set(out.ShardId, n);
      if (i % 50 === 0) env.advance(1500);
    }
  });

  it('stay ordered across a reshard: children above parents, for the same partition key', () => {
    env = envWithStream('s', 1);
    const before = BigInt(call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'truck-7', Data: data('a') }).SequenceNumber);
    call(env, 'SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '170141183460469231731687303715884105728' });
    const during = BigInt(call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'truck-7', Data: data('b') }).SequenceNumber);
    settle(env);
    const after = call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'truck-7', Data: data('c') });
    expect(after.ShardId).not.toBe('shardId-000000000000');
    expect(before < during && during < BigInt(after.SequenceNumber)).toBe(true);
  });

  it('honour SequenceNumberForOrdering and reject numbers that are not valid', () => {
    env = envWithStream('s', 1);
    const first = call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data('1') });
    const second = call(env, 'PutRecord', {
      StreamName: 's',
      PartitionKey: 'k',
      Data: data('2'),
      SequenceNumberForOrdering: first.SequenceNumber,
    });
    expect(BigInt(second.SequenceNumber) > BigInt(first.SequenceNumber)).toBe(true);
    const bad = '20000000000000000000000000000000000000000000004';
    const e = (() => {
      try {
        call(env!, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data('3'), SequenceNumberForOrdering: bad });
      } catch (err) {
        return err as { code: string; message: string };
      }
      return undefined;
    })();
    expect(e?.code).toBe('InvalidArgumentException');
    expect(e?.message).toBe(`ExclusiveMinimumSequenceNumber ${bad} used in PutRecord on stream s under account 000000000000 is invalid.`);
  });
});
