/**
 * `awsmsg serve` with the current AWS SDK for JavaScript's Kinesis client (JSON 1.1), once with
 * its default request handler (HTTP/2 with prior knowledge for every call, SubscribeToShard
 * included) and once with NodeHttpHandler (HTTP/1.1): the stream lifecycle through the SDK's
 * waiter with the clock moving CREATING to ACTIVE, pagination, records with binary and big
 * data, shard iterators, timestamps as Dates in the right second, errors, a split with
 * ChildShards, and SubscribeToShard as an event stream.
 */
import {
  AddTagsToStreamCommand,
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  KinesisServiceException,
  ListShardsCommand,
  ListTagsForStreamCommand,
  PutRecordCommand,
  PutRecordsCommand,
  RegisterStreamConsumerCommand,
  ResourceNotFoundException,
  SplitShardCommand,
  SubscribeToShardCommand,
  paginateListStreams,
  paginateListStreamConsumers,
  waitUntilStreamExists,
  waitUntilStreamNotExists,
  type Shard,
  type SubscribeToShardEvent,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import AWS from 'aws-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, credentials, REGION, startTestServer, type TestServer } from './clients-support.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t?.stop();
});

async function caught(p: Promise<unknown>): Promise<KinesisServiceException> {
  try {
    await p;
  } catch (e) {
    return e as KinesisServiceException;
  }
  throw new Error('expected the call to fail');
}

/** The server's clock, in epoch milliseconds. */
const clockNow = (): Promise<number> => t.now();

/** Every byte value, then a pattern: data that is not text. */
const binary = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i < 256 ? i : (i * 31 + 7) % 256));

const handlers = [
  { name: 'default handler (HTTP/2)', make: () => new KinesisClient({ endpoint: t.url, region: REGION, credentials, maxAttempts: 1 }) },
  {
    name: 'NodeHttpHandler (HTTP/1.1)',
    make: () => new KinesisClient({ endpoint: t.url, region: REGION, credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler() }),
  },
];

