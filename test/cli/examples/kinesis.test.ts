/**
 * The AWS CLI's documented examples for `aws kinesis` (awscli/examples/kinesis/*.rst), each run
 * through bin/awsmsg as written, after the set-up that makes it meaningful, and compared with
 * the documented output (see helpers.ts for what is compared). The examples' account is
 * 123456789012 in us-west-2, the account and region awsmsg runs as here; streams pass through
 * CREATING and UPDATING on the state file's clock, which the set-up moves past.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LIFECYCLE_MS } from '../../../src/services/kinesis/constants.js';
import { ACCOUNT, exampleKey, expectLike, expectServiceError, loadExamples, replaceArg, runExample, type ExampleEnv, type Plan, type ServiceExamples } from './helpers.js';

const STREAM_ARN = (name: string) => `arn:aws:kinesis:us-west-2:${ACCOUNT}:stream/${name}`;
const CONSUMER = 'KinesisConsumerApplication';

async function stream(env: ExampleEnv, name = 'samplestream', ShardCount = 3): Promise<void> {
  await env.call('kinesis', 'CreateStream', { StreamName: name, ShardCount });
  env.advance(LIFECYCLE_MS.createStream);
}

/** After a reshard or an encryption change, the stream is ACTIVE again. */
const settle = (env: ExampleEnv) => env.advance(LIFECYCLE_MS.updateStream);

async function consumer(env: ExampleEnv): Promise<void> {
  await stream(env);
  await env.call('kinesis', 'RegisterStreamConsumer', { StreamARN: STREAM_ARN('samplestream'), ConsumerName: CONSUMER });
  env.advance(LIFECYCLE_MS.registerConsumer);
}

const summary = async (env: ExampleEnv) => (await env.call('kinesis', 'DescribeStreamSummary', { StreamName: 'samplestream' })).StreamDescriptionSummary;
const shards = async (env: ExampleEnv) => (await env.call('kinesis', 'ListShards', { StreamName: 'samplestream' })).Shards;

/** The open shard whose hash key range holds the partition key's MD5, as AWS routes a record. */
async function shardFor(env: ExampleEnv, partitionKey: string): Promise<string> {
  const hash = BigInt(`0x${createHash('md5').update(partitionKey).digest('hex')}`);
  const open = (await shards(env)).filter((s: any) => s.SequenceNumberRange.EndingSequenceNumber === undefined);
  return open.find((s: any) => BigInt(s.HashKeyRange.StartingHashKey) <= hash && hash <= BigInt(s.HashKeyRange.EndingHashKey)).ShardId;
}

const METRICS = ['IncomingBytes', 'OutgoingRecords', 'IteratorAgeMilliseconds', 'IncomingRecords', 'ReadProvisionedThroughputExceeded', 'WriteProvisionedThroughputExceeded', 'OutgoingBytes'];

/** The docs' consumer examples name the stream of account 012345678912: AWS has no such stream for this account. */
function otherAccountConsumer(setup: (env: ExampleEnv) => Promise<void>, args: string[], like: (r: any) => void): Plan {
  return {
    setup,
    async check(r, env) {
      expectServiceError(r, 'ResourceNotFoundException', 'Stream samplestream under account 012345678912 not found.');
      // with this account's stream, the example does what it says
      const own = env.run([...args, '--stream-arn', STREAM_ARN('samplestream'), '--consumer-name', CONSUMER]);
      expect(own.status, own.stderr).toBe(0);
      like(JSON.parse(own.stdout));
    },
  };
}

const documentedOutput = (file: string): any => JSON.parse(loadExamples('kinesis').find((e) => e.file === file)!.output!);

