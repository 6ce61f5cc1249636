/**
 * KPL aggregated records, made by AWS's own aggregation library (aws-kinesis-agg, the format
 * the KPL writes), unpacked as the KCL unpacks them.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KinesisRecord } from '../../src/kcl/api.js';
import { deaggregate } from '../../src/kcl/deaggregate.js';
import { aggregated } from './helpers.js';

const record = (data: Buffer, partitionKey = 'k', sequenceNumber = '49590000000000000000000000000000000000000000000000000001'): KinesisRecord => ({
  SequenceNumber: sequenceNumber,
  ApproximateArrivalTimestamp: new Date(1_700_000_000_000),
  Data: data,
  PartitionKey: partitionKey,
});

const MAX = (2n ** 128n - 1n).toString();
const WHOLE = { startingHashKey: '0', endingHashKey: MAX };
const hashOf = (key: string): bigint => BigInt(`0x${createHash('md5').update(key).digest('hex')}`);

/** Magic, message, MD5: an aggregate around any message bytes. */
const wrap = (message: Buffer): Buffer =>
  Buffer.concat([Buffer.from([0xf3, 0x89, 0x9a, 0xc2]), message, createHash('md5').update(message).digest()]);

describe('deaggregate', () => {
  it('unpacks an aggregate into its user records, in order, with sub-sequence numbers', async () => {
    const users = [
      { partitionKey: 'truck-1', data: 'gps 1' },
      { partitionKey: 'truck-2', data: 'gps 2', explicitHashKey: '42' },
      { partitionKey: 'truck-1', data: 'gps 3' },
    ];
    const { data } = await aggregated(users);
    const warnings: string[] = [];
    const out = deaggregate([record(data, 'truck-1')], WHOLE, (l) => warnings.push(l));
    expect(out.map((r) => [r.partitionKey, r.data.toString(), r.subSequenceNumber])).toEqual([
      ['truck-1', 'gps 1', 0],
      ['truck-2', 'gps 2', 1],
      ['truck-1', 'gps 3', 2],
    ]);
    expect(new Set(out.map((r) => r.sequenceNumber))).toEqual(new Set(['49590000000000000000000000000000000000000000000000000001']));
    expect(out.every((r) => r.approximateArrivalTimestamp.getTime() === 1_700_000_000_000)).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('passes on plain records, and anything whose checksum or message is wrong, as they are', async () => {
    const { data } = await aggregated([{ partitionKey: 'a', data: 'x' }]);
    const badDigest = Buffer.from(data);
    badDigest[badDigest.length - 1] ^= 0xff;
    const truncated = wrap(data.subarray(4, data.length - 16 - 2));
    const notProtobuf = wrap(Buffer.from([0x0f, 0xff, 0xff]));
    const inputs = [Buffer.from('plain'), Buffer.from([0xf3, 0x89, 0x9a, 0xc2]), badDigest, truncated, notProtobuf];
    const out = deaggregate(inputs.map((d) => record(d)), WHOLE, () => undefined);
    expect(out.map((r) => r.data)).toEqual(inputs);
    expect(out.every((r) => r.subSequenceNumber === 0 && r.partitionKey === 'k')).toBe(true);
  });

  it('drops an aggregate whole when a user record hashes outside the shard (it belongs to a child of a split)', async () => {
    const low = ['a', 'b', 'c', 'd', 'e', 'f'].find((k) => hashOf(k) < 2n ** 127n)!;
    const high = ['a', 'b', 'c', 'd', 'e', 'f'].find((k) => hashOf(k) >= 2n ** 127n)!;
    const { data } = await aggregated([
      { partitionKey: low, data: 'in' },
      { partitionKey: high, data: 'out' },
    ]);
    const lowerHalf = { startingHashKey: '0', endingHashKey: (2n ** 127n - 1n).toString() };
    expect(deaggregate([record(data)], lowerHalf, () => undefined)).toEqual([]);
    expect(deaggregate([record(data)], WHOLE, () => undefined).map((r) => r.data.toString())).toEqual(['in', 'out']);
    // an explicit hash key decides instead of the partition key
    const pinned = await aggregated([{ partitionKey: high, data: 'pinned', explicitHashKey: '7' }]);
    expect(deaggregate([record(pinned.data)], lowerHalf, () => undefined).map((r) => r.data.toString())).toEqual(['pinned']);
  });

  it('takes only decimal digits for an explicit hash key', async () => {
    for (const bad of ['0x10', ' 12', '1e3']) {
      const { data } = await aggregated([
        { partitionKey: 'a', data: 'first' },
        { partitionKey: 'b', data: 'second', explicitHashKey: bad },
      ]);
      const warnings: string[] = [];
      expect(deaggregate([record(data)], WHOLE, (l) => warnings.push(l)).map((r) => r.data.toString())).toEqual(['first']);
      expect(warnings).toEqual([expect.stringMatching(/explicit hash key that is not a number; its user records from 1 on are skipped/)]);
    }
  });

  it('keeps the user records before one that names a key the tables lack, and says so', () => {
    // partition_key_table ["a"]; records: {pk 0, data "ok"}, {pk 5, data "lost"}
    const message = Buffer.from([0x0a, 0x01, 0x61, 0x1a, 0x06, 0x08, 0x00, 0x1a, 0x02, 0x6f, 0x6b, 0x1a, 0x08, 0x08, 0x05, 0x1a, 0x04, 0x6c, 0x6f, 0x73, 0x74]);
    const warnings: string[] = [];
    const out = deaggregate([record(wrap(message))], WHOLE, (l) => warnings.push(l));
    expect(out.map((r) => r.data.toString())).toEqual(['ok']);
    expect(warnings).toEqual([expect.stringMatching(/names a key its tables do not have; its user records from 1 on are skipped/)]);
  });
});
