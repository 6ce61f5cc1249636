import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT, call, data, envWithStream, expectError, T0, type Env } from './helpers.js';

let env: Env;
afterEach(() => env?.cleanup());

const SHARD0 = 'shardId-000000000000';
const iterator = (e: Env, type: string, extra: Record<string, unknown> = {}): string =>
  call(e, 'GetShardIterator', { StreamName: 's', ShardId: SHARD0, ShardIteratorType: type, ...extra }).ShardIterator;
const read = (e: Env, it: string, limit?: number) => call(e, 'GetRecords', { ShardIterator: it, ...(limit ? { Limit: limit } : {}) });
const texts = (recs: { Data: Buffer }[]): string[] => recs.map((r) => r.Data.toString());

function putMany(e: Env, n: number, prefix = 'r'): { SequenceNumber: string }[] {
  return Array.from({ length: n }, (_, i) => call(e, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data(`${prefix}${i}`) }));
}

describe('PutRecord and GetRecords', () => {
  it('returns records in order with AWS record fields', () => {
    env = envWithStream('s', 1, { enforce: false });
    const put = call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'pk', Data: data('hello') });
    expect(put).toEqual({ ShardId: SHARD0, SequenceNumber: expect.stringMatching(/^\d{56}$/) });
    const out = read(env, iterator(env, 'TRIM_HORIZON'));
    expect(out.Records).toEqual([
      { SequenceNumber: put.SequenceNumber, ApproximateArrivalTimestamp: new Date(T0 + 2000), Data: Buffer.from('hello'), PartitionKey: 'pk' },
    ]);
    expect(out.MillisBehindLatest).toBe(0);
    expect(typeof out.NextShardIterator).toBe('string');
    expect(out.ChildShards).toBeUndefined();
  });

  it('accepts empty data, and records up to 1 MiB including the partition key', () => {
    env = envWithStream('s', 1, { enforce: false });
    expect(call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: Buffer.alloc(0) }).ShardId).toBe(SHARD0);
    expect(call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: Buffer.alloc(1024 * 1024 - 1) }).ShardId).toBe(SHARD0);
    expectError(env, 'PutRecord', { StreamName: 's', PartitionKey: 'kk', Data: Buffer.alloc(1024 * 1024 - 1) }, 'InvalidArgumentException');
  });

  it('pages with Limit and NextShardIterator, reporting how far behind the reader is', () => {
    env = envWithStream('s', 1, { enforce: false });
    putMany(env, 3, 'a');
    env.advance(60_000);
    putMany(env, 2, 'b');
    const first = read(env, iterator(env, 'TRIM_HORIZON'), 2);
    expect(texts(first.Records)).toEqual(['a0', 'a1']);
    expect(first.MillisBehindLatest).toBe(60_000);
    const second = read(env, first.NextShardIterator, 2);
    expect(texts(second.Records)).toEqual(['a2', 'b0']);
    expect(second.MillisBehindLatest).toBe(0 + 0); // b1 arrived now
    const third = read(env, second.NextShardIterator);
    expect(texts(third.Records)).toEqual(['b1']);
    expect(third.MillisBehindLatest).toBe(0);
    const empty = read(env, third.NextShardIterator);
    expect(empty.Records).toEqual([]);
    putMany(env, 1, 'c');
    expect(texts(read(env, empty.NextShardIterator).Records)).toEqual(['c0']);
  });

  it('returns at most 10 MiB per call, at least one record', () => {
    env = envWithStream('s', 1, { enforce: false });
    for (let i = 0; i < 12; i++) call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: Buffer.alloc(1024 * 1024 - 1, i) });
    const out = read(env, iterator(env, 'TRIM_HORIZON'));
    expect(out.Records).toHaveLength(10);
    expect(read(env, out.NextShardIterator).Records).toHaveLength(2);
  });

  it('reports the stream missing while CREATING', () => {
    env = envWithStream('s', 1, { enforce: false });
    expectError(env, 'PutRecord', { StreamName: 'nope', PartitionKey: 'k', Data: data('') }, 'ResourceNotFoundException',
      `Stream nope under account ${ACCOUNT} not found.`);
  });
});

