/**
 * Per-shard throughput limits on the clock, as token buckets stored on the shard row.
 *
 * Writes: 1 MiB/s and 1,000 records/s, each a bucket holding one second's worth and refilling
 * continuously. A record passes when a record token is left and its bytes fit the byte bucket;
 * a record larger than a full bucket (over 1 MiB, after UpdateMaxRecordSize) passes only when
 * the bucket is full and leaves it in debt, which it then pays back at 1 MiB/s (AWS's
 * "tank" model for large records).
 * Reads: 5 GetRecords calls/s (a bucket of 5) and 2 MiB/s: a read of n bytes keeps the shard
 * busy for n / 2 MiB seconds, during which further calls are refused (so a 10 MiB read blocks
 * the next 5 seconds, as AWS documents). GetShardIterator: 5 calls/s per shard.
 *
 * Enforcement is on by default, like AWS, and can be switched off per account for load tests.
 *
 * Every refusal is counted per stream, as CloudWatch's ReadProvisionedThroughputExceeded and
 * WriteProvisionedThroughputExceeded count them (for `awsmsg status`): reads are GetRecords and
 * GetShardIterator calls refused, writes are records refused (a PutRecord call, or an entry of
 * PutRecords). The counts are events of the stream kept for THROTTLE_KEEP_MS, written in the
 * transaction that refuses (a refused call returns its error out of the transaction, which
 * then commits, and throws it after).
 */
import type { Ctx } from '../../core/context.js';
import {
  GET_RECORDS_CALLS_PER_SEC,
  GET_SHARD_ITERATOR_CALLS_PER_SEC,
  READ_BYTES_PER_SEC,
  WRITE_BYTES_PER_SEC,
  WRITE_RECORDS_PER_SEC,
} from './constants.js';
import { AwsError } from '../../core/errors.js';
import { findStream, recordEvent, shardIdOf, type ShardRow } from './data.js';
import { rateExceeded } from './errors.js';

const enforcementKey = (accountId: string): string => `throughput_enforcement:${accountId}`;

