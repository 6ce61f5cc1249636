/**
 * Differential scenarios for `kinesis`: each command line runs through the AWS CLI (v1) against
 * moto_server and through awsmsg, and the normalised outputs or errors must agree.
 *
 * Differences by design, handled per step: sequence numbers (moto counts 1, 2, ...; AWS's are
 * 56-digit numbers) and iterators are masked; timestamps are epoch numbers in CLI v1's output
 * and ISO 8601 in v2's; CLI v1 sends `--data` as raw text where v2 takes base64 (`blob()`).
 * awsmsg's streams pass through CREATING/UPDATING on its clock, moto's are ACTIVE at once, so
 * the awsmsg side's clock is moved past those states. Where moto departs from AWS's documented
 * behaviour, the step asserts AWS's behaviour for awsmsg and the test's name says what moto does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliResult } from '../helpers/cli.js';
import { ACCOUNT, blob, errorLine, okJson, skipReason, startDifferential, type Differential, type Side } from './harness.js';

const skip = skipReason('test/diff/kinesis.test.ts');
const STREAM_ARN = (name: string) => `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`;
const SEQ = ['SequenceNumber', 'StartingSequenceNumber', 'EndingSequenceNumber'];
const TIMES = ['StreamCreationTimestamp', 'ApproximateArrivalTimestamp', 'ConsumerCreationTimestamp'];

describe.skipIf(skip)('kinesis: AWS CLI + moto_server against awsmsg', () => {
  let d: Differential;
  beforeAll(async () => {
    d = await startDifferential();
  });
  afterAll(() => d?.stop());

  /** awsmsg's streams leave CREATING/UPDATING after a while on its clock; moto's at once. */
  async function settle(): Promise<void> {
    expect(okJson(await d.awsmsg(['clock', 'advance', '3s']))).toBeDefined();
  }

  /** Each side's own shard iterator. */
  async function iterator(stream: string, shard: string, type: string, extra: (side: Side) => string[] = () => []): Promise<Record<Side, string>> {
    const pair = await d.both((side) => ['kinesis', 'get-shard-iterator', '--stream-name', stream, '--shard-id', shard, '--shard-iterator-type', type, ...extra(side), '--query', 'ShardIterator', '--output', 'text']);
    const text = (r: CliResult) => {
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim();
    };
    return { aws: text(pair.aws), awsmsg: text(pair.awsmsg) };
  }

  it('streams: create, describe, summary, list, duplicate and unknown names', async () => {
    await d.same(['kinesis', 'create-stream', '--stream-name', 'trucks', '--shard-count', '3']);
    await settle();
    const described = await d.same(['kinesis', 'describe-stream', '--stream-name', 'trucks'], { mask: SEQ, timestamps: TIMES });
    expect(described.awsmsg.StreamDescription.Shards.map((s: any) => s.HashKeyRange.EndingHashKey)).toEqual([
      '113427455640312821154458202477256070484', '226854911280625642308916404954512140969', '340282366920938463463374607431768211455',
    ]);
    expect(described.awsmsg.StreamDescription.KeyId).toBeNull();
    await d.same(['kinesis', 'describe-stream', '--stream-name', 'trucks', '--limit', '1', '--query', 'StreamDescription.Shards[].ShardId']);
    await d.same(['kinesis', 'list-streams'], { timestamps: TIMES });
    await d.same(['kinesis', 'describe-stream', '--stream-name', 'no-such-stream']);
    await d.same(['kinesis', 'create-stream', '--stream-name', 'bad', '--shard-count', '0']);
    // moto names the stream only
    await d.same(['kinesis', 'create-stream', '--stream-name', 'trucks', '--shard-count', '1'], {
      awsMessage: `Stream trucks under account ${ACCOUNT} already exists.`,
    });
  });

  it('describe-stream-summary has ConsumerCount (moto: absent)', async () => {
    const pair = await d.both(['kinesis', 'describe-stream-summary', '--stream-name', 'trucks']);
    const [a, b] = [okJson(pair.aws).StreamDescriptionSummary, okJson(pair.awsmsg).StreamDescriptionSummary];
    const common = (s: any) => ({ ...s, StreamCreationTimestamp: undefined, ConsumerCount: undefined, MaxRecordSizeInKiB: undefined });
    expect(common(b)).toEqual(common(a));
    expect(a.ConsumerCount).toBeUndefined();
    expect(b).toMatchObject({ ConsumerCount: 0, OpenShardCount: 3, StreamARN: STREAM_ARN('trucks'), StreamModeDetails: { StreamMode: 'PROVISIONED' } });
  });

  it('records: put-record and put-records route by partition key and explicit hash key; get-records reads them back in order', async () => {
    // the same bytes: raw text for CLI v1, base64 for v2
    const put = (key: string, data: string, extra: string[] = []) =>
      d.same(['kinesis', 'put-record', '--stream-name', 'trucks', '--partition-key', key, '--data', blob(data), ...extra], { mask: SEQ });
    for (let i = 0; i < 3; i++) await put(`truck-${i}`, `{"truck":${i},"speed":${50 + i}}`);
    await put('any', 'to the last shard', ['--explicit-hash-key', '340282366920938463463374607431768211454']);
    await d.same((side) => ['kinesis', 'put-records', '--stream-name', 'trucks', '--records',
      ...['a', 'b', 'c', 'd'].map((k) => `Data=${side === 'aws' ? `record-${k}` : Buffer.from(`record-${k}`).toString('base64')},PartitionKey=${k}`)], { mask: SEQ });
    // the CLI v2 way of passing raw text, on awsmsg's side only: the same routing as v1's
    const raw = await d.both((side) => ['kinesis', 'put-record', '--stream-name', 'trucks', '--partition-key', 'truck-1', '--data', 'raw text',
      ...(side === 'awsmsg' ? ['--cli-binary-format', 'raw-in-base64-out'] : [])]);
    expect(okJson(raw.awsmsg).ShardId).toBe(okJson(raw.aws).ShardId);
    for (const shard of ['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002']) {
      const it = await iterator('trucks', shard, 'TRIM_HORIZON');
      const got = await d.same((side) => ['kinesis', 'get-records', '--shard-iterator', it[side], '--query', 'Records[].[Data,PartitionKey]']);
      expect(got.awsmsg.length).toBeGreaterThan(0);
    }
  });

  it('the highest hash key belongs to the last shard, ranges being inclusive (moto: HTTP 500)', async () => {
    const pair = await d.both(['kinesis', 'put-record', '--stream-name', 'trucks', '--partition-key', 'k', '--data', blob('x'), '--explicit-hash-key', '340282366920938463463374607431768211455']);
    expect(pair.aws.stderr).toContain('An error occurred (500)');
    expect(okJson(pair.awsmsg).ShardId).toBe('shardId-000000000002');
  });

  it('get-records: every member of a record, AT_/AFTER_SEQUENCE_NUMBER and LATEST iterators, --limit', async () => {
    const first = await d.both(['kinesis', 'put-record', '--stream-name', 'trucks', '--partition-key', 'iter', '--data', blob('one')]);
    await d.same(['kinesis', 'put-record', '--stream-name', 'trucks', '--partition-key', 'iter', '--data', blob('two')], { mask: SEQ });
    const shard = okJson(first.awsmsg).ShardId as string;
    expect(okJson(first.aws).ShardId).toBe(shard);
    const seq = (pair: typeof first) => ({ aws: okJson(pair.aws).SequenceNumber, awsmsg: okJson(pair.awsmsg).SequenceNumber }) as Record<Side, string>;
    const at = await iterator('trucks', shard, 'AT_SEQUENCE_NUMBER', (side) => ['--starting-sequence-number', seq(first)[side]]);
    const records = await d.same((side) => ['kinesis', 'get-records', '--shard-iterator', at[side], '--limit', '1'], {
      mask: [...SEQ, 'NextShardIterator', 'MillisBehindLatest'],
      timestamps: TIMES,
    });
    expect(records.awsmsg.Records).toEqual([{ SequenceNumber: '<SequenceNumber>', ApproximateArrivalTimestamp: '<timestamp>', Data: 'b25l', PartitionKey: 'iter' }]);
    const after = await iterator('trucks', shard, 'AFTER_SEQUENCE_NUMBER', (side) => ['--starting-sequence-number', seq(first)[side]]);
    await d.same((side) => ['kinesis', 'get-records', '--shard-iterator', after[side], '--query', 'Records[].Data']);
    const latest = await iterator('trucks', shard, 'LATEST');
    await d.same((side) => ['kinesis', 'get-records', '--shard-iterator', latest[side], '--query', 'Records']);
  });

  it('errors on records: unknown shard, bad sequence number, oversized partition key', async () => {
    await d.same(['kinesis', 'get-shard-iterator', '--stream-name', 'trucks', '--shard-id', 'shardId-000000000009', '--shard-iterator-type', 'TRIM_HORIZON']);
    await d.same(['kinesis', 'put-record', '--stream-name', 'no-such-stream', '--partition-key', 'k', '--data', blob('x')]);
  });

  it('a partition key over 256 characters is a ValidationException (moto: InvalidArgumentException)', async () => {
    const key = 'k'.repeat(257);
    const pair = await d.both(['kinesis', 'put-record', '--stream-name', 'trucks', '--partition-key', key, '--data', blob('x')]);
    expect(errorLine(pair.aws.stderr)?.code).toBe('InvalidArgumentException');
    expect(errorLine(pair.awsmsg.stderr)).toEqual({
      code: 'ValidationException',
      operation: 'PutRecord',
      message: `1 validation error detected: Value '${key}' at 'partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256`,
    });
  });

  it('a bad shard iterator is InvalidArgumentException (moto: HTTP 500)', async () => {
    const pair = await d.both(['kinesis', 'get-records', '--shard-iterator', 'bm90IGFuIGl0ZXJhdG9y']);
    expect(pair.aws.status).not.toBe(0);
    expect(errorLine(pair.awsmsg.stderr)?.code).toBe('InvalidArgumentException');
  });

  it('list-shards: pages with --max-results and --next-token', async () => {
    const page = await d.same(['kinesis', 'list-shards', '--stream-name', 'trucks', '--max-results', '2'], { mask: [...SEQ, 'NextToken'] });
    expect(page.awsmsg.Shards).toHaveLength(2);
    await d.same(['kinesis', 'list-shards', '--stream-name', 'trucks', '--max-items', '1', '--query', 'Shards[].ShardId']);
  });

  it('list-shards --next-token without --stream-name goes on with the listing (moto: InvalidToken)', async () => {
    const first = await d.both(['kinesis', 'list-shards', '--stream-name', 'trucks', '--max-results', '2']);
    const next = await d.both((side) => ['kinesis', 'list-shards', '--next-token', okJson(first[side]).NextToken, '--query', 'Shards[].ShardId']);
    expect(errorLine(next.aws.stderr)?.code).toBe('InvalidToken');
    expect(okJson(next.awsmsg)).toEqual(['shardId-000000000002']);
  });

  it('resharding: split-shard and merge-shards close parents and make children with AWS\'s ids and ranges', async () => {
    await d.same(['kinesis', 'split-shard', '--stream-name', 'trucks', '--shard-to-split', 'shardId-000000000000', '--new-starting-hash-key', '56713727820156410577229101238628035242']);
    await settle();
    const lineage = ['kinesis', 'list-shards', '--stream-name', 'trucks', '--query', 'Shards[].[ShardId,ParentShardId,AdjacentParentShardId,HashKeyRange.StartingHashKey,HashKeyRange.EndingHashKey,SequenceNumberRange.EndingSequenceNumber != null]'];
    await d.same(lineage);
    await d.same(['kinesis', 'merge-shards', '--stream-name', 'trucks', '--shard-to-merge', 'shardId-000000000003', '--adjacent-shard-to-merge', 'shardId-000000000004']);
    await settle();
    const shards = await d.same(lineage);
    expect(shards.awsmsg.at(-1)).toEqual(['shardId-000000000005', 'shardId-000000000003', 'shardId-000000000004', '0', '113427455640312821154458202477256070484', false]);
    // moto names one shard only
    await d.same(['kinesis', 'merge-shards', '--stream-name', 'trucks', '--shard-to-merge', 'shardId-000000000002', '--adjacent-shard-to-merge', 'shardId-000000000005'], {
      awsMessage: `Shards shardId-000000000002 and shardId-000000000005 in stream trucks under account ${ACCOUNT} are not an adjacent pair of shards eligible for merging`,
    });
    await d.same(['kinesis', 'split-shard', '--stream-name', 'trucks', '--shard-to-split', 'shardId-000000000000', '--new-starting-hash-key', '56713727820156410577229101238628035242']);
    // moto's ranges end one before AWS's (inclusive) EndingHashKey, and its message says so
    await d.same(['kinesis', 'split-shard', '--stream-name', 'trucks', '--shard-to-split', 'shardId-000000000001', '--new-starting-hash-key', '1'], {
      awsMessage: `NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000001 in stream trucks under account ${ACCOUNT} is not both greater than one plus the shard's StartingHashKey 113427455640312821154458202477256070485 and less than the shard's EndingHashKey 226854911280625642308916404954512140969.`,
    });
  });

  it('--shard-filter AT_LATEST lists the open shards only (moto ignores the filter)', async () => {
    const pair = await d.both(['kinesis', 'list-shards', '--stream-name', 'trucks', '--shard-filter', 'Type=AT_LATEST', '--query', 'Shards[].ShardId']);
    expect(okJson(pair.aws)).toHaveLength(6);
    expect(okJson(pair.awsmsg)).toEqual(['shardId-000000000001', 'shardId-000000000002', 'shardId-000000000005']);
  });

  it('records after a split go to the children only (moto: still to the closed parent)', async () => {
    const pair = await d.both(['kinesis', 'put-record', '--stream-name', 'trucks', '--partition-key', 'after-split', '--data', blob('x'), '--explicit-hash-key', '0']);
    expect(okJson(pair.aws).ShardId).toBe('shardId-000000000000');
    expect(okJson(pair.awsmsg).ShardId).toBe('shardId-000000000005');
  });

  it('retention: increase, decrease, and the allowed range', async () => {
    await d.same(['kinesis', 'increase-stream-retention-period', '--stream-name', 'trucks', '--retention-period-hours', '72']);
    await d.same(['kinesis', 'decrease-stream-retention-period', '--stream-name', 'trucks', '--retention-period-hours', '48']);
    await d.same(['kinesis', 'describe-stream-summary', '--stream-name', 'trucks', '--query', 'StreamDescriptionSummary.RetentionPeriodHours']);
    await d.same(['kinesis', 'increase-stream-retention-period', '--stream-name', 'trucks', '--retention-period-hours', '8761']);
    await d.same(['kinesis', 'decrease-stream-retention-period', '--stream-name', 'trucks', '--retention-period-hours', '12']);
    await d.same(['kinesis', 'increase-stream-retention-period', '--stream-name', 'trucks', '--retention-period-hours', '12']);
  });

  it('tags: add-tags-to-stream, list-tags-for-stream with paging (moto: --exclusive-start-tag-key included), remove-tags-from-stream', async () => {
    await d.same(['kinesis', 'add-tags-to-stream', '--stream-name', 'trucks', '--tags', 'fleet=north,env=test,owner=ops']);
    await d.same(['kinesis', 'list-tags-for-stream', '--stream-name', 'trucks']);
    await d.same(['kinesis', 'list-tags-for-stream', '--stream-name', 'trucks', '--limit', '2']);
    // moto starts at the --exclusive-start-tag-key itself; AWS lists the tags after it
    const after = await d.both(['kinesis', 'list-tags-for-stream', '--stream-name', 'trucks', '--exclusive-start-tag-key', 'env', '--query', 'Tags[].Key']);
    expect(okJson(after.aws)).toEqual(['env', 'fleet', 'owner']);
    expect(okJson(after.awsmsg)).toEqual(['fleet', 'owner']);
    await d.same(['kinesis', 'remove-tags-from-stream', '--stream-name', 'trucks', '--tag-keys', 'env', 'owner']);
    await d.same(['kinesis', 'list-tags-for-stream', '--stream-name', 'trucks']);
  });

  it('enhanced fan-out consumers: register, describe, list, deregister', async () => {
    await d.same(['kinesis', 'register-stream-consumer', '--stream-arn', STREAM_ARN('trucks'), '--consumer-name', 'dashboard'], {
      mask: ['ConsumerARN', 'ConsumerStatus'],
      timestamps: TIMES,
    });
    await settle();
    const described = await d.same(['kinesis', 'describe-stream-consumer', '--stream-arn', STREAM_ARN('trucks'), '--consumer-name', 'dashboard'], {
      mask: ['ConsumerARN'],
      timestamps: TIMES,
    });
    expect(described.awsmsg.ConsumerDescription).toMatchObject({ ConsumerName: 'dashboard', ConsumerStatus: 'ACTIVE', StreamARN: STREAM_ARN('trucks') });
    await d.same(['kinesis', 'list-stream-consumers', '--stream-arn', STREAM_ARN('trucks')], { mask: ['ConsumerARN'], timestamps: TIMES });
    // a second consumer of the same name: moto registers it, AWS refuses it
    const again = await d.both(['kinesis', 'register-stream-consumer', '--stream-arn', STREAM_ARN('trucks'), '--consumer-name', 'dashboard']);
    expect(errorLine(again.awsmsg.stderr)?.code).toBe('ResourceInUseException');
    if (again.aws.status === 0) {
      expect((await d.aws(['kinesis', 'deregister-stream-consumer', '--consumer-arn', okJson(again.aws).Consumer.ConsumerARN])).status).toBe(0);
    }
    await d.same(['kinesis', 'deregister-stream-consumer', '--stream-arn', STREAM_ARN('trucks'), '--consumer-name', 'dashboard']);
    await settle();
    await d.same(['kinesis', 'list-stream-consumers', '--stream-arn', STREAM_ARN('trucks')]);
  });

  it('streams by ARN, update-shard-count, list-streams paging, delete-stream', async () => {
    await d.same(['kinesis', 'create-stream', '--stream-name', 'gps', '--shard-count', '2']);
    await d.same(['kinesis', 'create-stream', '--stream-name', 'alerts', '--stream-mode-details', 'StreamMode=ON_DEMAND']);
    await settle();
    await d.same(['kinesis', 'describe-stream-summary', '--stream-arn', STREAM_ARN('alerts'), '--query', 'StreamDescriptionSummary.[StreamModeDetails.StreamMode,OpenShardCount]']);
    // UpdateShardCount's response names the stream's ARN too (moto leaves it out)
    const updated = await d.both(['kinesis', 'update-shard-count', '--stream-name', 'gps', '--target-shard-count', '4', '--scaling-type', 'UNIFORM_SCALING']);
    expect(okJson(updated.awsmsg)).toEqual({ ...okJson(updated.aws), StreamARN: STREAM_ARN('gps') });
    await settle();
    await d.same(['kinesis', 'list-shards', '--stream-name', 'gps', '--query', 'Shards[?SequenceNumberRange.EndingSequenceNumber == null].HashKeyRange']);
    // AWS lists streams by name (ExclusiveStartStreamName pages by it), moto in creation order
    const names = await d.both(['kinesis', 'list-streams', '--query', 'StreamNames']);
    expect(okJson(names.awsmsg)).toEqual([...okJson(names.aws)].sort());
    expect(okJson(names.awsmsg)).toEqual(['alerts', 'gps', 'trucks']);
    await d.same(['kinesis', 'list-streams', '--max-items', '2', '--query', 'length(StreamNames)']);
    await d.same(['kinesis', 'list-streams', '--limit', '1', '--query', '[length(StreamNames), HasMoreStreams]']);
    await d.same(['kinesis', 'delete-stream', '--stream-name', 'alerts']);
    await settle();
    await d.same(['kinesis', 'list-streams', '--query', 'sort(StreamNames)']);
    await d.same(['kinesis', 'delete-stream', '--stream-name', 'alerts']);
  });

  it('wait stream-exists returns once the stream is ACTIVE', async () => {
    await d.same(['kinesis', 'wait', 'stream-exists', '--stream-name', 'gps']);
  });
});