describe('GetShardIterator', () => {
  it('starts at TRIM_HORIZON, LATEST, AT/AFTER_SEQUENCE_NUMBER and AT_TIMESTAMP', () => {
    env = envWithStream('s', 1, { enforce: false });
    const puts = putMany(env, 2, 'old');
    env.advance(10_000);
    const latest = iterator(env, 'LATEST');
    const mark = T0 + 2000 + 10_000;
    const later = putMany(env, 2, 'new');
    expect(texts(read(env, iterator(env, 'TRIM_HORIZON')).Records)).toEqual(['old0', 'old1', 'new0', 'new1']);
    expect(texts(read(env, latest).Records)).toEqual(['new0', 'new1']);
    expect(read(env, iterator(env, 'LATEST')).Records).toEqual([]);
    expect(texts(read(env, iterator(env, 'AT_SEQUENCE_NUMBER', { StartingSequenceNumber: puts[1]!.SequenceNumber })).Records)).toEqual(['old1', 'new0', 'new1']);
    expect(texts(read(env, iterator(env, 'AFTER_SEQUENCE_NUMBER', { StartingSequenceNumber: puts[1]!.SequenceNumber })).Records)).toEqual(['new0', 'new1']);
    expect(texts(read(env, iterator(env, 'AT_TIMESTAMP', { Timestamp: new Date(mark) })).Records)).toEqual(['new0', 'new1']);
    expect(texts(read(env, iterator(env, 'AT_TIMESTAMP', { Timestamp: new Date(mark - 1) })).Records)).toEqual(['new0', 'new1']);
    expect(texts(read(env, iterator(env, 'AT_TIMESTAMP', { Timestamp: new Date(0) })).Records)).toHaveLength(4);
    expect(read(env, iterator(env, 'AT_TIMESTAMP', { Timestamp: new Date(mark + 0) })).Records).toHaveLength(2);
    expect(later).toHaveLength(2);
  });

  it('checks the iterator type against StartingSequenceNumber and Timestamp, with AWS messages', () => {
    env = envWithStream('s', 2, { enforce: false });
    const rule = 'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber.';
    expectError(env, 'GetShardIterator', { StreamName: 's', ShardId: SHARD0, ShardIteratorType: 'AT_SEQUENCE_NUMBER' }, 'InvalidArgumentException',
      `${rule} Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber.`);
    expectError(env, 'GetShardIterator', { StreamName: 's', ShardId: SHARD0, ShardIteratorType: 'LATEST', StartingSequenceNumber: '5' }, 'InvalidArgumentException',
      `${rule} Request specified LATEST and also a StartingSequenceNumber.`);
    expectError(env, 'GetShardIterator', { StreamName: 's', ShardId: SHARD0, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: '5' }, 'InvalidArgumentException',
      `StartingSequenceNumber 5 used in GetShardIterator on shard ${SHARD0} in stream s under account ${ACCOUNT} is invalid.`);
    const other = call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data(''), ExplicitHashKey: '340282366920938463463374607431768211455' });
    expectError(env, 'GetShardIterator', { StreamName: 's', ShardId: SHARD0, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: other.SequenceNumber }, 'InvalidArgumentException',
      `Invalid StartingSequenceNumber. It encodes shardId-000000000001, while it was used in a call to a shard with ${SHARD0}`);
    expectError(env, 'GetShardIterator', { StreamName: 's', ShardId: SHARD0, ShardIteratorType: 'AT_TIMESTAMP' }, 'InvalidArgumentException',
      'Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.');
    const now = T0 + 2000;
    expectError(env, 'GetShardIterator', { StreamName: 's', ShardId: SHARD0, ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(now + 5000) }, 'InvalidArgumentException',
      `The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${now + 5000}, currentTimestampInMillis: ${now}`);
  });

  it('rejects a sequence number from another stream of the same name', () => {
    env = envWithStream('s', 1, { enforce: false });
    const old = call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data('') }).SequenceNumber;
    call(env, 'DeleteStream', { StreamName: 's' });
    env.advance(10_000);
    call(env, 'CreateStream', { StreamName: 's', ShardCount: 1 });
    env.advance(10_000);
    expectError(env, 'GetShardIterator', { StreamName: 's', ShardId: SHARD0, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: old }, 'InvalidArgumentException',
      `StartingSequenceNumber ${old} used in GetShardIterator on shard ${SHARD0} in stream s under account ${ACCOUNT} is invalid because it did not come from this stream.`);
  });

  it('names unknown shards and streams as AWS does', () => {
    env = envWithStream('s', 1, { enforce: false });
    expectError(env, 'GetShardIterator', { StreamName: 's', ShardId: 'shardId-5', ShardIteratorType: 'LATEST' }, 'ResourceNotFoundException',
      `Shard shardId-000000000005 in stream s under account ${ACCOUNT} does not exist`);
    expectError(env, 'GetShardIterator', { StreamName: 'nope', ShardId: '7', ShardIteratorType: 'LATEST' }, 'ResourceNotFoundException',
      `Shard shardId-000000000007 in stream nope under account ${ACCOUNT} does not exist`);
    expectError(env, 'GetShardIterator', { StreamName: 's', ShardId: 'ABKLFD8', ShardIteratorType: 'LATEST' }, 'ResourceNotFoundException',
      `Could not find shard ABKLFD8 in stream s under account ${ACCOUNT}.`);
    expectError(env, 'GetShardIterator', { StreamName: 's', ShardId: 'shardId-002147483648', ShardIteratorType: 'LATEST' }, 'ResourceNotFoundException',
      `Could not find shard shardId-002147483648 in stream s under account ${ACCOUNT}.`);
    expect(call(env, 'GetShardIterator', { StreamName: 's', ShardId: 'shard-0', ShardIteratorType: 'LATEST' }).ShardIterator).toMatch(/^AAAAAAAAAAE|^AAAAAAAAAAF|^AAAAAAAAAAG|^AAAAAAAAAAH/);
  });
});