describe.each(handlers)('@aws-sdk/client-kinesis with the $name', ({ name, make }) => {
  const tag = name.startsWith('default') ? 'h2' : 'h1';
  let kinesis: KinesisClient;
  beforeAll(() => {
    kinesis = make();
  });
  afterAll(() => kinesis?.destroy());

  /** Creates a stream and waits for it with the SDK's waiter, the clock ending CREATING. */
  async function createActiveStream(name: string, shards: number): Promise<void> {
    await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
    await t.advance('3s');
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 20, minDelay: 0.05, maxDelay: 0.1 }, { StreamName: name });
  }

  it('waitUntilStreamExists polls DescribeStream until the clock makes the stream ACTIVE', async () => {
    const stream = `clients-${tag}-waiter`;
    const before = await clockNow();
    await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
    const after = await clockNow();
    const statuses: string[] = [];
    const client = make();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'DescribeStreamCommand') {
          const status = (result.output as { StreamDescription: { StreamStatus: string } }).StreamDescription.StreamStatus;
          statuses.push(status);
          // moves the clock only after the waiter has seen CREATING
          if (status === 'CREATING') await t.advance('3s');
        }
        return result;
      },
      { step: 'initialize', name: 'watchStatus' },
    );
    try {
      const result = await waitUntilStreamExists({ client, maxWaitTime: 20, minDelay: 0.05, maxDelay: 0.1 }, { StreamName: stream });
      expect(result.state).toBe('SUCCESS');
      expect(statuses).toEqual(['CREATING', 'ACTIVE']);
    } finally {
      client.destroy();
    }
    const { StreamDescription: d } = await kinesis.send(new DescribeStreamCommand({ StreamName: stream }));
    expect(d!.StreamARN).toBe(`arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${stream}`);
    expect(d!.Shards).toHaveLength(1);
    expect(d!.StreamCreationTimestamp).toBeInstanceOf(Date);
    const created = d!.StreamCreationTimestamp!.getTime();
    expect(created).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(created).toBeLessThanOrEqual(after);
    const summary = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
    expect(summary.StreamDescriptionSummary!.StreamCreationTimestamp!.getTime()).toBe(created);
    expect(summary.StreamDescriptionSummary!.OpenShardCount).toBe(1);
  });

  it('waitUntilStreamNotExists sees DELETING, then the stream gone once the clock moves', async () => {
    const stream = `clients-${tag}-deleted`;
    await createActiveStream(stream, 1);
    await kinesis.send(new DeleteStreamCommand({ StreamName: stream }));
    const seen: string[] = [];
    const client = make();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'DescribeStreamCommand') return next(args);
        try {
          const result = await next(args);
          seen.push((result.output as { StreamDescription: { StreamStatus: string } }).StreamDescription.StreamStatus);
          await t.advance('3s');
          return result;
        } catch (e) {
          seen.push((e as Error).name);
          throw e;
        }
      },
      { step: 'initialize', name: 'watchStatus' },
    );
    try {
      const result = await waitUntilStreamNotExists({ client, maxWaitTime: 20, minDelay: 0.05, maxDelay: 0.1 }, { StreamName: stream });
      expect(result.state).toBe('SUCCESS');
      expect(seen).toEqual(['DELETING', 'ResourceNotFoundException']);
    } finally {
      client.destroy();
    }
  });

  it('puts and gets binary and big records; arrival timestamps are Dates in the right second', async () => {
    const stream = `clients-${tag}-records`;
    await createActiveStream(stream, 1);
    const small = binary(300);
    const big = binary(1_000_000);
    const before = await clockNow();
    const put1 = await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'k', Data: small }));
    const after = await clockNow();
    expect(put1.ShardId).toBe('shardId-000000000000');
    expect(put1.SequenceNumber).toMatch(/^\d{56}$/);
    // a fresh shard takes 1 MiB at once: the big record passes on its own
    await t.advance('2s');
    const put2 = await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'k', Data: big }));
    expect(BigInt(put2.SequenceNumber!)).toBeGreaterThan(BigInt(put1.SequenceNumber!));

    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({ StreamName: stream, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }),
    );
    const got = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
    expect(got.Records).toHaveLength(2);
    const [r1, r2] = got.Records!;
    expect(Buffer.from(r1!.Data!)).toEqual(Buffer.from(small));
    expect(Buffer.from(r2!.Data!).equals(Buffer.from(big))).toBe(true);
    expect(r1!.PartitionKey).toBe('k');
    expect(r1!.SequenceNumber).toBe(put1.SequenceNumber);
    expect(r1!.ApproximateArrivalTimestamp).toBeInstanceOf(Date);
    const arrived = r1!.ApproximateArrivalTimestamp!.getTime();
    expect(arrived).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(arrived).toBeLessThanOrEqual(after);
    expect(got.MillisBehindLatest).toBe(0);
    expect(got.NextShardIterator).toMatch(/\S/);

    // AT_SEQUENCE_NUMBER / AFTER_SEQUENCE_NUMBER / AT_TIMESTAMP
    await t.advance('2s');
    const at = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: stream,
        ShardId: 'shardId-000000000000',
        ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
        StartingSequenceNumber: put1.SequenceNumber,
      }),
    );
    const after1 = await kinesis.send(new GetRecordsCommand({ ShardIterator: at.ShardIterator, Limit: 1 }));
    expect(after1.Records!.map((r) => r.SequenceNumber)).toEqual([put2.SequenceNumber]);
    await t.advance('2s');
    const ts = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: stream,
        ShardId: 'shardId-000000000000',
        ShardIteratorType: 'AT_TIMESTAMP',
        Timestamp: new Date(arrived),
      }),
    );
    const fromTs = await kinesis.send(new GetRecordsCommand({ ShardIterator: ts.ShardIterator, Limit: 1 }));
    expect(fromTs.Records!.map((r) => r.SequenceNumber)).toEqual([put1.SequenceNumber]);
  });

  it('reports per-record failures of PutRecords (a shard past 1 MiB a second)', async () => {
    const stream = `clients-${tag}-putrecords`;
    await createActiveStream(stream, 2);
    await t.advance('2s');
    const out = await kinesis.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: [
          { PartitionKey: 'same', Data: binary(600_000) },
          { PartitionKey: 'same', Data: binary(600_000) },
          { PartitionKey: 'x', ExplicitHashKey: '0', Data: new TextEncoder().encode('to shard 0') },
        ],
      }),
    );
    expect(out.FailedRecordCount).toBe(1);
    expect(out.Records![0]!.SequenceNumber).toMatch(/^\d+$/);
    expect(out.Records![1]).toMatchObject({ ErrorCode: 'ProvisionedThroughputExceededException' });
    expect(out.Records![1]!.ErrorMessage).toMatch(/\S/);
    expect(out.Records![1]!.SequenceNumber).toBeUndefined();
    expect(out.Records![2]!.ShardId).toBe('shardId-000000000000');
  });

  it('pages ListStreams and ListShards', async () => {
    const names = [1, 2, 3].map((i) => `clients-${tag}-list-${i}`);
    for (const n of names) await kinesis.send(new CreateStreamCommand({ StreamName: n, ShardCount: 3 }));
    await t.advance('3s');
    const seen: string[] = [];
    const pages: number[] = [];
    for await (const page of paginateListStreams({ client: kinesis, pageSize: 2 }, {})) {
      pages.push(page.StreamNames!.length);
      seen.push(...page.StreamNames!);
      expect(page.StreamSummaries!.map((s) => s.StreamName)).toEqual(page.StreamNames);
      for (const s of page.StreamSummaries!) expect(s.StreamCreationTimestamp).toBeInstanceOf(Date);
    }
    expect(pages.every((n) => n <= 2)).toBe(true);
    for (const n of names) expect(seen).toContain(n);

    const shards: Shard[] = [];
    let page = await kinesis.send(new ListShardsCommand({ StreamName: names[0], MaxResults: 2 }));
    shards.push(...page.Shards!);
    while (page.NextToken) {
      page = await kinesis.send(new ListShardsCommand({ NextToken: page.NextToken, MaxResults: 2 }));
      shards.push(...page.Shards!);
    }
    expect(shards.map((s) => s.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002']);
    expect(shards[2]!.HashKeyRange!.EndingHashKey).toBe((2n ** 128n - 1n).toString());
  });

  it('answers ResourceNotFoundException and InvalidArgumentException as the SDK names them', async () => {
    const e = await caught(kinesis.send(new DescribeStreamCommand({ StreamName: `clients-${tag}-nope` })));
    expect(e).toBeInstanceOf(ResourceNotFoundException);
    expect(e.name).toBe('ResourceNotFoundException');
    expect(e.$fault).toBe('client');
    expect(e.$metadata.httpStatusCode).toBe(400);
    expect(e.$metadata.requestId).toMatch(/\S/);
    expect(e.message).toBe(`Stream clients-${tag}-nope under account ${ACCOUNT} not found.`);

    const bad = await caught(kinesis.send(new CreateStreamCommand({ StreamName: `clients-${tag}-bad`, ShardCount: 0 })));
    expect(bad.name).toMatch(/^(InvalidArgumentException|ValidationException)$/);
    expect(bad.$metadata.httpStatusCode).toBe(400);
  });

  it('tags a stream', async () => {
    const stream = `clients-${tag}-tags`;
    await createActiveStream(stream, 1);
    await kinesis.send(new AddTagsToStreamCommand({ StreamName: stream, Tags: { team: 'blue', cost: '12' } }));
    const out = await kinesis.send(new ListTagsForStreamCommand({ StreamName: stream }));
    expect(out.Tags).toEqual([
      { Key: 'cost', Value: '12' },
      { Key: 'team', Value: 'blue' },
    ]);
    expect(out.HasMoreTags).toBe(false);
  });

  it('ends a split parent shard with ChildShards and no next iterator', async () => {
    const stream = `clients-${tag}-split`;
    await createActiveStream(stream, 1);
    const put = await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'p', Data: new TextEncoder().encode('before') }));
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({ StreamName: stream, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }),
    );
    await kinesis.send(new SplitShardCommand({ StreamName: stream, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: (2n ** 127n).toString() }));
    await t.advance('3s');
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 20, minDelay: 0.05, maxDelay: 0.1 }, { StreamName: stream });
    const shards = (await kinesis.send(new ListShardsCommand({ StreamName: stream }))).Shards!;
    expect(shards.map((s) => [s.ShardId, s.ParentShardId])).toEqual([
      ['shardId-000000000000', undefined],
      ['shardId-000000000001', 'shardId-000000000000'],
      ['shardId-000000000002', 'shardId-000000000000'],
    ]);
    expect(shards[0]!.SequenceNumberRange!.EndingSequenceNumber).toMatch(/^\d+$/);

    let iterator = ShardIterator;
    const records: string[] = [];
    let last;
    for (let i = 0; i < 5 && iterator; i++) {
      last = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }));
      records.push(...last.Records!.map((r) => r.SequenceNumber!));
      iterator = last.NextShardIterator;
      await t.advance('1s');
    }
    expect(records).toEqual([put.SequenceNumber]);
    expect(iterator).toBeUndefined();
    expect(last!.ChildShards!.map((c) => c.ShardId)).toEqual(['shardId-000000000001', 'shardId-000000000002']);
    expect(last!.ChildShards![0]!.ParentShards).toEqual(['shardId-000000000000']);
    expect(last!.ChildShards![1]!.HashKeyRange!.StartingHashKey).toBe((2n ** 127n).toString());
  });

  it('expires a shard iterator after 5 minutes on the clock', async () => {
    const stream = `clients-${tag}-expiry`;
    await createActiveStream(stream, 1);
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({ StreamName: stream, ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' }),
    );
    await t.advance('301s');
    const e = await caught(kinesis.send(new GetRecordsCommand({ ShardIterator })));
    expect(e.name).toBe('ExpiredIteratorException');
    expect(e.$metadata.httpStatusCode).toBe(400);
  });

  it('SubscribeToShard yields the SDK events with records, then records put while subscribed', async () => {
    const stream = `clients-${tag}-subscribe`;
    await createActiveStream(stream, 1);
    const { StreamDescription } = await kinesis.send(new DescribeStreamCommand({ StreamName: stream }));
    const put1 = await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'a', Data: binary(1000) }));
    const { Consumer } = await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: StreamDescription!.StreamARN, ConsumerName: 'app' }));
    expect(Consumer!.ConsumerStatus).toBe('CREATING');
    expect(Consumer!.ConsumerCreationTimestamp).toBeInstanceOf(Date);
    await t.advance('3s');
    const consumers: string[] = [];
    for await (const page of paginateListStreamConsumers({ client: kinesis }, { StreamARN: StreamDescription!.StreamARN })) {
      consumers.push(...page.Consumers!.map((c) => `${c.ConsumerName}:${c.ConsumerStatus}`));
    }
    expect(consumers).toEqual(['app:ACTIVE']);

    const abort = new AbortController();
    const res = await kinesis.send(
      new SubscribeToShardCommand({ ConsumerARN: Consumer!.ConsumerARN, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } }),
      { abortSignal: abort.signal },
    );
    const events: SubscribeToShardEvent[] = [];
    let put2: string | undefined;
    try {
      for await (const message of res.EventStream!) {
        if (!message.SubscribeToShardEvent) throw new Error(`unexpected event ${JSON.stringify(Object.keys(message))}`);
        const event = message.SubscribeToShardEvent;
        events.push(event);
        if (event.Records!.some((r) => r.SequenceNumber === put1.SequenceNumber) && put2 === undefined) {
          put2 = (await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'b', Data: new TextEncoder().encode('live') }))).SequenceNumber;
        }
        if (put2 && event.Records!.some((r) => r.SequenceNumber === put2)) break;
      }
    } finally {
      abort.abort();
    }
    const records = events.flatMap((e) => e.Records!);
    expect(records.map((r) => r.SequenceNumber)).toEqual([put1.SequenceNumber, put2]);
    expect(Buffer.from(records[0]!.Data!)).toEqual(Buffer.from(binary(1000)));
    expect(Buffer.from(records[1]!.Data!).toString()).toBe('live');
    expect(records[0]!.ApproximateArrivalTimestamp).toBeInstanceOf(Date);
    const lastEvent = events[events.length - 1]!;
    expect(lastEvent.ContinuationSequenceNumber).toBe(put2);
    expect(lastEvent.MillisBehindLatest).toBe(0);
  });

  it('SubscribeToShard pushes megabytes paced at 2 MiB a second of clock, intact', async () => {
    const stream = `clients-${tag}-subscribe-big`;
    await createActiveStream(stream, 1);
    const { StreamDescription } = await kinesis.send(new DescribeStreamCommand({ StreamName: stream }));
    const data = binary(1_000_000);
    const sequenceNumbers: string[] = [];
    for (let i = 0; i < 5; i++) {
      // a shard takes 1 MiB a second: the clock refills it between records
      await t.advance('2s');
      sequenceNumbers.push((await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'k', Data: data }))).SequenceNumber!);
    }
    const { Consumer } = await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: StreamDescription!.StreamARN, ConsumerName: 'big' }));
    await t.advance('3s');
    const abort = new AbortController();
    const res = await kinesis.send(
      new SubscribeToShardCommand({ ConsumerARN: Consumer!.ConsumerARN, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } }),
      { abortSignal: abort.signal },
    );
    const perEvent: number[] = [];
    const seen: string[] = [];
    try {
      for await (const message of res.EventStream!) {
        const records = message.SubscribeToShardEvent!.Records!;
        perEvent.push(records.length);
        for (const r of records) {
          expect(Buffer.from(r.Data!).equals(Buffer.from(data))).toBe(true);
          seen.push(r.SequenceNumber!);
        }
        if (seen.length === 5) break;
        await t.advance('1s');
      }
    } finally {
      abort.abort();
    }
    expect(seen).toEqual(sequenceNumbers);
    // 2 MiB a second: no event carries more than three of these records (the last may overdraw)
    expect(Math.max(...perEvent)).toBeLessThanOrEqual(3);
  });

  it('SubscribeToShard on a split parent ends with ChildShards', async () => {
    const stream = `clients-${tag}-subscribe-split`;
    await createActiveStream(stream, 1);
    const { StreamDescription } = await kinesis.send(new DescribeStreamCommand({ StreamName: stream }));
    const put = await kinesis.send(new PutRecordCommand({ StreamName: stream, PartitionKey: 'a', Data: new TextEncoder().encode('x') }));
    const { Consumer } = await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: StreamDescription!.StreamARN, ConsumerName: 'app' }));
    await kinesis.send(new SplitShardCommand({ StreamName: stream, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '1000' }));
    await t.advance('3s');
    const res = await kinesis.send(
      new SubscribeToShardCommand({ ConsumerARN: Consumer!.ConsumerARN, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } }),
    );
    const events: SubscribeToShardEvent[] = [];
    for await (const message of res.EventStream!) events.push(message.SubscribeToShardEvent!);
    expect(events.flatMap((e) => e.Records!.map((r) => r.SequenceNumber))).toEqual([put.SequenceNumber]);
    const last = events[events.length - 1]!;
    expect(last.ChildShards!.map((c) => c.ShardId)).toEqual(['shardId-000000000001', 'shardId-000000000002']);
    expect(last.ContinuationSequenceNumber).toBeUndefined();
  });

  it('SubscribeToShard ends after 5 minutes on the clock; a second subscription meanwhile is ResourceInUseException', async () => {
    const stream = `clients-${tag}-subscribe-end`;
    await createActiveStream(stream, 1);
    const { StreamDescription } = await kinesis.send(new DescribeStreamCommand({ StreamName: stream }));
    const { Consumer } = await kinesis.send(new RegisterStreamConsumerCommand({ StreamARN: StreamDescription!.StreamARN, ConsumerName: 'app' }));
    await t.advance('3s');
    const input = { ConsumerARN: Consumer!.ConsumerARN, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' as const } };
    const res = await kinesis.send(new SubscribeToShardCommand(input));
    const again = await caught(kinesis.send(new SubscribeToShardCommand(input)));
    expect(again.name).toBe('ResourceInUseException');
    expect(again.$metadata.httpStatusCode).toBe(400);
    let events = 0;
    for await (const message of res.EventStream!) {
      expect(message.SubscribeToShardEvent).toBeDefined();
      // the first event comes at once; then 5 minutes pass on the clock and the stream ends
      if (++events === 1) await t.advance('301s');
    }
    expect(events).toBeGreaterThanOrEqual(1);
  });

  it('SubscribeToShard with an unknown consumer fails as ResourceNotFoundException', async () => {
    const e = await caught(
      kinesis.send(
        new SubscribeToShardCommand({
          ConsumerARN: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/nope/consumer/app:1700000000`,
          ShardId: 'shardId-000000000000',
          StartingPosition: { Type: 'LATEST' },
        }),
      ),
    );
    expect(e.name).toBe('ResourceNotFoundException');
    expect(e.$metadata.httpStatusCode).toBe(400);
  });
});

describe('with the command line on the same state file', () => {
  it('reads with the SDK a stream the command line created and wrote', async () => {
    const kinesis = new KinesisClient({ endpoint: t.url, region: REGION, credentials, maxAttempts: 1 });
    try {
      expect(t.cli(['kinesis', 'create-stream', '--stream-name', 'clients-cli-stream', '--shard-count', '1']).status).toBe(0);
      await t.advance('3s');
      await waitUntilStreamExists({ client: kinesis, maxWaitTime: 20, minDelay: 0.05, maxDelay: 0.1 }, { StreamName: 'clients-cli-stream' });
      const data = Buffer.from([0, 255, 1, 254, 0x0a]);
      const put = t.cli(['kinesis', 'put-record', '--stream-name', 'clients-cli-stream', '--partition-key', 'pk', '--data', data.toString('base64')]);
      expect(put.stderr).toBe('');
      expect(put.status).toBe(0);
      const { ShardIterator } = await kinesis.send(
        new GetShardIteratorCommand({ StreamName: 'clients-cli-stream', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }),
      );
      const got = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
      expect(got.Records!.map((r) => [Buffer.from(r.Data!), r.PartitionKey, r.SequenceNumber])).toEqual([[data, 'pk', JSON.parse(put.stdout).SequenceNumber]]);

      // and the SDK's records come out of the command line
      const sdkPut = await kinesis.send(new PutRecordCommand({ StreamName: 'clients-cli-stream', PartitionKey: 'pk2', Data: new TextEncoder().encode('from sdk') }));
      const it = t.cli([
        'kinesis',
        'get-shard-iterator',
        '--stream-name',
        'clients-cli-stream',
        '--shard-id',
        'shardId-000000000000',
        '--shard-iterator-type',
        'AT_SEQUENCE_NUMBER',
        '--starting-sequence-number',
        sdkPut.SequenceNumber!,
      ]);
      expect(it.status).toBe(0);
      await t.advance('1s');
      const rec = t.cli(['kinesis', 'get-records', '--shard-iterator', JSON.parse(it.stdout).ShardIterator]);
      expect(rec.stderr).toBe('');
      const records = JSON.parse(rec.stdout).Records as { Data: string }[];
      expect(Buffer.from(records[0]!.Data, 'base64').toString()).toBe('from sdk');
    } finally {
      kinesis.destroy();
    }
  });
});

describe('aws-sdk v2 Kinesis', () => {
  let kinesis: AWS.Kinesis;
  beforeAll(() => {
    kinesis = new AWS.Kinesis({ endpoint: t.url, region: REGION, credentials, maxRetries: 0 });
  });

  it('creates a stream, waits for it, puts and gets binary records with Date timestamps', async () => {
    await kinesis.createStream({ StreamName: 'clients-v2-stream', ShardCount: 2 }).promise();
    await t.advance('3s');
    const waited = await kinesis.waitFor('streamExists', { StreamName: 'clients-v2-stream', $waiter: { delay: 1, maxAttempts: 5 } }).promise();
    expect(waited.StreamDescription.StreamStatus).toBe('ACTIVE');
    expect(waited.StreamDescription.StreamCreationTimestamp).toBeInstanceOf(Date);

    const data = Buffer.from(binary(5000));
    const put = await kinesis.putRecord({ StreamName: 'clients-v2-stream', PartitionKey: 'k', Data: data, ExplicitHashKey: '0' }).promise();
    const batch = await kinesis
      .putRecords({ StreamName: 'clients-v2-stream', Records: [{ PartitionKey: 'a', Data: 'text' }, { PartitionKey: 'b', Data: Buffer.alloc(0), ExplicitHashKey: '0' }] })
      .promise();
    expect(batch.FailedRecordCount).toBe(0);
    const { ShardIterator } = await kinesis
      .getShardIterator({ StreamName: 'clients-v2-stream', ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: put.SequenceNumber })
      .promise();
    const got = await kinesis.getRecords({ ShardIterator: ShardIterator! }).promise();
    expect((got.Records[0]!.Data as Buffer).equals(data)).toBe(true);
    expect(got.Records[0]!.ApproximateArrivalTimestamp).toBeInstanceOf(Date);
    expect(got.Records.map((r) => r.SequenceNumber)).toContain(batch.Records[1]!.SequenceNumber);

    const streams = await kinesis.listStreams({ Limit: 100 }).promise();
    expect(streams.StreamNames).toContain('clients-v2-stream');
  });

  it('answers ResourceNotFoundException with status 400', async () => {
    try {
      await kinesis.describeStream({ StreamName: 'clients-v2-nope' }).promise();
      throw new Error('expected the call to fail');
    } catch (e) {
      const err = e as AWS.AWSError;
      expect(err.code).toBe('ResourceNotFoundException');
      expect(err.statusCode).toBe(400);
      expect(err.message).toBe(`Stream clients-v2-nope under account ${ACCOUNT} not found.`);
    }
  });
});
