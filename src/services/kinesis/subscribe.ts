/**
 * SubscribeToShard: an enhanced fan-out consumer's push subscription, as an async iterable of
 * events. The subscription is checked and registered when subscribeToShard() is called (so
 * errors surface before any event); events then come as records arrive, found by polling the
 * state file (data_version tells when another process committed), with an empty event at
 * least every 5 seconds, for 5 minutes of clock time, like AWS's HTTP/2 event stream. At the
 * end of a closed shard the last event carries ChildShards and the subscription ends.
 *
 * A subscription gets at most 2 MiB a second of records, on the clock, as AWS pushes them to an
 * enhanced fan-out consumer: a bucket of 2 MiB refilled at 2 MiB/s, which an event may overdraw
 * by its last record. A backlog of 10 MiB takes about 4 seconds of clock time. Turning the
 * throughput limits off (`awsmsg kinesis throughput-enforcement off`) turns this off too.
 */
import { randomBytes } from '../../core/ids.js';
import type { Ctx } from '../../core/context.js';
import { AwsError } from '../../core/errors.js';
import { sleep } from '../../core/sleep.js';
import { MIB, READ_BYTES_PER_SEC, SUBSCRIPTION_HEARTBEAT_MS, SUBSCRIPTION_MS, SUBSCRIPTION_TAKEOVER_MS } from './constants.js';
import { consumerStatus, findConsumerByArn, type ConsumerRow } from './consumers.js';
import { parseShardId, retentionMs, shardByIndex, shardIdOf, shardVisible, streamStatus, type ShardRow, type StreamRow } from './data.js';
import { resourceInUse, resourceNotFound, shardDoesNotExist } from './errors.js';
import { readShard, startingSeq, type ChildShardOut, type RecordOut } from './records.js';
import { encodeSequenceNumber } from './seqnum.js';
import { isThroughputEnforced } from './throughput.js';
import { timestampMs, validateRequest } from './validate.js';

export interface SubscribeToShardEvent {
  Records: RecordOut[];
  ContinuationSequenceNumber: string | null;
  MillisBehindLatest: number;
  ChildShards?: ChildShardOut[];
}

export interface SubscribeToShardEventMessage {
  SubscribeToShardEvent: SubscribeToShardEvent;
}

export interface SubscribeOptions {
  /** how often to look for new records, in real milliseconds (default 200) */
  pollMs?: number;
}

/** Most a single event carries. */
const EVENT_MAX_RECORDS = 10_000;
const EVENT_MAX_BYTES = 2 * MIB;

interface Subscription {
  consumerPk: number;
  consumerArn: string;
  streamPk: number;
  shardIndex: number;
  token: string;
  startedAt: number;
  nextSeq: number;
}

/**
 * Starts a subscription (AWS's errors are thrown here, synchronously) and returns its events.
 * Abort the signal (by default the context's) to stop early; otherwise the iterable ends after 5 minutes of clock time
 * or at the end of a closed shard.
 */
export function subscribeToShard(
  ctx: Ctx,
  input: Record<string, unknown>,
  signal: AbortSignal | undefined = ctx.signal,
  opts: SubscribeOptions = {},
): AsyncIterable<SubscribeToShardEventMessage> {
  validateRequest('SubscribeToShard', input);
  const sub = ctx.store.write(() => start(ctx, input));
  return events(ctx, sub, signal, opts.pollMs ?? 200);
}

function consumerNotFound(ctx: Ctx, arn: string): AwsError {
  return resourceNotFound(`Consumer ${arn}, account ${ctx.accountId} not found.`); // (unverified)
}