const KINESIS: ServiceExamples = {
  service: 'kinesis',
  region: 'us-west-2',
  rewrite: (text) => text,
  plans: {
    'add-tags-to-stream.rst#0': {
      setup: (env) => stream(env),
      async after(env) {
        expect(await env.call('kinesis', 'ListTagsForStream', { StreamName: 'samplestream' })).toEqual({ Tags: [{ Key: 'samplekey', Value: 'example' }], HasMoreTags: false });
      },
    },
    'create-stream.rst#0': {
      async after(env) {
        expect((await summary(env)).StreamStatus).toBe('CREATING');
        env.advance(LIFECYCLE_MS.createStream);
        expect(await summary(env)).toMatchObject({ StreamStatus: 'ACTIVE', OpenShardCount: 3 });
      },
    },
    'decrease-stream-retention-period.rst#0': {
      async setup(env) {
        await stream(env);
        await env.call('kinesis', 'IncreaseStreamRetentionPeriod', { StreamName: 'samplestream', RetentionPeriodHours: 168 });
      },
      async after(env) {
        expect((await summary(env)).RetentionPeriodHours).toBe(48);
      },
    },
    'delete-stream.rst#0': {
      setup: (env) => stream(env),
      async after(env) {
        expect((await summary(env)).StreamStatus).toBe('DELETING');
        env.advance(LIFECYCLE_MS.deleteStream);
        expect((await env.call('kinesis', 'ListStreams')).StreamNames).toEqual([]);
      },
    },
    'deregister-stream-consumer.rst#0': {
      setup: consumer,
      async after(env) {
        env.advance(LIFECYCLE_MS.registerConsumer);
        expect((await env.call('kinesis', 'ListStreamConsumers', { StreamARN: STREAM_ARN('samplestream') })).Consumers).toEqual([]);
      },
    },
    'describe-limits.rst#0': {
      async setup(env) {
        // 29 open shards, as in the docs
        await stream(env, 'samplestream', 10);
        await stream(env, 'samplestream1', 10);
        await stream(env, 'samplestream2', 9);
      },
      // newer than the docs: AWS reports the on-demand stream count and its limit too
      like: { added: ['OnDemandStreamCount', 'OnDemandStreamCountLimit'] },
    },
    'describe-stream-consumer.rst#0': otherAccountConsumer(consumer, ['kinesis', 'describe-stream-consumer'], (got) => {
      const doc = documentedOutput('describe-stream-consumer.rst');
      // the consumer's ARN ends in its creation time
      doc.ConsumerDescription.ConsumerARN = `${STREAM_ARN('samplestream')}/consumer/${CONSUMER}:...`;
      expectLike(got, doc);
    }),
    'describe-stream-summary.rst#0': {
      async setup(env) {
        await stream(env);
        await env.call('kinesis', 'IncreaseStreamRetentionPeriod', { StreamName: 'samplestream', RetentionPeriodHours: 48 });
      },
      // newer than the docs: the stream mode and the largest record size
      like: { added: ['StreamModeDetails', 'MaxRecordSizeInKiB'] },
    },
    'describe-stream.rst#0': {
      setup: (env) => stream(env),
    },
    'disable-enhanced-monitoring.rst#0': {
      async setup(env) {
        await stream(env);
        await env.call('kinesis', 'EnableEnhancedMonitoring', { StreamName: 'samplestream', ShardLevelMetrics: ['ALL'] });
        settle(env);
      },
      // AWS lists the metrics in no fixed order; newer than the docs: the stream's ARN
      like: { unordered: ['CurrentShardLevelMetrics'], added: ['StreamARN'] },
    },
    'enable-enhanced-monitoring.rst#0': {
      setup: (env) => stream(env),
      like: { unordered: ['DesiredShardLevelMetrics'], added: ['StreamARN'] },
      async after(env) {
        settle(env);
        expect((await summary(env)).EnhancedMonitoring[0].ShardLevelMetrics.sort()).toEqual([...METRICS].sort());
      },
    },
    'get-records.rst#0': {
      setup: (env) => stream(env),
      async argv(argv, env) {
        const { ShardIterator } = await env.call('kinesis', 'GetShardIterator', { StreamName: 'samplestream', ShardId: 'shardId-000000000001', ShardIteratorType: 'LATEST' });
        return replaceArg(argv, argv.at(-1)!, ShardIterator);
      },
      // newer than the docs: the iterator to read on with
      like: { added: ['NextShardIterator'] },
    },
    'get-shard-iterator.rst#0': {
      setup: (env) => stream(env),
      async after(env) {
        // the iterator is opaque but must work
        const { ShardIterator } = await env.call('kinesis', 'GetShardIterator', { StreamName: 'samplestream', ShardId: 'shardId-000000000001', ShardIteratorType: 'LATEST' });
        expect((await env.call('kinesis', 'GetRecords', { ShardIterator })).Records).toEqual([]);
      },
    },
    'increase-stream-retention-period.rst#0': {
      setup: (env) => stream(env),
      async after(env) {
        expect((await summary(env)).RetentionPeriodHours).toBe(168);
      },
    },
    'list-shards.rst#0': {
      setup: (env) => stream(env),
    },
    'list-streams.rst#0': {
      async setup(env) {
        await stream(env);
        await stream(env, 'samplestream1', 1);
      },
      // newer than the docs: a summary of each stream
      like: { added: ['StreamSummaries'] },
    },
    'list-tags-for-stream.rst#0': {
      async setup(env) {
        await stream(env);
        await env.call('kinesis', 'AddTagsToStream', { StreamName: 'samplestream', Tags: { samplekey: 'example' } });
      },
    },
    'merge-shards.rst#0': {
      setup: (env) => stream(env),
      async after(env) {
        settle(env);
        const child = (await shards(env)).at(-1);
        expect(child).toMatchObject({
          ShardId: 'shardId-000000000003',
          ParentShardId: 'shardId-000000000000',
          AdjacentParentShardId: 'shardId-000000000001',
          HashKeyRange: { StartingHashKey: '0', EndingHashKey: '226854911280625642308916404954512140969' },
        });
      },
    },
    'put-record.rst#0': {
      async setup(env) {
        // the docs' stream is encrypted, and had more shards than the record's routing here shows
        await stream(env);
        await env.call('kinesis', 'StartStreamEncryption', { StreamName: 'samplestream', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
        settle(env);
      },
      // CLI v2 takes --data as base64: "sampledatarecord" is valid base64 (12 bytes)
      async check(r, env) {
        expect(r.status, r.stderr).toBe(0);
        const doc = documentedOutput('put-record.rst');
        doc.ShardId = await shardFor(env, 'samplepartitionkey');
        expectLike(JSON.parse(r.stdout), doc);
        const { ShardIterator } = await env.call('kinesis', 'GetShardIterator', { StreamName: 'samplestream', ShardId: doc.ShardId, ShardIteratorType: 'TRIM_HORIZON' });
        const [record] = (await env.call('kinesis', 'GetRecords', { ShardIterator })).Records;
        expect(Buffer.from(record.Data).toString('base64')).toBe('sampledatarecord');
      },
    },
    'put-records.rst#0': {
      async setup(env) {
        await stream(env);
        await env.call('kinesis', 'StartStreamEncryption', { StreamName: 'samplestream', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
        settle(env);
      },
      // "blob1" and "blob2" are not base64 of whole bytes: CLI v2 refuses them; as raw text they go in as written
      async check(r, env) {
        expect(r.status).toBe(255);
        expect(r.stderr).toContain('Invalid base64: "blob1"');
        const raw = env.run([...loadExamples('kinesis').find((e) => e.file === 'put-records.rst')!.command, '--cli-binary-format', 'raw-in-base64-out']);
        expect(raw.status, raw.stderr).toBe(0);
        const doc = documentedOutput('put-records.rst');
        doc.Records[0].ShardId = await shardFor(env, 'partitionkey1');
        doc.Records[1].ShardId = await shardFor(env, 'partitionkey2');
        expectLike(JSON.parse(raw.stdout), doc);
      },
    },
    'register-stream-consumer.rst#0': otherAccountConsumer(stream, ['kinesis', 'register-stream-consumer'], (got) => {
      const doc = documentedOutput('register-stream-consumer.rst');
      // the docs' ARN has a space in it; the consumer's ARN ends in its creation time
      doc.Consumer.ConsumerARN = `${STREAM_ARN('samplestream')}/consumer/${CONSUMER}:...`;
      expectLike(got, doc);
    }),
    'remove-tags-from-stream.rst#0': {
      async setup(env) {
        await stream(env);
        await env.call('kinesis', 'AddTagsToStream', { StreamName: 'samplestream', Tags: { samplekey: 'example' } });
      },
      async after(env) {
        expect(await env.call('kinesis', 'ListTagsForStream', { StreamName: 'samplestream' })).toEqual({ Tags: [], HasMoreTags: false });
      },
    },
    'split-shard.rst#0': {
      setup: (env) => stream(env),
      async after(env) {
        settle(env);
        expect((await shards(env)).slice(3).map((s: any) => [s.ShardId, s.ParentShardId, s.HashKeyRange])).toEqual([
          ['shardId-000000000003', 'shardId-000000000000', { StartingHashKey: '0', EndingHashKey: '9' }],
          ['shardId-000000000004', 'shardId-000000000000', { StartingHashKey: '10', EndingHashKey: '113427455640312821154458202477256070484' }],
        ]);
      },
    },
    'start-stream-encryption.rst#0': {
      setup: (env) => stream(env),
      async after(env) {
        settle(env);
        expect(await summary(env)).toMatchObject({ EncryptionType: 'KMS', KeyId: 'arn:aws:kms:us-west-2:012345678912:key/a3c4a7cd-728b-45dd-b334-4d3eb496e452' });
      },
    },
    'stop-stream-encryption.rst#0': {
      setup: (env) => stream(env),
      // the docs' command for stop-stream-encryption is start-stream-encryption; after it, the
      // stop command with the same arguments does what the page describes
      async after(env) {
        settle(env);
        const stop = env.run(['kinesis', 'stop-stream-encryption', '--encryption-type', 'KMS', '--key-id', 'arn:aws:kms:us-west-2:012345678912:key/a3c4a7cd-728b-45dd-b334-4d3eb496e452', '--stream-name', 'samplestream']);
        expect(stop).toMatchObject({ status: 0, stdout: '', stderr: '' });
        settle(env);
        expect(await summary(env)).toMatchObject({ EncryptionType: 'NONE' });
      },
    },
    'update-shard-count.rst#0': {
      setup: (env) => stream(env),
      // newer than the docs: the stream's ARN
      like: { added: ['StreamARN'] },
      async after(env) {
        settle(env);
        expect((await summary(env)).OpenShardCount).toBe(6);
      },
    },
  },
};

const examples = loadExamples('kinesis');

describe('the AWS CLI examples for kinesis, through bin/awsmsg', () => {
  it('has a plan for every documented example and no other', () => {
    expect(Object.keys(KINESIS.plans).sort()).toEqual(examples.map(exampleKey).sort());
  });
  for (const example of examples) {
    it(`${exampleKey(example)}: ${example.command.slice(0, 2).join(' ')}`, () => runExample(example, KINESIS));
  }
});