describe('PutRecords', () => {
  it('writes every record and answers in request order', () => {
    env = envWithStream('s', 3);
    const out = call(env, 'PutRecords', {
      StreamName: 's',
      Records: [
        { Data: data('blob1'), PartitionKey: 'partitionkey1' },
        { Data: data('blob2'), PartitionKey: 'partitionkey2' },
        { Data: data('blob3'), PartitionKey: 'x', ExplicitHashKey: '0' },
      ],
    });
    expect(out.FailedRecordCount).toBe(0);
    expect(out.Records).toHaveLength(3);
    expect(out.Records[2]).toEqual({ SequenceNumber: expect.stringMatching(/^\d{56}$/), ShardId: SHARD0 });
    expect(out.EncryptionType).toBeUndefined();
  });

  it('limits a request to 5 MiB including partition keys', () => {
    env = envWithStream('s', 8, { enforce: false });
    const rec = (i: number) => ({ Data: Buffer.alloc(1024 * 1024 - 8), PartitionKey: `key${i}` });
    const out = call(env, 'PutRecords', { StreamName: 's', Records: [0, 1, 2, 3, 4].map(rec) });
    expect(out.FailedRecordCount).toBe(0);
    expectError(env, 'PutRecords', { StreamName: 's', Records: [0, 1, 2, 3, 4, 5].map(rec) }, 'InvalidArgumentException', 'Records size exceeds 5 MB limit');
    expectError(env, 'PutRecords', { StreamName: 's', Records: [{ Data: Buffer.alloc(1024 * 1024 + 1), PartitionKey: 'k' }] }, 'ValidationException',
      "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'records.1.member.data' failed to satisfy constraint: Member must have length less than or equal to 1048576");
  });
});