function start(ctx: Ctx, input: Record<string, unknown>): Subscription {
  const now = ctx.store.clock.now();
  const arn = input.ConsumerARN as string;
  const consumer = findConsumerByArn(ctx, arn);
  const status = consumer ? consumerStatus(consumer, now) : undefined;
  if (!consumer || status === undefined) throw consumerNotFound(ctx, arn);
  const stream = streamOf(ctx, consumer);
  if (!stream || streamStatus(stream, now) === undefined || stream.account_id !== ctx.accountId || stream.region !== ctx.region) {
    throw consumerNotFound(ctx, arn);
  }
  if (status !== 'ACTIVE') {
    // AWS's text, spacing included (seen in a SubscribeToShard error report, 2024)
    throw resourceInUse(
      `Consumer ${consumer.name} with creation timestamp ${Math.floor(consumer.created_at / 1000)} under stream: ${stream.name} , account ${ctx.accountId} is not in ACTIVE status.`,
    );
  }
  const shardText = input.ShardId as string;
  const index = parseShardId(shardText);
  const shard = index === undefined ? undefined : shardByIndex(ctx.store, stream.id, index);
  if (!shard || !shardVisible(shard, now, retentionMs(stream))) {
    throw shardDoesNotExist(index === undefined ? shardText : shardIdOf(index), stream.name, ctx.accountId);
  }
  const sp = input.StartingPosition as { Type: string; SequenceNumber?: string; Timestamp?: Date | number };
  const nextSeq = startingSeq(
    ctx,
    stream,
    shard,
    { type: sp.Type, sequenceNumber: sp.SequenceNumber, timestamp: timestampMs(sp.Timestamp), operation: 'SubscribeToShard' },
    now,
  );
  const previous = ctx.store
    .stmt<[number, number], { started_at: number }>('SELECT started_at FROM kinesis_subscriptions WHERE consumer_pk = ? AND shard_index = ?')
    .get(consumer.id, shard.shard_index);
  if (previous && now - previous.started_at < SUBSCRIPTION_TAKEOVER_MS) {
    // AWS's text: account:stream:shard:consumer (seen in KCL error reports)
    throw resourceInUse(
      `Another active subscription exists for this consumer: ${ctx.accountId}:${stream.name}:${shardIdOf(shard.shard_index)}:${consumer.name}`,
    );
  }
  const token = randomBytes(12).toString('hex');
  ctx.store
    .stmt(
      `INSERT INTO kinesis_subscriptions (consumer_pk, shard_index, started_at, token) VALUES (?, ?, ?, ?)
       ON CONFLICT (consumer_pk, shard_index) DO UPDATE SET started_at = excluded.started_at, token = excluded.token`,
    )
    .run(consumer.id, shard.shard_index, now, token);
  return { consumerPk: consumer.id, consumerArn: arn, streamPk: stream.id, shardIndex: shard.shard_index, token, startedAt: now, nextSeq };
}

const streamOf = (ctx: Ctx, c: ConsumerRow): StreamRow | undefined =>
  ctx.store.stmt<[number], StreamRow>('SELECT * FROM kinesis_streams WHERE id = ?').get(c.stream_pk);

interface Tick {
  event?: SubscribeToShardEvent;
  /** the bytes of the event's records */
  bytes: number;
  done: boolean;
}

/**
 * The 2 MiB/s a subscription may receive: bytes it may still send at a clock time. Full at the
 * start; an event spends its bytes (possibly below zero), time refills it up to 2 MiB.
 */
class ReadBucket {
  private bytes = READ_BYTES_PER_SEC;
  private at: number;

  constructor(now: number) {
    this.at = now;
  }

  available(now: number): number {
    if (now > this.at) {
      this.bytes = Math.min(READ_BYTES_PER_SEC, this.bytes + ((now - this.at) * READ_BYTES_PER_SEC) / 1000);
      this.at = now;
    }
    return this.bytes;
  }

  spend(bytes: number): void {
    this.bytes -= bytes;
  }
}

async function* events(ctx: Ctx, sub: Subscription, signal: AbortSignal | undefined, pollMs: number): AsyncGenerator<SubscribeToShardEventMessage> {
  let enforced = true;
  const bucket = new ReadBucket(sub.startedAt);
  let lastEventAt = -Infinity;
  let lastVersion = -1;
  let lastNextSeq = -1;
  // records may be waiting: something changed, or the last event was cut short
  let pending = false;
  while (!signal?.aborted) {
    const now = ctx.store.clock.now();
    if (now - sub.startedAt >= SUBSCRIPTION_MS) return;
    const version = ctx.store.dataVersion();
    const shardSeq = currentNextSeq(ctx, sub);
    if (version !== lastVersion || shardSeq !== lastNextSeq) {
      pending = true;
      // the account setting may have changed too (`throughput-enforcement off` in another shell)
      if (version !== lastVersion) enforced = ctx.store.read(() => isThroughputEnforced(ctx));
    }
    lastVersion = version;
    lastNextSeq = shardSeq;
    const heartbeatDue = now - lastEventAt >= SUBSCRIPTION_HEARTBEAT_MS;
    const allowance = enforced ? Math.min(EVENT_MAX_BYTES, bucket.available(now)) : EVENT_MAX_BYTES;
    const paced = allowance <= 0;
    if ((pending && !paced) || heartbeatDue) {
      const tick = ctx.store.read(() => step(ctx, sub, now, heartbeatDue, paced ? 0 : allowance));
      if (!paced) pending = false;
      if (tick.event) {
        lastEventAt = now;
        bucket.spend(tick.bytes);
        yield { SubscribeToShardEvent: tick.event };
        if (tick.event.Records.length > 0) pending = true; // there may be more
      }
      if (tick.done) return;
      if (pending && (!enforced || bucket.available(ctx.store.clock.now()) > 0)) continue;
    }
    // a server's waits share its watcher of the file, and wake at once when its clock moves
    if (ctx.changes) await ctx.changes.wait(`kinesis:${sub.streamPk}:${sub.shardIndex}`, pollMs, signal);
    else await sleep(pollMs, signal);
  }
}