/** Turns per-shard throughput limits on or off for the context's account (all regions). */
export function setThroughputEnforcement(ctx: Ctx, on: boolean): void {
  ctx.store.write(() => {
    ctx.store
      .stmt('INSERT INTO kinesis_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(enforcementKey(ctx.accountId), on ? 'on' : 'off');
  });
}

/** Whether per-shard throughput limits apply to the context's account (on unless switched off). */
export function isThroughputEnforced(ctx: Ctx): boolean {
  const row = ctx.store
    .stmt<[string], { value: string }>('SELECT value FROM kinesis_settings WHERE key = ?')
    .get(enforcementKey(ctx.accountId));
  return row?.value !== 'off';
}

const refill = (level: number, capacity: number, perSec: number, from: number, now: number): number =>
  Math.min(capacity, level + (Math.max(0, now - from) * perSec) / 1000);

/** A shard's write buckets, brought up to time now; take() spends them record by record. */
export class WriteBudget {
  bytes: number;
  records: number;

  constructor(shard: ShardRow, now: number) {
    this.bytes = refill(shard.w_bytes, WRITE_BYTES_PER_SEC, WRITE_BYTES_PER_SEC, shard.w_at, now);
    this.records = refill(shard.w_records, WRITE_RECORDS_PER_SEC, WRITE_RECORDS_PER_SEC, shard.w_at, now);
  }

  take(size: number): boolean {
    if (this.records < 1) return false;
    if (size > this.bytes && this.bytes < WRITE_BYTES_PER_SEC) return false;
    this.records -= 1;
    this.bytes -= size;
    return true;
  }
}

export function saveWriteBudget(ctx: Ctx, shardPk: number, b: WriteBudget, now: number): void {
  ctx.store.stmt('UPDATE kinesis_shards SET w_bytes = ?, w_records = ?, w_at = ? WHERE id = ?').run(b.bytes, b.records, now, shardPk);
}

/** Spends one GetRecords call; false when the shard is over 5 calls/s or still paying for earlier reads. */
export function takeGetRecordsCall(ctx: Ctx, shard: ShardRow, now: number): boolean {
  const calls = refill(shard.r_calls, GET_RECORDS_CALLS_PER_SEC, GET_RECORDS_CALLS_PER_SEC, shard.r_at, now);
  if (calls < 1 || shard.r_busy_until > now) return false;
  ctx.store.stmt('UPDATE kinesis_shards SET r_calls = ?, r_at = ? WHERE id = ?').run(calls - 1, now, shard.id);
  return true;
}

/** Charges the bytes a GetRecords call returned against the shard's 2 MiB/s. */
export function chargeRead(ctx: Ctx, shard: ShardRow, bytes: number, now: number): void {
  if (bytes === 0) return;
  const busyUntil = Math.max(now, shard.r_busy_until) + (bytes * 1000) / READ_BYTES_PER_SEC;
  ctx.store.stmt('UPDATE kinesis_shards SET r_busy_until = ? WHERE id = ?').run(busyUntil, shard.id);
}

/** Spends one GetShardIterator call; false when the shard is over 5 calls/s. */
export function takeGetShardIteratorCall(ctx: Ctx, shard: ShardRow, now: number): boolean {
  const calls = refill(shard.i_calls, GET_SHARD_ITERATOR_CALLS_PER_SEC, GET_SHARD_ITERATOR_CALLS_PER_SEC, shard.i_at, now);
  if (calls < 1) return false;
  ctx.store.stmt('UPDATE kinesis_shards SET i_calls = ?, i_at = ? WHERE id = ?').run(calls - 1, now, shard.id);
  return true;
}

export type ThrottleKind = 'read' | 'write';

const THROTTLE_EVENT: Readonly<Record<ThrottleKind, string>> = { read: 'throttled-read', write: 'throttled-write' };

/**
 * The event kind of a refusal on one shard: `throttled-write:shardId-000000000001`. Counting a
 * stream's refusals takes every kind from `throttled-write` up to `throttled-write;` (the
 * character after ':'), so events written before shards were named (`throttled-write`) count too.
 */
const shardKind = (kind: ThrottleKind, shardId: string): string => `${THROTTLE_EVENT[kind]}:${shardId}`;
const kindRange = (kind: ThrottleKind): [string, string] => [THROTTLE_EVENT[kind], `${THROTTLE_EVENT[kind]};`];

/** How long refusals stay counted: the longest window throttledCalls() can look back. */
export const THROTTLE_KEEP_MS = 15 * 60_000;

/** Counts n refusals on a shard at time now, dropping the stream's counts older than THROTTLE_KEEP_MS. */
export function noteThrottled(ctx: Ctx, streamPk: number, shardId: string, kind: ThrottleKind, now: number, n = 1): void {
  for (let i = 0; i < n; i++) recordEvent(ctx.store, streamPk, shardKind(kind, shardId), now);
  ctx.store
    .stmt('DELETE FROM kinesis_stream_events WHERE stream_pk = ? AND kind >= ? AND kind < ? AND at <= ?')
    .run(streamPk, ...kindRange(kind), now - THROTTLE_KEEP_MS);
}

/** A refused call: counted against its shard, and the error to throw once the transaction commits. */
export function throttled(ctx: Ctx, stream: { id: number; name: string }, shardId: string, kind: ThrottleKind, now: number): AwsError {
  noteThrottled(ctx, stream.id, shardId, kind, now);
  return rateExceeded(shardId, stream.name, ctx.accountId);
}

/** Refusals of one kind on a stream since a time: all shards, or per shard id. */
function countThrottled(ctx: Ctx, streamPk: number, kind: ThrottleKind, since: number): { total: number; byShard: Map<string, number> } {
  const rows = ctx.store
    .stmt<[number, string, string, number], { kind: string; n: number }>(
      'SELECT kind, count(*) AS n FROM kinesis_stream_events WHERE stream_pk = ? AND kind >= ? AND kind < ? AND at > ? GROUP BY kind',
    )
    .all(streamPk, ...kindRange(kind), since);
  const byShard = new Map<string, number>();
  let total = 0;
  for (const r of rows) {
    total += r.n;
    const shard = r.kind.slice(THROTTLE_EVENT[kind].length + 1);
    if (shard) byShard.set(shard, r.n);
  }
  return { total, byShard };
}

/** The result of a transaction that may have refused the call: throws the refusal. */
export function orThrow<T>(result: T | AwsError): T {
  if (result instanceof AwsError) throw result;
  return result;
}

/**
 * Refusals for throughput counted against a stream in the last windowMs of the state file's
 * clock (at most THROTTLE_KEEP_MS): reads (GetRecords and GetShardIterator calls) and writes
 * (records). Read-only; undefined when the stream does not exist.
 */
export function throttledCalls(ctx: Ctx, streamName: string, windowMs: number): { Reads: number; Writes: number } | undefined {
  return ctx.store.read(() => {
    const now = ctx.store.clock.now();
    const stream = findStream(ctx, { StreamName: streamName }, now);
    if (!stream) return undefined;
    const since = now - Math.min(windowMs, THROTTLE_KEEP_MS);
    return {
      Reads: countThrottled(ctx, stream.id, 'read', since).total,
      Writes: countThrottled(ctx, stream.id, 'write', since).total,
    };
  });
}

/** One shard as `awsmsg status` draws it: its slice of the key space and its recent traffic. */
export interface ShardActivity {
  ShardId: string;
  StartingHashKey: string;
  EndingHashKey: string;
  /** false once the shard is closed (resharded) */
  Open: boolean;
  /** records put in the last putWindowMs (counted from the newest back, at most putCap) */
  RecordsPut: number;
  ThrottledReads: number;
  ThrottledWrites: number;
}

/**
 * The stream's shards with the records put in the last putWindowMs of the clock and the
 * refusals in the last throttleWindowMs. Shards closed before the put window began, with no
 * refusals in the throttle window, are left out. Read-only; undefined when the stream does
 * not exist. Counting walks each shard's newest records back through its primary key, at most
 * putCap of them, so a busy stream costs a bounded read.
 */
export function shardActivity(
  ctx: Ctx,
  streamName: string,
  opts: { putWindowMs: number; throttleWindowMs: number; putCap: number },
): ShardActivity[] | undefined {
  return ctx.store.read(() => {
    const now = ctx.store.clock.now();
    const stream = findStream(ctx, { StreamName: streamName }, now);
    if (!stream) return undefined;
    const putSince = now - opts.putWindowMs;
    const throttleSince = now - Math.min(opts.throttleWindowMs, THROTTLE_KEEP_MS);
    const reads = countThrottled(ctx, stream.id, 'read', throttleSince).byShard;
    const writes = countThrottled(ctx, stream.id, 'write', throttleSince).byShard;
    const shards = ctx.store
      .stmt<[number, number], { id: number; shard_index: number; start_hash: string; end_hash: string; created_at: number; closed_at: number | null }>(
        'SELECT id, shard_index, start_hash, end_hash, created_at, closed_at FROM kinesis_shards WHERE stream_pk = ? AND created_at <= ? ORDER BY shard_index',
      )
      .all(stream.id, now);
    const puts = ctx.store.stmt<[number, number, number], { n: number }>(
      'SELECT count(*) AS n FROM (SELECT arrival FROM kinesis_records WHERE shard_pk = ? ORDER BY seq DESC LIMIT ?) WHERE arrival > ?',
    );
    const out: ShardActivity[] = [];
    for (const sh of shards) {
      const shardId = shardIdOf(sh.shard_index);
      const open = sh.closed_at === null || sh.closed_at > now;
      const r = reads.get(shardId) ?? 0;
      const w = writes.get(shardId) ?? 0;
      if (!open && (sh.closed_at ?? 0) <= putSince && r === 0 && w === 0) continue;
      out.push({
        ShardId: shardId,
        StartingHashKey: sh.start_hash,
        EndingHashKey: sh.end_hash,
        Open: open,
        RecordsPut: puts.get(sh.id, opts.putCap, putSince)!.n,
        ThrottledReads: r,
        ThrottledWrites: w,
      });
    }
    return out;
  });
}
