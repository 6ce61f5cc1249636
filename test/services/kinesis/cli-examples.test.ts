/**
 * The AWS CLI's own examples for kinesis (awscli/examples/kinesis/*.rst), as operation-level
 * cases: the request each example sends, and the response it shows where that response does
 * not depend on time or randomness (sequence numbers, iterators and timestamps are checked for
 * their form instead).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { handlers, LIFECYCLE_MS } from '../../../src/services/kinesis/index.js';
import { decodeSequenceNumber } from '../../../src/services/kinesis/seqnum.js';
import { testEnv, T0, type Env } from './helpers.js';

let env: Env;
afterEach(() => env?.cleanup());

/** The examples use account 123456789012 in us-west-2. */
function exampleEnv(): Env {
  env = testEnv('us-west-2');
  const ctx = { ...env.ctx, accountId: '123456789012' };
  return { ...env, ctx };
}
const run = (e: Env, op: string, input: Record<string, unknown> = {}): any => handlers[op]!(e.ctx, input);
const STREAM_ARN = 'arn:aws:kinesis:us-west-2:123456789012:stream/samplestream';

function withSamplestream(shards = 3): Env {
  const e = exampleEnv();
  run(e, 'CreateStream', { StreamName: 'samplestream', ShardCount: shards });
  e.advance(LIFECYCLE_MS.createStream);
  return e;
}