function currentNextSeq(ctx: Ctx, sub: Subscription): number {
  const row = ctx.store
    .stmt<[number, number], { next_seq: number; closed_at: number | null }>(
      'SELECT next_seq, closed_at FROM kinesis_shards WHERE stream_pk = ? AND shard_index = ?',
    )
    .get(sub.streamPk, sub.shardIndex);
  return row ? row.next_seq + (row.closed_at ?? 0) : -2;
}

/**
 * One look at the shard: an event if there are records, the shard ended, or a heartbeat is due.
 * The event carries records up to `maxBytes` (at least one, if any; none when 0).
 */
function step(ctx: Ctx, sub: Subscription, now: number, heartbeatDue: boolean, maxBytes: number): Tick {
  const owner = ctx.store
    .stmt<[number, number], { token: string }>('SELECT token FROM kinesis_subscriptions WHERE consumer_pk = ? AND shard_index = ?')
    .get(sub.consumerPk, sub.shardIndex);
  if (owner?.token !== sub.token) {
    throw resourceInUse(`Another subscription took over for consumer ${sub.consumerArn} and shard ${shardIdOf(sub.shardIndex)}.`); // (unverified)
  }
  const consumer = findConsumerByArn(ctx, sub.consumerArn);
  const stream = ctx.store.stmt<[number], StreamRow>('SELECT * FROM kinesis_streams WHERE id = ?').get(sub.streamPk);
  if (!consumer || consumerStatus(consumer, now) !== 'ACTIVE' || !stream || streamStatus(stream, now) === undefined) {
    throw consumerNotFound(ctx, sub.consumerArn);
  }
  const shard = shardByIndex(ctx.store, stream.id, sub.shardIndex);
  if (!shard || !shardVisible(shard, now, retentionMs(stream))) throw shardDoesNotExist(shardIdOf(sub.shardIndex), stream.name, ctx.accountId);
  const read = readShard(ctx, stream, shard, sub.nextSeq, maxBytes > 0 ? EVENT_MAX_RECORDS : 0, maxBytes, now);
  sub.nextSeq = read.nextSeq;
  if (read.childShards) {
    return {
      event: { Records: read.records, ContinuationSequenceNumber: null, MillisBehindLatest: 0, ChildShards: read.childShards },
      bytes: read.bytes,
      done: true,
    };
  }
  if (read.records.length === 0 && !heartbeatDue) return { bytes: 0, done: false };
  return {
    event: {
      Records: read.records,
      ContinuationSequenceNumber: read.lastSequenceNumber ?? continuationBefore(ctx, shard, read.nextSeq),
      MillisBehindLatest: read.millisBehindLatest,
    },
    bytes: read.bytes,
    done: false,
  };
}

/** A sequence number from which AFTER_SEQUENCE_NUMBER resumes at index nextSeq. */
function continuationBefore(ctx: Ctx, shard: ShardRow, nextSeq: number): string {
  const seq = Math.max(0, nextSeq - 1);
  const row = ctx.store
    .stmt<[number, number], { sequence_number: string }>('SELECT sequence_number FROM kinesis_records WHERE shard_pk = ? AND seq = ?')
    .get(shard.id, seq);
  if (row) return row.sequence_number;
  return encodeSequenceNumber({ createSecs: shard.create_secs, shardIndex: shard.shard_index, seq: BigInt(seq), arrivalSecs: shard.create_secs });
}
