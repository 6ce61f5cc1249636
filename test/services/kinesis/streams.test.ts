import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_ID, type Ctx } from '../../../src/core/context.js';
import { LIFECYCLE_MS } from '../../../src/services/kinesis/index.js';
import { ACCOUNT, call, createActive, data, envWithStream, expectError, settle, T0, testEnv, type Env } from './helpers.js';

let env: Env;
afterEach(() => env?.cleanup());

const describeStatus = (e: Env, name: string): string => call(e, 'DescribeStream', { StreamName: name }).StreamDescription.StreamStatus;

describe('CreateStream', () => {
  it('is CREATING (no shards yet) until the clock passes its creation time, then ACTIVE', () => {
    env = testEnv();
    expect(call(env, 'CreateStream', { StreamName: 'samplestream', ShardCount: 3 })).toEqual({});
    const creating = call(env, 'DescribeStream', { StreamName: 'samplestream' }).StreamDescription;
    expect(creating.StreamStatus).toBe('CREATING');
    expect(creating.Shards).toEqual([]);
    expectError(env, 'PutRecord', { StreamName: 'samplestream', PartitionKey: 'k', Data: data('x') }, 'ResourceNotFoundException',
      `Stream samplestream under account ${ACCOUNT} not found.`);
    env.advance(LIFECYCLE_MS.createStream - 1);
    expect(describeStatus(env, 'samplestream')).toBe('CREATING');
    env.advance(1);
    const active = call(env, 'DescribeStream', { StreamName: 'samplestream' }).StreamDescription;
    expect(active.StreamStatus).toBe('ACTIVE');
    expect(active.Shards.map((s: { ShardId: string }) => s.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002']);
    expect(active).toMatchObject({
      StreamName: 'samplestream',
      StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/samplestream`,
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      HasMoreShards: false,
      RetentionPeriodHours: 24,
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      EncryptionType: 'NONE',
      KeyId: null,
    });
    expect(active.StreamCreationTimestamp).toBeInstanceOf(Date);
  });

  it('refuses a second stream of the same name, and over the account shard limit', () => {
    env = envWithStream('s', 2);
    expectError(env, 'CreateStream', { StreamName: 's', ShardCount: 1 }, 'ResourceInUseException', `Stream s under account ${ACCOUNT} already exists.`);
    expectError(env, 'CreateStream', { StreamName: 'big', ShardCount: 499 }, 'LimitExceededException',
      `This request would exceed the shard limit for the account ${ACCOUNT} in us-east-1. Current shard count for the account: 2. Limit: 500. ` +
        'Number of additional shards that would have resulted from this request: 499. Refer to the AWS Service Limits page ' +
        '(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.');
    expect(call(env, 'ListStreams').StreamNames).toEqual(['s']);
    const other = env.inRegion('eu-central-1');
    const e = (() => { try { handlersCall(other, 'CreateStream', { StreamName: 'big', ShardCount: 201 }); } catch (x) { return x as Error; } })();
    expect(e?.message).toMatch(/in eu-central-1\. Current shard count for the account: 0\. Limit: 200\./);
  });

  it('creates on-demand streams with 4 shards, and refuses a shard count with them', () => {
    env = testEnv();
    call(env, 'CreateStream', { StreamName: 'od', StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    call(env, 'CreateStream', { StreamName: 'od2' });
    env.advance(LIFECYCLE_MS.createStream);
    for (const n of ['od', 'od2']) {
      const s = call(env, 'DescribeStreamSummary', { StreamName: n }).StreamDescriptionSummary;
      expect(s.StreamModeDetails).toEqual({ StreamMode: 'ON_DEMAND' });
      expect(s.OpenShardCount).toBe(4);
    }
    expectError(env, 'CreateStream', { StreamName: 'x', ShardCount: 2, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }, 'ValidationException',
      'ShardCount is not expected when StreamMode=ON_DEMAND');
    expect(call(env, 'DescribeLimits')).toEqual({ ShardLimit: 500, OpenShardCount: 0, OnDemandStreamCount: 2, OnDemandStreamCountLimit: 50 });
  });

  it('tags the stream at creation', () => {
    env = testEnv();
    call(env, 'CreateStream', { StreamName: 't', ShardCount: 1, Tags: { team: 'gps' } });
    env.advance(LIFECYCLE_MS.createStream);
    expect(call(env, 'ListTagsForStream', { StreamName: 't' })).toEqual({ Tags: [{ Key: 'team', Value: 'gps' }], HasMoreTags: false });
  });

  it('scopes names by region and account', () => {
    env = testEnv();
    createActive(env, 's', 1);
    const west = env.inRegion('us-west-2');
    handlersCall(west, 'CreateStream', { StreamName: 's', ShardCount: 1 });
    const other: Ctx = { store: env.store, region: 'us-east-1', accountId: '111111111111' };
    handlersCall(other, 'CreateStream', { StreamName: 's', ShardCount: 1 });
    expect(handlersCall(west, 'ListStreams', {}).StreamNames).toEqual(['s']);
    expect(handlersCall(other, 'DescribeStreamSummary', { StreamName: 's' }).StreamDescriptionSummary.StreamARN).toBe(
      'arn:aws:kinesis:us-east-1:111111111111:stream/s',
    );
    expect(DEFAULT_ACCOUNT_ID).toBe(ACCOUNT);
  });
});

describe('creation timestamps', () => {
  it('are whole seconds, as AWS reports them, and match when given back', () => {
    env = testEnv();
    env.advance(1_234);
    createActive(env, 's', 1);
    const second = new Date(T0 + 1_000);
    const arn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/s`;
    expect(call(env, 'DescribeStream', { StreamName: 's' }).StreamDescription.StreamCreationTimestamp).toEqual(second);
    expect(call(env, 'DescribeStreamSummary', { StreamName: 's' }).StreamDescriptionSummary.StreamCreationTimestamp).toEqual(second);
    expect(call(env, 'ListStreams').StreamSummaries[0].StreamCreationTimestamp).toEqual(second);
    expect(call(env, 'ListShards', { StreamName: 's', StreamCreationTimestamp: second }).Shards).toHaveLength(1);
    expect(call(env, 'ListStreamConsumers', { StreamARN: arn, StreamCreationTimestamp: second }).Consumers).toEqual([]);
    expectError(env, 'ListShards', { StreamName: 's', StreamCreationTimestamp: new Date(T0 + 1_234) }, 'ResourceNotFoundException');

    env.advance(500); // the consumer is registered at T0 + 1234 + createStream + 500 ms
    const registered = call(env, 'RegisterStreamConsumer', { StreamARN: arn, ConsumerName: 'c' }).Consumer;
    const consumerSecond = new Date(Math.floor((T0 + 1_734 + LIFECYCLE_MS.createStream) / 1000) * 1000);
    expect(registered.ConsumerCreationTimestamp).toEqual(consumerSecond);
    expect(registered.ConsumerARN).toBe(`${arn}/consumer/c:${consumerSecond.getTime() / 1000}`);
    expect(call(env, 'DescribeStreamConsumer', { ConsumerARN: registered.ConsumerARN }).ConsumerDescription.ConsumerCreationTimestamp).toEqual(consumerSecond);
    expect(call(env, 'ListStreamConsumers', { StreamARN: arn }).Consumers[0].ConsumerCreationTimestamp).toEqual(consumerSecond);
  });

  it('DescribeStreamSummary has no StreamId (AWS: "Not Implemented. Reserved for future use")', () => {
    env = envWithStream('s', 1);
    const summary = call(env, 'DescribeStreamSummary', { StreamName: 's' }).StreamDescriptionSummary;
    expect(Object.keys(summary)).not.toContain('StreamId');
  });
});

import { handlers } from '../../../src/services/kinesis/index.js';
const handlersCall = (ctx: Ctx, op: string, input: Record<string, unknown>): any => handlers[op]!(ctx, input);

describe('addressing a stream', () => {
  it('works by StreamName, StreamARN, both, or StreamId', () => {
    env = envWithStream('s', 1);
    const arn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/s`;
    const summary = call(env, 'DescribeStreamSummary', { StreamARN: arn }).StreamDescriptionSummary;
    expect(summary.StreamName).toBe('s');
    // the model still takes StreamId as input; no response carries it, so the test reads it from the state file
    const { stream_id: streamId } = env.store.stmt<[], { stream_id: string }>("SELECT stream_id FROM kinesis_streams WHERE name = 's'").get()!;
    expect(streamId).toMatch(/^[a-z0-9]{20}-[a-z0-9]{3}$/);
    expect(call(env, 'DescribeStreamSummary', { StreamName: 's', StreamARN: arn }).StreamDescriptionSummary.StreamARN).toBe(arn);
    expect(call(env, 'DescribeStreamSummary', { StreamId: streamId }).StreamDescriptionSummary.StreamName).toBe('s');
    expect(call(env, 'PutRecord', { StreamARN: arn, PartitionKey: 'k', Data: data('x') }).ShardId).toBe('shardId-000000000000');
  });

  it('reports an unknown stream, a foreign ARN, or no stream at all', () => {
    env = envWithStream('s', 1);
    expectError(env, 'DescribeStream', { StreamName: 'nope' }, 'ResourceNotFoundException', `Stream nope under account ${ACCOUNT} not found.`);
    expectError(env, 'DescribeStream', { StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/nope` }, 'ResourceNotFoundException',
      `Stream nope under account ${ACCOUNT} not found.`);
    expectError(env, 'DescribeStream', { StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/s' }, 'ResourceNotFoundException',
      'Stream s under account 123456789012 not found.');
    expectError(env, 'DescribeStream', { StreamARN: 'arn:aws:kinesis:us-east-1:12:stream/s' }, 'ValidationException');
    expectError(env, 'DescribeStream', {}, 'InvalidArgumentException');
  });
});

describe('DeleteStream', () => {
  it('goes DELETING, then the stream is gone and its name free again', () => {
    env = envWithStream('s', 2);
    call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data('x') });
    expect(call(env, 'DeleteStream', { StreamName: 's' })).toEqual({});
    expect(describeStatus(env, 's')).toBe('DELETING');
    expect(call(env, 'ListStreams').StreamSummaries[0].StreamStatus).toBe('DELETING');
    expectError(env, 'DeleteStream', { StreamName: 's' }, 'ResourceInUseException', `Stream s under account ${ACCOUNT} not ACTIVE, instead in state DELETING`);
    env.advance(LIFECYCLE_MS.deleteStream);
    expectError(env, 'DescribeStream', { StreamName: 's' }, 'ResourceNotFoundException');
    expect(call(env, 'ListStreams').StreamNames).toEqual([]);
    createActive(env, 's', 1);
    const shards = call(env, 'DescribeStream', { StreamName: 's' }).StreamDescription.Shards;
    expect(shards).toHaveLength(1);
    const it = call(env, 'GetShardIterator', { StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' });
    expect(call(env, 'GetRecords', { ShardIterator: it.ShardIterator }).Records).toEqual([]);
    expect(env.store.db.prepare('SELECT count(*) AS n FROM kinesis_records').get()).toEqual({ n: 0 });
  });

  it('needs EnforceConsumerDeletion when consumers are registered', () => {
    env = envWithStream('s', 1);
    const arn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/s`;
    call(env, 'RegisterStreamConsumer', { StreamARN: arn, ConsumerName: 'app' });
    expectError(env, 'DeleteStream', { StreamName: 's' }, 'ResourceInUseException');
    expect(describeStatus(env, 's')).toBe('ACTIVE');
    call(env, 'DeleteStream', { StreamName: 's', EnforceConsumerDeletion: true });
    expect(call(env, 'ListStreamConsumers', { StreamARN: arn }).Consumers[0].ConsumerStatus).toBe('DELETING');
  });
});

describe('DescribeStream and ListStreams paging', () => {
  it('pages shards with Limit and ExclusiveStartShardId (at most 100 a call)', () => {
    env = envWithStream('s', 150);
    const first = call(env, 'DescribeStream', { StreamName: 's' }).StreamDescription;
    expect(first.Shards).toHaveLength(100);
    expect(first.HasMoreShards).toBe(true);
    const rest = call(env, 'DescribeStream', { StreamName: 's', ExclusiveStartShardId: first.Shards[99].ShardId, Limit: 1000 }).StreamDescription;
    expect(rest.Shards).toHaveLength(50);
    expect(rest.Shards[0].ShardId).toBe('shardId-000000000100');
    expect(rest.HasMoreShards).toBe(false);
  });

  it('lists streams by name with HasMoreStreams, NextToken and StreamSummaries', () => {
    env = testEnv();
    for (const n of ['c', 'a', 'b']) call(env, 'CreateStream', { StreamName: n, ShardCount: 1 });
    const page = call(env, 'ListStreams', { Limit: 2 });
    expect(page.StreamNames).toEqual(['a', 'b']);
    expect(page.HasMoreStreams).toBe(true);
    expect(page.StreamSummaries[0]).toMatchObject({ StreamName: 'a', StreamStatus: 'CREATING', StreamModeDetails: { StreamMode: 'PROVISIONED' } });
    expect(call(env, 'ListStreams', { NextToken: page.NextToken })).toMatchObject({ StreamNames: ['c'], HasMoreStreams: false });
    expect(call(env, 'ListStreams', { ExclusiveStartStreamName: 'a' }).StreamNames).toEqual(['b', 'c']);
    env.advance(300_001);
    expectError(env, 'ListStreams', { NextToken: page.NextToken }, 'ExpiredNextTokenException');
  });
});

describe('retention period', () => {
  it('increases and decreases within 24..8760 hours with AWS messages', () => {
    env = envWithStream('s', 1);
    expectError(env, 'IncreaseStreamRetentionPeriod', { StreamName: 's', RetentionPeriodHours: 23 }, 'InvalidArgumentException',
      'Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is too short.');
    expectError(env, 'IncreaseStreamRetentionPeriod', { StreamName: 's', RetentionPeriodHours: 8761 }, 'InvalidArgumentException',
      'Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is too long.');
    expectError(env, 'DecreaseStreamRetentionPeriod', { StreamName: 's', RetentionPeriodHours: 25 }, 'InvalidArgumentException',
      'Requested retention period (25 hours) for stream s can not be longer than existing retention period (24 hours). Use IncreaseRetentionPeriod API.');
    call(env, 'IncreaseStreamRetentionPeriod', { StreamName: 's', RetentionPeriodHours: 168 });
    expectError(env, 'IncreaseStreamRetentionPeriod', { StreamName: 's', RetentionPeriodHours: 48 }, 'InvalidArgumentException',
      'Requested retention period (48 hours) for stream s can not be shorter than existing retention period (168 hours). Use DecreaseRetentionPeriod API.');
    call(env, 'DecreaseStreamRetentionPeriod', { StreamName: 's', RetentionPeriodHours: 48 });
    expect(call(env, 'DescribeStreamSummary', { StreamName: 's' }).StreamDescriptionSummary.RetentionPeriodHours).toBe(48);
    expectError(env, 'IncreaseStreamRetentionPeriod', { StreamName: 'x', RetentionPeriodHours: 48 }, 'ResourceNotFoundException');
  });
});

describe('capacity mode', () => {
  it('switches PROVISIONED <-> ON_DEMAND through UPDATING, at most twice a day', () => {
    env = envWithStream('s', 2);
    const arn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/s`;
    call(env, 'UpdateStreamMode', { StreamARN: arn, StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    expect(describeStatus(env, 's')).toBe('UPDATING');
    expectError(env, 'UpdateShardCount', { StreamName: 's', TargetShardCount: 3, ScalingType: 'UNIFORM_SCALING' }, 'ResourceInUseException');
    settle(env);
    expectError(env, 'SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '12345' }, 'ValidationException',
      `Request is invalid. Stream s under account ${ACCOUNT} is in On-Demand mode.`);
    call(env, 'UpdateStreamMode', { StreamARN: arn, StreamModeDetails: { StreamMode: 'PROVISIONED' } });
    settle(env);
    expectError(env, 'UpdateStreamMode', { StreamARN: arn, StreamModeDetails: { StreamMode: 'ON_DEMAND' } }, 'LimitExceededException');
    env.advance(24 * 3600 * 1000);
    call(env, 'UpdateStreamMode', { StreamARN: arn, StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
  });
});

describe('encryption', () => {
  it('starts and stops through UPDATING; records written once ACTIVE carry KMS', () => {
    env = envWithStream('s', 1);
    const key = 'arn:aws:kms:us-east-1:000000000000:key/a3c4a7cd-728b-45dd-b334-4d3eb496e452';
    call(env, 'StartStreamEncryption', { StreamName: 's', EncryptionType: 'KMS', KeyId: key });
    const d = call(env, 'DescribeStream', { StreamName: 's' }).StreamDescription;
    expect(d).toMatchObject({ StreamStatus: 'UPDATING', EncryptionType: 'KMS', KeyId: key });
    expect(call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data('plain') }).EncryptionType).toBeUndefined();
    settle(env);
    expect(call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data('secret') }).EncryptionType).toBe('KMS');
    const it = call(env, 'GetShardIterator', { StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' });
    const recs = call(env, 'GetRecords', { ShardIterator: it.ShardIterator }).Records;
    expect(recs.map((r: { EncryptionType?: string }) => r.EncryptionType)).toEqual([undefined, 'KMS']);
    call(env, 'StopStreamEncryption', { StreamName: 's', EncryptionType: 'KMS', KeyId: key });
    settle(env);
    expect(call(env, 'DescribeStreamSummary', { StreamName: 's' }).StreamDescriptionSummary.EncryptionType).toBe('NONE');
    expect(call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data('plain') }).EncryptionType).toBeUndefined();
    expectError(env, 'StartStreamEncryption', { StreamName: 's', EncryptionType: 'NONE', KeyId: key }, 'InvalidArgumentException');
  });
});

describe('enhanced monitoring', () => {
  it('enables and disables shard-level metrics, ALL meaning all seven', () => {
    env = envWithStream('s', 1);
    expect(call(env, 'EnableEnhancedMonitoring', { StreamName: 's', ShardLevelMetrics: ['IncomingBytes', 'OutgoingBytes'] })).toEqual({
      StreamName: 's',
      CurrentShardLevelMetrics: [],
      DesiredShardLevelMetrics: ['IncomingBytes', 'OutgoingBytes'],
      StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/s`,
    });
    const off = call(env, 'DisableEnhancedMonitoring', { StreamName: 's', ShardLevelMetrics: ['IncomingBytes'] });
    expect(off.DesiredShardLevelMetrics).toEqual(['OutgoingBytes']);
    expect(call(env, 'DescribeStream', { StreamName: 's' }).StreamDescription.EnhancedMonitoring).toEqual([{ ShardLevelMetrics: ['OutgoingBytes'] }]);
  });
});

describe('record size, warm throughput, account settings, limits', () => {
  it('raises the maximum record size with UpdateMaxRecordSize', () => {
    env = envWithStream('s', 1);
    const arn = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/s`;
    const mib = Buffer.alloc(1024 * 1024 + 1);
    expectError(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: mib }, 'ValidationException',
      "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at 'data' failed to satisfy constraint: Member must have length less than or equal to 1048576");
    expectError(env, 'UpdateMaxRecordSize', { StreamARN: arn, MaxRecordSizeInKiB: 1023 }, 'ValidationException');
    call(env, 'UpdateMaxRecordSize', { StreamARN: arn, MaxRecordSizeInKiB: 2048 });
    expect(call(env, 'DescribeStreamSummary', { StreamARN: arn }).StreamDescriptionSummary.MaxRecordSizeInKiB).toBe(2048);
    expect(call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: mib }).ShardId).toBe('shardId-000000000000');
  });

  it('takes warm throughput only for on-demand streams with the billing commitment on', () => {
    env = testEnv();
    call(env, 'CreateStream', { StreamName: 'od', StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    env.advance(LIFECYCLE_MS.createStream);
    expectError(env, 'UpdateStreamWarmThroughput', { StreamName: 'od', WarmThroughputMiBps: 100 }, 'ValidationException');
    expect(call(env, 'DescribeAccountSettings')).toEqual({ MinimumThroughputBillingCommitment: { Status: 'DISABLED' } });
    const on = call(env, 'UpdateAccountSettings', { MinimumThroughputBillingCommitment: { Status: 'ENABLED' } }).MinimumThroughputBillingCommitment;
    expect(on.Status).toBe('ENABLED');
    expect(on.EarliestAllowedEndAt.getTime() - on.StartedAt.getTime()).toBe(24 * 3600 * 1000);
    const out = call(env, 'UpdateStreamWarmThroughput', { StreamName: 'od', WarmThroughputMiBps: 100 });
    expect(out).toEqual({ StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/od`, StreamName: 'od', WarmThroughput: { TargetMiBps: 100 } });
    settle(env);
    expect(call(env, 'DescribeStreamSummary', { StreamName: 'od' }).StreamDescriptionSummary.WarmThroughput).toEqual({ TargetMiBps: 100, CurrentMiBps: 100 });
    const pending = call(env, 'UpdateAccountSettings', { MinimumThroughputBillingCommitment: { Status: 'DISABLED' } }).MinimumThroughputBillingCommitment;
    expect(pending.Status).toBe('ENABLED_UNTIL_EARLIEST_ALLOWED_END');
    env.advance(24 * 3600 * 1000);
    expect(call(env, 'DescribeAccountSettings').MinimumThroughputBillingCommitment.Status).toBe('DISABLED');
  });

  it('describes shard limits and usage', () => {
    env = envWithStream('s', 3);
    expect(call(env, 'DescribeLimits')).toEqual({ ShardLimit: 500, OpenShardCount: 3, OnDemandStreamCount: 0, OnDemandStreamCountLimit: 50 });
  });
});