describe('AWS CLI examples for kinesis', () => {
  it('create-stream: --stream-name samplestream --shard-count 3 (no output)', () => {
    const e = exampleEnv();
    expect(run(e, 'CreateStream', { StreamName: 'samplestream', ShardCount: 3 })).toEqual({});
  });

  it('describe-stream: three shards with the example hash key ranges', () => {
    const e = withSamplestream();
    const d = run(e, 'DescribeStream', { StreamName: 'samplestream' }).StreamDescription;
    expect(d.Shards.map((s: any) => [s.ShardId, s.HashKeyRange])).toEqual([
      ['shardId-000000000000', { StartingHashKey: '0', EndingHashKey: '113427455640312821154458202477256070484' }],
      ['shardId-000000000001', { StartingHashKey: '113427455640312821154458202477256070485', EndingHashKey: '226854911280625642308916404954512140969' }],
      ['shardId-000000000002', { StartingHashKey: '226854911280625642308916404954512140970', EndingHashKey: '340282366920938463463374607431768211455' }],
    ]);
    d.Shards.forEach((s: any, i: number) => {
      expect(decodeSequenceNumber(s.SequenceNumberRange.StartingSequenceNumber)).toMatchObject({ shardIndex: i, seq: 0n });
      expect(s.SequenceNumberRange.EndingSequenceNumber).toBeUndefined();
    });
    expect(d).toMatchObject({
      StreamARN: STREAM_ARN,
      StreamName: 'samplestream',
      StreamStatus: 'ACTIVE',
      RetentionPeriodHours: 24,
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      EncryptionType: 'NONE',
      KeyId: null,
      StreamCreationTimestamp: new Date(T0),
    });
  });

  it('describe-stream-summary', () => {
    const e = withSamplestream();
    run(e, 'IncreaseStreamRetentionPeriod', { StreamName: 'samplestream', RetentionPeriodHours: 48 });
    expect(run(e, 'DescribeStreamSummary', { StreamName: 'samplestream' }).StreamDescriptionSummary).toMatchObject({
      StreamName: 'samplestream',
      StreamARN: STREAM_ARN,
      StreamStatus: 'ACTIVE',
      RetentionPeriodHours: 48,
      StreamCreationTimestamp: new Date(T0),
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      EncryptionType: 'NONE',
      OpenShardCount: 3,
      ConsumerCount: 0,
    });
  });

  it('list-streams', () => {
    const e = withSamplestream();
    run(e, 'CreateStream', { StreamName: 'samplestream1', ShardCount: 1 });
    expect(run(e, 'ListStreams').StreamNames).toEqual(['samplestream', 'samplestream1']);
  });

  it('list-shards --exclusive-start-shard-id shardId-000000000000', () => {
    const e = withSamplestream();
    const out = run(e, 'ListShards', { StreamName: 'samplestream', ExclusiveStartShardId: 'shardId-000000000000' });
    expect(out.Shards.map((s: any) => [s.ShardId, s.HashKeyRange.StartingHashKey, s.HashKeyRange.EndingHashKey])).toEqual([
      ['shardId-000000000001', '113427455640312821154458202477256070485', '226854911280625642308916404954512140969'],
      ['shardId-000000000002', '226854911280625642308916404954512140970', '340282366920938463463374607431768211455'],
    ]);
    expect(out.NextToken).toBeUndefined();
  });

  it('describe-limits', () => {
    const e = withSamplestream();
    expect(run(e, 'DescribeLimits')).toMatchObject({ ShardLimit: 500, OpenShardCount: 3 });
  });

  it('add-tags-to-stream, list-tags-for-stream, remove-tags-from-stream', () => {
    const e = withSamplestream();
    expect(run(e, 'AddTagsToStream', { StreamName: 'samplestream', Tags: { samplekey: 'example' } })).toEqual({});
    expect(run(e, 'ListTagsForStream', { StreamName: 'samplestream' })).toEqual({ Tags: [{ Key: 'samplekey', Value: 'example' }], HasMoreTags: false });
    expect(run(e, 'RemoveTagsFromStream', { StreamName: 'samplestream', TagKeys: ['samplekey'] })).toEqual({});
    expect(run(e, 'ListTagsForStream', { StreamName: 'samplestream' }).Tags).toEqual([]);
  });

  it('increase-stream-retention-period 168, decrease-stream-retention-period 48', () => {
    const e = withSamplestream();
    expect(run(e, 'IncreaseStreamRetentionPeriod', { StreamName: 'samplestream', RetentionPeriodHours: 168 })).toEqual({});
    expect(run(e, 'DecreaseStreamRetentionPeriod', { StreamName: 'samplestream', RetentionPeriodHours: 48 })).toEqual({});
    expect(run(e, 'DescribeStreamSummary', { StreamName: 'samplestream' }).StreamDescriptionSummary.RetentionPeriodHours).toBe(48);
  });

  it('enable-enhanced-monitoring ALL, then disable-enhanced-monitoring ALL', () => {
    const e = withSamplestream();
    const all = ['IncomingBytes', 'OutgoingRecords', 'IteratorAgeMilliseconds', 'IncomingRecords', 'ReadProvisionedThroughputExceeded', 'WriteProvisionedThroughputExceeded', 'OutgoingBytes'];
    expect(run(e, 'EnableEnhancedMonitoring', { StreamName: 'samplestream', ShardLevelMetrics: ['ALL'] })).toEqual({
      StreamName: 'samplestream',
      CurrentShardLevelMetrics: [],
      DesiredShardLevelMetrics: all,
      StreamARN: STREAM_ARN,
    });
    expect(run(e, 'DisableEnhancedMonitoring', { StreamName: 'samplestream', ShardLevelMetrics: ['ALL'] })).toEqual({
      StreamName: 'samplestream',
      CurrentShardLevelMetrics: all,
      DesiredShardLevelMetrics: [],
      StreamARN: STREAM_ARN,
    });
  });

  it('start-stream-encryption / stop-stream-encryption with a KMS key ARN, then put-record shows EncryptionType KMS', () => {
    const e = withSamplestream();
    const key = 'arn:aws:kms:us-west-2:012345678912:key/a3c4a7cd-728b-45dd-b334-4d3eb496e452';
    expect(run(e, 'StartStreamEncryption', { EncryptionType: 'KMS', KeyId: key, StreamName: 'samplestream' })).toEqual({});
    e.advance(LIFECYCLE_MS.updateStream);
    const put = run(e, 'PutRecord', { StreamName: 'samplestream', Data: Buffer.from('sampledatarecord'), PartitionKey: 'samplepartitionkey' });
    expect(put).toEqual({ ShardId: expect.stringMatching(/^shardId-00000000000[0-2]$/), SequenceNumber: expect.stringMatching(/^\d{56}$/), EncryptionType: 'KMS' });
    expect(run(e, 'StopStreamEncryption', { EncryptionType: 'KMS', KeyId: key, StreamName: 'samplestream' })).toEqual({});
  });

  it('put-record --data sampledatarecord --partition-key samplepartitionkey', () => {
    const e = withSamplestream();
    const put = run(e, 'PutRecord', { StreamName: 'samplestream', Data: Buffer.from('sampledatarecord'), PartitionKey: 'samplepartitionkey' });
    // MD5("samplepartitionkey") = 244759606228310801957976993352756225827, in the last third of the key space
    expect(put.ShardId).toBe('shardId-000000000002');
    expect(decodeSequenceNumber(put.SequenceNumber)).toMatchObject({ shardIndex: 2 });
  });

  it('put-records Data=blob1,PartitionKey=partitionkey1 Data=blob2,PartitionKey=partitionkey2', () => {
    const e = withSamplestream();
    const out = run(e, 'PutRecords', {
      StreamName: 'samplestream',
      Records: [
        { Data: Buffer.from('blob1'), PartitionKey: 'partitionkey1' },
        { Data: Buffer.from('blob2'), PartitionKey: 'partitionkey2' },
      ],
    });
    expect(out.FailedRecordCount).toBe(0);
    expect(out.Records).toHaveLength(2);
    for (const r of out.Records) expect(Object.keys(r)).toEqual(['SequenceNumber', 'ShardId']);
    expect(out.Records.map((r: any) => r.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000002']);
  });

  it('get-shard-iterator --shard-id shardId-000000000001 --shard-iterator-type LATEST, then get-records', () => {
    const e = withSamplestream();
    const it = run(e, 'GetShardIterator', { StreamName: 'samplestream', ShardId: 'shardId-000000000001', ShardIteratorType: 'LATEST' });
    expect(Object.keys(it)).toEqual(['ShardIterator']);
    expect(it.ShardIterator).toMatch(/^AAAAAAAAAA[E-H][A-Za-z0-9+/]+=*$/);
    const out = run(e, 'GetRecords', { ShardIterator: it.ShardIterator });
    expect(out.Records).toEqual([]);
    expect(out.MillisBehindLatest).toBe(0);
    expect(typeof out.NextShardIterator).toBe('string');
  });

  it('merge-shards shardId-000000000000 shardId-000000000001; split-shard --new-starting-hash-key 10', () => {
    const merge = withSamplestream();
    expect(run(merge, 'MergeShards', { StreamName: 'samplestream', ShardToMerge: 'shardId-000000000000', AdjacentShardToMerge: 'shardId-000000000001' })).toEqual({});
    merge.cleanup();
    const split = withSamplestream();
    expect(run(split, 'SplitShard', { StreamName: 'samplestream', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '10' })).toEqual({});
  });

  it('update-shard-count --scaling-type UNIFORM_SCALING --target-shard-count 6', () => {
    const e = withSamplestream();
    expect(run(e, 'UpdateShardCount', { StreamName: 'samplestream', ScalingType: 'UNIFORM_SCALING', TargetShardCount: 6 })).toEqual({
      StreamName: 'samplestream',
      CurrentShardCount: 3,
      TargetShardCount: 6,
      StreamARN: STREAM_ARN,
    });
  });

  it('register-stream-consumer, describe-stream-consumer, deregister-stream-consumer (KinesisConsumerApplication)', () => {
    const e = withSamplestream();
    const reg = run(e, 'RegisterStreamConsumer', { StreamARN: STREAM_ARN, ConsumerName: 'KinesisConsumerApplication' }).Consumer;
    expect(reg).toEqual({
      ConsumerName: 'KinesisConsumerApplication',
      ConsumerARN: `${STREAM_ARN}/consumer/KinesisConsumerApplication:${Math.floor((T0 + 2000) / 1000)}`,
      ConsumerStatus: 'CREATING',
      ConsumerCreationTimestamp: new Date(T0 + 2000),
    });
    e.advance(LIFECYCLE_MS.registerConsumer);
    expect(run(e, 'DescribeStreamConsumer', { StreamARN: STREAM_ARN, ConsumerName: 'KinesisConsumerApplication' })).toEqual({
      ConsumerDescription: { ...reg, ConsumerStatus: 'ACTIVE', StreamARN: STREAM_ARN },
    });
    expect(run(e, 'DeregisterStreamConsumer', { StreamARN: STREAM_ARN, ConsumerName: 'KinesisConsumerApplication' })).toEqual({});
  });

  it('delete-stream --stream-name samplestream (no output)', () => {
    const e = withSamplestream();
    expect(run(e, 'DeleteStream', { StreamName: 'samplestream' })).toEqual({});
  });
});
