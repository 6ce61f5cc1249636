/**
 * Rows of the kinesis tables and the facts derived from them on the clock: a stream's
 * status, whether a shard is open, closed or expired, ARNs and shard ids.
 */
import type { Ctx } from '../../core/context.js';
import type { Store } from '../../store/db.js';
import { HOUR_MS } from './constants.js';
import { couldNotFindShard, invalidArgument, resourceNotFound, streamNotFound } from './errors.js';
import { endingSequenceNumber, startingSequenceNumber } from './seqnum.js';
import { partitionOf } from '../../core/aws.js';

export type StreamStatus = 'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING';
export type StreamMode = 'PROVISIONED' | 'ON_DEMAND';

export interface StreamRow {
  id: number;
  account_id: string;
  region: string;
  name: string;
  stream_id: string;
  created_at: number;
  status: string;
  status_until: number | null;
  mode: StreamMode;
  retention_hours: number;
  enc_type: 'NONE' | 'KMS';
  enc_key: string | null;
  enc_prev_type: 'NONE' | 'KMS';
  enc_effective_at: number;
  shard_metrics: string;
  max_record_kib: number;
  warm_target_mibps: number | null;
  warm_prev_mibps: number | null;
  next_shard_index: number;
}

export interface ShardRow {
  id: number;
  stream_pk: number;
  shard_index: number;
  parent_index: number | null;
  adjacent_parent_index: number | null;
  start_hash: string;
  end_hash: string;
  start_key: Buffer;
  end_key: Buffer;
  created_at: number;
  closed_at: number | null;
  create_secs: number;
  next_seq: number;
  last_arrival: number;
  w_bytes: number;
  w_records: number;
  w_at: number;
  r_calls: number;
  r_at: number;
  r_busy_until: number;
  i_calls: number;
  i_at: number;
}

/** The status a stream shows at time now; undefined once a deletion has completed. */
export function streamStatus(row: StreamRow, now: number): StreamStatus | undefined {
  const ended = row.status_until !== null && now >= row.status_until;
  switch (row.status) {
    case 'DELETING':
      return ended ? undefined : 'DELETING';
    case 'CREATING':
    case 'UPDATING':
      return ended ? 'ACTIVE' : (row.status as StreamStatus);
    default:
      return 'ACTIVE';
  }
}

export const retentionMs = (row: StreamRow): number => row.retention_hours * HOUR_MS;

/** The arrival time of the oldest record still retained at time now: a record is kept for less than the retention period. */
export const retainedSince = (row: StreamRow, now: number): number => now - retentionMs(row) + 1;

export { partitionOf };

export const streamArnOf = (row: Pick<StreamRow, 'region' | 'account_id' | 'name'>): string =>
  `arn:${partitionOf(row.region)}:kinesis:${row.region}:${row.account_id}:stream/${row.name}`;

export interface ParsedStreamArn {
  region: string;
  accountId: string;
  name: string;
}

const STREAM_ARN = /^arn:aws[a-z-]*:kinesis:([^:]*):(\d{12}):stream\/([^/]+)$/;

