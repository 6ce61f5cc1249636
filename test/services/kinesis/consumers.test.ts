import { afterEach, describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/core/errors.js';
import { handlers, LIFECYCLE_MS, subscribeToShard, type SubscribeToShardEventMessage } from '../../../src/services/kinesis/index.js';
import { setThroughputEnforcement } from '../../../src/services/kinesis/throughput.js';
import { openStore } from '../../../src/store/db.js';
import { ACCOUNT, call, data, envWithStream, expectError, settle, T0, type Env } from './helpers.js';

let env: Env;
afterEach(() => env?.cleanup());

const STREAM_ARN = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/s`;

function registerActive(e: Env, name = 'app'): string {
  const arn = call(e, 'RegisterStreamConsumer', { StreamARN: STREAM_ARN, ConsumerName: name }).Consumer.ConsumerARN;
  e.advance(LIFECYCLE_MS.registerConsumer);
  return arn;
}

describe('stream consumers', () => {
  it('register as CREATING with an ARN carrying the creation time, then become ACTIVE', () => {
    env = envWithStream('s', 1);
    const out = call(env, 'RegisterStreamConsumer', { StreamARN: STREAM_ARN, ConsumerName: 'KinesisConsumerApplication' });
    const secs = Math.floor((T0 + 2000) / 1000);
    expect(out).toEqual({
      Consumer: {
        ConsumerName: 'KinesisConsumerApplication',
        ConsumerARN: `${STREAM_ARN}/consumer/KinesisConsumerApplication:${secs}`,
        ConsumerStatus: 'CREATING',
        ConsumerCreationTimestamp: new Date(T0 + 2000),
      },
    });
    env.advance(LIFECYCLE_MS.registerConsumer);
    const byName = call(env, 'DescribeStreamConsumer', { StreamARN: STREAM_ARN, ConsumerName: 'KinesisConsumerApplication' });
    const byArn = call(env, 'DescribeStreamConsumer', { ConsumerARN: out.Consumer.ConsumerARN });
    expect(byName).toEqual(byArn);
    expect(byArn.ConsumerDescription).toMatchObject({ ConsumerStatus: 'ACTIVE', StreamARN: STREAM_ARN });
    expect(call(env, 'DescribeStreamSummary', { StreamName: 's' }).StreamDescriptionSummary.ConsumerCount).toBe(1);
    expectError(env, 'RegisterStreamConsumer', { StreamARN: STREAM_ARN, ConsumerName: 'KinesisConsumerApplication' }, 'ResourceInUseException');
  });

  it('list with paging and deregister through DELETING', () => {
    env = envWithStream('s', 1);
    for (const n of ['c', 'a', 'b']) registerActive(env, n);
    const page = call(env, 'ListStreamConsumers', { StreamARN: STREAM_ARN, MaxResults: 2 });
    expect(page.Consumers.map((c: { ConsumerName: string }) => c.ConsumerName)).toEqual(['a', 'b']);
    expect(call(env, 'ListStreamConsumers', { StreamARN: STREAM_ARN, NextToken: page.NextToken }).Consumers).toHaveLength(1);
    expect(call(env, 'DeregisterStreamConsumer', { StreamARN: STREAM_ARN, ConsumerName: 'a' })).toEqual({});
    expect(call(env, 'DescribeStreamConsumer', { StreamARN: STREAM_ARN, ConsumerName: 'a' }).ConsumerDescription.ConsumerStatus).toBe('DELETING');
    env.advance(LIFECYCLE_MS.deregisterConsumer);
    expectError(env, 'DescribeStreamConsumer', { StreamARN: STREAM_ARN, ConsumerName: 'a' }, 'ResourceNotFoundException');
    expect(call(env, 'ListStreamConsumers', { StreamARN: STREAM_ARN }).Consumers).toHaveLength(2);
    registerActive(env, 'a');
  });

  it('are limited to 20 per stream and 5 creating at once', () => {
    env = envWithStream('s', 1);
    for (let i = 0; i < 5; i++) call(env, 'RegisterStreamConsumer', { StreamARN: STREAM_ARN, ConsumerName: `c${i}` });
    expectError(env, 'RegisterStreamConsumer', { StreamARN: STREAM_ARN, ConsumerName: 'c5' }, 'LimitExceededException');
    env.advance(LIFECYCLE_MS.registerConsumer);
    for (let i = 5; i < 20; i++) {
      call(env, 'RegisterStreamConsumer', { StreamARN: STREAM_ARN, ConsumerName: `c${i}` });
      if (i % 5 === 4) env.advance(LIFECYCLE_MS.registerConsumer);
    }
    expectError(env, 'RegisterStreamConsumer', { StreamARN: STREAM_ARN, ConsumerName: 'c20' }, 'LimitExceededException');
  });
});

async function take(it: AsyncIterable<SubscribeToShardEventMessage>, n: number): Promise<SubscribeToShardEventMessage[]> {
  const out: SubscribeToShardEventMessage[] = [];
  for await (const e of it) {
    out.push(e);
    if (out.length === n) break;
  }
  return out;
}

describe('SubscribeToShard', () => {
  it('pushes the records of the shard as events, with a continuation sequence number', async () => {
    env = envWithStream('s', 1, { enforce: false });
    const consumer = registerActive(env);
    const first = call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data('one') });
    const events = subscribeToShard(env.ctx, { ConsumerARN: consumer, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } }, undefined, { pollMs: 5 });
    const iter = events[Symbol.asyncIterator]();
    const e1 = (await iter.next()).value.SubscribeToShardEvent;
    expect(e1.Records.map((r: { Data: Buffer }) => r.Data.toString())).toEqual(['one']);
    expect(e1.ContinuationSequenceNumber).toBe(first.SequenceNumber);
    expect(e1.MillisBehindLatest).toBe(0);
    const second = call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data('two') });
    const e2 = (await iter.next()).value.SubscribeToShardEvent;
    expect(e2.Records.map((r: { Data: Buffer }) => r.Data.toString())).toEqual(['two']);
    expect(e2.ContinuationSequenceNumber).toBe(second.SequenceNumber);
    await iter.return?.();
  });

  it('starts at LATEST with an empty event carrying a resumable position, and ends after 5 minutes', async () => {
    env = envWithStream('s', 1, { enforce: false });
    const consumer = registerActive(env);
    call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data('before') });
    const events = subscribeToShard(env.ctx, { ConsumerARN: consumer, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } }, undefined, { pollMs: 5 });
    const iter = events[Symbol.asyncIterator]();
    const e1 = (await iter.next()).value.SubscribeToShardEvent;
    expect(e1.Records).toEqual([]);
    const resumed = call(env, 'GetShardIterator', {
      StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: e1.ContinuationSequenceNumber,
    });
    call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data('after') });
    expect(call(env, 'GetRecords', { ShardIterator: resumed.ShardIterator }).Records.map((r: { Data: Buffer }) => r.Data.toString())).toEqual(['after']);
    await iter.next();
    env.advance(300_000);
    let done = false;
    for (let i = 0; i < 5 && !done; i++) done = (await iter.next()).done === true;
    expect(done).toBe(true);
  });

  it('ends at the end of a closed shard with ChildShards', async () => {
    env = envWithStream('s', 1, { enforce: false });
    const consumer = registerActive(env);
    call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: data('last') });
    call(env, 'SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '170141183460469231731687303715884105728' });
    settle(env);
    const got = await take(subscribeToShard(env.ctx, { ConsumerARN: consumer, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } }, undefined, { pollMs: 5 }), 10);
    const last = got[got.length - 1]!.SubscribeToShardEvent;
    expect(got.flatMap((e) => e.SubscribeToShardEvent.Records.map((r) => r.Data.toString()))).toEqual(['last']);
    expect(last.ChildShards?.map((c) => c.ShardId)).toEqual(['shardId-000000000001', 'shardId-000000000002']);
    expect(last.ContinuationSequenceNumber).toBeNull();
  });

  it('pushes at most 2 MiB a second of clock time, and at once when throughput limits are off', async () => {
    env = envWithStream('s', 1, { enforce: false });
    const consumer = registerActive(env);
    const KIB_512 = Buffer.alloc(512 * 1024, 7);
    for (let i = 0; i < 10; i++) call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: KIB_512 });
    const subscribe = () =>
      subscribeToShard(env.ctx, { ConsumerARN: consumer, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } }, undefined, {
        pollMs: 2,
      })[Symbol.asyncIterator]();
    const recordsOf = (e: IteratorResult<SubscribeToShardEventMessage>) => (e.done ? 0 : e.value.SubscribeToShardEvent.Records.length);

    // limits off: the 5 MiB backlog comes at once, in 2 MiB events, with the clock standing still
    const free = subscribe();
    const counts = [recordsOf(await free.next()), recordsOf(await free.next()), recordsOf(await free.next())];
    expect(counts).toEqual([3, 3, 3]);
    await free.return?.();

    // limits on: 2 MiB at once, then what 2 MiB/s of clock time pays for
    setThroughputEnforcement(env.ctx, true);
    env.advance(5_000); // another subscription for the same consumer and shard may start after 5 s
    const paced = subscribe();
    const start = env.store.clock.now();
    let received = 0;
    let bytes = 0;
    /** The next event; while none comes, the clock moves on 100 ms at a time (it stands still otherwise). */
    const nextEvent = async () => {
      const next = paced.next();
      for (;;) {
        const arrived = await Promise.race([next.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 20))]);
        if (arrived) return next;
        env.advance(100);
      }
    };
    while (received < 10) {
      const n = recordsOf(await nextEvent());
      received += n;
      bytes += n * (512 * 1024 + 1);
      const elapsed = env.store.clock.now() - start;
      // never more than the bucket (2 MiB) plus 2 MiB a second, plus the one record an event may overdraw by
      expect(bytes).toBeLessThanOrEqual(2 * 1048576 + (elapsed / 1000) * 2 * 1048576 + 512 * 1024 + 1);
    }
    // 5 MiB at 2 MiB/s after a full bucket: about 1.5 s of clock time, certainly more than 1 s
    expect(env.store.clock.now() - start).toBeGreaterThanOrEqual(1_000);
    await paced.return?.();
  });

  it('stops pacing a running subscription once another process switches the limits off', async () => {
    env = envWithStream('s', 1, { enforce: false });
    const consumer = registerActive(env);
    for (let i = 0; i < 10; i++) call(env, 'PutRecord', { StreamName: 's', PartitionKey: 'k', Data: Buffer.alloc(512 * 1024, 1) });
    setThroughputEnforcement(env.ctx, true);
    const events = subscribeToShard(env.ctx, { ConsumerARN: consumer, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } }, undefined, {
      pollMs: 2,
    })[Symbol.asyncIterator]();
    const count = async () => {
      const e = await events.next();
      return e.done ? 0 : e.value.SubscribeToShardEvent.Records.length;
    };
    // the 2 MiB bucket gives 3 records, then 1 more overdraws it; the clock stands still from here
    expect([await count(), await count()]).toEqual([3, 1]);
    const other = openStore(env.path);
    setThroughputEnforcement({ store: other, region: 'us-east-1', accountId: ACCOUNT }, false);
    other.close();
    expect([await count(), await count()]).toEqual([3, 3]);
    await events.return?.();
  });

  it('refuses a consumer that is not ACTIVE, an unknown shard, and a second subscription within 5 seconds', () => {
    env = envWithStream('s', 1);
    const arn = call(env, 'RegisterStreamConsumer', { StreamARN: STREAM_ARN, ConsumerName: 'app' }).Consumer.ConsumerARN;
    const sub = (shard = 'shardId-000000000000') => subscribeToShard(env.ctx, { ConsumerARN: arn, ShardId: shard, StartingPosition: { Type: 'LATEST' } });
    const created = Number(arn.split(':').pop());
    expect(() => sub()).toThrow(
      `Consumer app with creation timestamp ${created} under stream: s , account ${ACCOUNT} is not in ACTIVE status.`,
    );
    env.advance(LIFECYCLE_MS.registerConsumer);
    expect(() => sub('shardId-000000000009')).toThrow(`Shard shardId-000000000009 in stream s under account ${ACCOUNT} does not exist`);
    sub();
    try {
      sub();
      expect.unreachable();
    } catch (e) {
      expect((e as AwsError).code).toBe('ResourceInUseException');
      expect((e as AwsError).message).toBe(`Another active subscription exists for this consumer: ${ACCOUNT}:s:shardId-000000000000:app`);
    }
    env.advance(5000);
    sub();
    expect(() => subscribeToShard(env.ctx, { ConsumerARN: `${STREAM_ARN}/consumer/none:1`, ShardId: 'shardId-0', StartingPosition: { Type: 'LATEST' } })).toThrow(AwsError);
  });

  it('stops when the signal is aborted', async () => {
    env = envWithStream('s', 1);
    const consumer = registerActive(env);
    const ac = new AbortController();
    const iter = subscribeToShard(env.ctx, { ConsumerARN: consumer, ShardId: 'shardId-0', StartingPosition: { Type: 'LATEST' } }, ac.signal, { pollMs: 5 })[Symbol.asyncIterator]();
    await iter.next();
    const pending = iter.next();
    ac.abort();
    expect((await pending).done).toBe(true);
  });

  it('is the SubscribeToShard handler, as { EventStream }', async () => {
    env = envWithStream('s', 1);
    const consumer = registerActive(env);
    const out = call(env, 'SubscribeToShard', { ConsumerARN: consumer, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } });
    const first = await out.EventStream[Symbol.asyncIterator]().next();
    expect(first.value.SubscribeToShardEvent.Records).toEqual([]);
  });

  it('the handler ends its stream when the context\'s signal aborts', async () => {
    env = envWithStream('s', 1);
    const consumer = registerActive(env);
    const ac = new AbortController();
    const out = handlers.SubscribeToShard!({ ...env.ctx, signal: ac.signal }, { ConsumerARN: consumer, ShardId: 'shardId-0', StartingPosition: { Type: 'LATEST' } }) as {
      EventStream: AsyncIterable<SubscribeToShardEventMessage>;
    };
    const iter = out.EventStream[Symbol.asyncIterator]();
    await iter.next();
    const pending = iter.next();
    ac.abort();
    expect((await pending).done).toBe(true);
  });
});