export function parseStreamArn(arn: string): ParsedStreamArn | undefined {
  const m = STREAM_ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

export const shardIdOf = (index: number): string => `shardId-${String(index).padStart(12, '0')}`;

/**
 * The shard number a shard id names. AWS reads the digits after the first hyphen, so
 * "shardId-000000000001", "shard-1" and "1" all name shard 1; more than 2^31-1 names none.
 */
export function parseShardId(shardId: string): number | undefined {
  const digits = shardId.split('-')[1] ?? shardId;
  if (!/^\d+$/.test(digits)) return undefined;
  const n = Number(digits);
  return n <= 2_147_483_647 ? n : undefined;
}

/** Visible in DescribeStream/ListShards: created, and if closed, not yet past the retention period. */
export const shardVisible = (s: ShardRow, now: number, retention: number): boolean =>
  s.created_at <= now && (s.closed_at === null || s.closed_at + retention > now);

/**
 * A creation time as AWS reports it: whole seconds (StreamCreationTimestamp, ConsumerCreationTimestamp).
 * The state keeps milliseconds for the lifecycle; every output, and every comparison with a
 * timestamp a caller gives back, uses this.
 */
export const wholeSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

export const shardOpen = (s: ShardRow, now: number): boolean => s.created_at <= now && (s.closed_at === null || s.closed_at > now);

export const shardClosed = (s: ShardRow, now: number): boolean => s.closed_at !== null && s.closed_at <= now;

export interface ShardOut {
  ShardId: string;
  ParentShardId?: string;
  AdjacentParentShardId?: string;
  HashKeyRange: { StartingHashKey: string; EndingHashKey: string };
  SequenceNumberRange: { StartingSequenceNumber: string; EndingSequenceNumber?: string };
}

export function shardOut(s: ShardRow, now: number): ShardOut {
  const out: ShardOut = { ShardId: shardIdOf(s.shard_index) } as ShardOut;
  if (s.parent_index !== null) out.ParentShardId = shardIdOf(s.parent_index);
  if (s.adjacent_parent_index !== null) out.AdjacentParentShardId = shardIdOf(s.adjacent_parent_index);
  out.HashKeyRange = { StartingHashKey: s.start_hash, EndingHashKey: s.end_hash };
  out.SequenceNumberRange = { StartingSequenceNumber: startingSequenceNumber(s.create_secs, s.shard_index) };
  if (shardClosed(s, now)) {
    out.SequenceNumberRange.EndingSequenceNumber = endingSequenceNumber(s.create_secs, s.shard_index, s.closed_at!);
  }
  return out;
}

export interface StreamRef {
  StreamName?: unknown;
  StreamARN?: unknown;
  StreamId?: unknown;
}

/** The stream a request names, whatever its state (deleted streams excluded). */
export function findStream(ctx: Ctx, ref: StreamRef, now: number): StreamRow | undefined {
  const name = resolveStreamName(ctx, ref);
  const row = ctx.store
    .stmt<[string, string, string], StreamRow>('SELECT * FROM kinesis_streams WHERE account_id = ? AND region = ? AND name = ?')
    .get(ctx.accountId, ctx.region, name);
  if (!row || streamStatus(row, now) === undefined) return undefined;
  if (typeof ref.StreamId === 'string' && ref.StreamId !== row.stream_id) return undefined;
  return row;
}

/** The stream a request names, or AWS's ResourceNotFoundException. */
export function requireStream(ctx: Ctx, ref: StreamRef, now: number): StreamRow {
  const row = findStream(ctx, ref, now);
  if (!row) throw streamNotFound(resolveStreamName(ctx, ref), ctx.accountId);
  return row;
}

/** The stream name a request means, from StreamName, StreamARN or StreamId. */
export function resolveStreamName(ctx: Ctx, ref: StreamRef): string {
  const byName = typeof ref.StreamName === 'string' ? ref.StreamName : undefined;
  const arn = typeof ref.StreamARN === 'string' ? ref.StreamARN : undefined;
  if (arn !== undefined) {
    const parsed = parseStreamArn(arn);
    if (!parsed) throw invalidArgument(`StreamARN ${arn} is not a valid stream ARN.`); // (unverified)
    if (parsed.accountId !== ctx.accountId || parsed.region !== ctx.region) {
      throw resourceNotFound(`Stream ${parsed.name} under account ${parsed.accountId} not found.`);
    }
    if (byName !== undefined && byName !== parsed.name) {
      throw invalidArgument(`StreamARN ${arn} and StreamName ${byName} do not name the same stream.`); // (unverified)
    }
    return parsed.name;
  }
  if (byName !== undefined) return byName;
  if (typeof ref.StreamId === 'string') {
    const row = ctx.store
      .stmt<[string, string, string], { name: string }>(
        'SELECT name FROM kinesis_streams WHERE account_id = ? AND region = ? AND stream_id = ?',
      )
      .get(ctx.accountId, ctx.region, ref.StreamId);
    if (row) return row.name;
    throw resourceNotFound(`Stream with id ${ref.StreamId} under account ${ctx.accountId} not found.`); // (unverified)
  }
  throw invalidArgument('Neither StreamARN nor StreamName has been provided.'); // (unverified)
}

export function shardsOf(store: Store, streamPk: number): ShardRow[] {
  return store.stmt<[number], ShardRow>('SELECT * FROM kinesis_shards WHERE stream_pk = ? ORDER BY shard_index').all(streamPk);
}

export function shardByIndex(store: Store, streamPk: number, index: number): ShardRow | undefined {
  return store
    .stmt<[number, number], ShardRow>('SELECT * FROM kinesis_shards WHERE stream_pk = ? AND shard_index = ?')
    .get(streamPk, index);
}

/** The open shards of a stream at time now, ordered by their hash ranges. */
export function openShards(store: Store, streamPk: number, now: number): ShardRow[] {
  return store
    .stmt<[number, number, number], ShardRow>(
      'SELECT * FROM kinesis_shards WHERE stream_pk = ? AND created_at <= ? AND (closed_at IS NULL OR closed_at > ?) ORDER BY start_key',
    )
    .all(streamPk, now, now);
}

/** Resolves a shard id to a shard of the stream for SplitShard/MergeShards ("Could not find shard"). */
export function requireShardForReshard(ctx: Ctx, stream: StreamRow, shardId: string, now: number): ShardRow {
  const index = parseShardId(shardId);
  if (index === undefined) throw couldNotFindShard(shardId, stream.name, ctx.accountId);
  const shard = shardByIndex(ctx.store, stream.id, index);
  if (!shard || !shardVisible(shard, now, retentionMs(stream))) {
    throw couldNotFindShard(shardIdOf(index), stream.name, ctx.accountId);
  }
  return shard;
}

/**
 * Open provisioned shards of the account in the region, what the shard limit counts: shards
 * still to be opened by a reshard in progress count too, as AWS counts short-lived shards.
 */
export function openProvisionedShardCount(ctx: Ctx, now: number): number {
  const row = ctx.store
    .stmt<[string, string, number, number], { n: number }>(
      `SELECT count(*) AS n FROM kinesis_shards s JOIN kinesis_streams t ON t.id = s.stream_pk
       WHERE t.account_id = ? AND t.region = ? AND t.mode = 'PROVISIONED'
         AND NOT (t.status = 'DELETING' AND t.status_until <= ?)
         AND (s.closed_at IS NULL OR s.closed_at > ?)`,
    )
    .get(ctx.accountId, ctx.region, now, now);
  return row?.n ?? 0;
}

/** Removes a stream whose deletion completed, with everything hanging off it. */
export function purgeStream(store: Store, streamPk: number): void {
  const consumers = store.stmt<[number], { id: number }>('SELECT id FROM kinesis_consumers WHERE stream_pk = ?').all(streamPk);
  for (const c of consumers) purgeConsumer(store, c.id);
  store.stmt('DELETE FROM kinesis_records WHERE shard_pk IN (SELECT id FROM kinesis_shards WHERE stream_pk = ?)').run(streamPk);
  store.stmt('DELETE FROM kinesis_shards WHERE stream_pk = ?').run(streamPk);
  store.stmt('DELETE FROM kinesis_stream_events WHERE stream_pk = ?').run(streamPk);
  store.stmt('DELETE FROM kinesis_tags WHERE owner = ?').run(streamOwner(streamPk));
  store.stmt('DELETE FROM kinesis_policies WHERE owner = ?').run(streamOwner(streamPk));
  store.stmt('DELETE FROM kinesis_streams WHERE id = ?').run(streamPk);
}

export function purgeConsumer(store: Store, consumerPk: number): void {
  store.stmt('DELETE FROM kinesis_subscriptions WHERE consumer_pk = ?').run(consumerPk);
  store.stmt('DELETE FROM kinesis_tags WHERE owner = ?').run(consumerOwner(consumerPk));
  store.stmt('DELETE FROM kinesis_policies WHERE owner = ?').run(consumerOwner(consumerPk));
  store.stmt('DELETE FROM kinesis_consumers WHERE id = ?').run(consumerPk);
}

/** Clears streams and consumers whose deletion has completed (called from write operations). */
export function sweepDeleted(ctx: Ctx, now: number): void {
  const streams = ctx.store
    .stmt<[string, string, number], { id: number }>(
      "SELECT id FROM kinesis_streams WHERE account_id = ? AND region = ? AND status = 'DELETING' AND status_until <= ?",
    )
    .all(ctx.accountId, ctx.region, now);
  for (const s of streams) purgeStream(ctx.store, s.id);
  const consumers = ctx.store
    .stmt<[number], { id: number }>("SELECT id FROM kinesis_consumers WHERE status = 'DELETING' AND status_until <= ?")
    .all(now);
  for (const c of consumers) purgeConsumer(ctx.store, c.id);
}

export const streamOwner = (pk: number): string => `stream:${pk}`;
export const consumerOwner = (pk: number): string => `consumer:${pk}`;

export function recordEvent(store: Store, streamPk: number, kind: string, at: number): void {
  store.stmt('INSERT INTO kinesis_stream_events (stream_pk, kind, at) VALUES (?, ?, ?)').run(streamPk, kind, at);
}

export function countEvents(store: Store, streamPk: number, kind: string, since: number): number {
  const row = store
    .stmt<[number, string, number], { n: number }>(
      'SELECT count(*) AS n FROM kinesis_stream_events WHERE stream_pk = ? AND kind = ? AND at > ?',
    )
    .get(streamPk, kind, since);
  return row?.n ?? 0;
}

/** Shards open right now in the account's provisioned streams of the region (DescribeLimits). */
export function currentlyOpenProvisionedShards(ctx: Ctx, now: number): number {
  const row = ctx.store
    .stmt<[string, string, number, number, number], { n: number }>(
      `SELECT count(*) AS n FROM kinesis_shards s JOIN kinesis_streams t ON t.id = s.stream_pk
       WHERE t.account_id = ? AND t.region = ? AND t.mode = 'PROVISIONED'
         AND NOT (t.status = 'DELETING' AND t.status_until <= ?)
         AND s.created_at <= ? AND (s.closed_at IS NULL OR s.closed_at > ?)`,
    )
    .get(ctx.accountId, ctx.region, now, now, now);
  return row?.n ?? 0;
}
