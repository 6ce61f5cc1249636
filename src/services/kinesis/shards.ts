/**
 * Shards: ListShards, and resharding (SplitShard, MergeShards, UpdateShardCount).
 *
 * A reshard completes when the stream's UPDATING period ends (time T): the children are
 * written at once with created_at = T and the parents get closed_at = T, so until T records
 * still go to the parents and from T on only to the children. Shard ids continue the
 * stream's numbering (shardId-000000000003, ...). A child's sequence numbers carry a
 * creation time strictly later than its parents', which keeps numbers ordered across the
 * reshard.
 */
import type { Ctx } from '../../core/context.js';
import { DAY_MS, LIST_SHARDS_DEFAULT, MAX_SHARDS_PER_STREAM_SCALING, SCALING_EVENTS_PER_DAY, shardLimitFor } from './constants.js';
import {
  countEvents,
  openProvisionedShardCount,
  parseShardId,
  recordEvent,
  requireShardForReshard,
  requireStream,
  retentionMs,
  shardClosed,
  shardIdOf,
  shardOpen,
  shardOut,
  shardsOf,
  shardVisible,
  streamArnOf,
  type ShardOut,
  type ShardRow,
  type StreamRow,
  wholeSecond,
} from './data.js';
import { couldNotFindShard, invalidArgument, limitExceeded, onDemandNotSupported, resourceNotFound, shardLimitExceeded } from './errors.js';
import { evenRanges, keyFromBigInt, type HashRange } from './hashkey.js';
import { beginUpdate, requireActiveStream } from './streams.js';
import { decodeToken, encodeToken } from './tokens.js';
import { timestampMs, validateRequest } from './validate.js';

type Input = Record<string, unknown>;

interface ShardFilter {
  Type: string;
  ShardId?: string;
  Timestamp?: Date | number;
}

interface ListShardsToken {
  stream: number;
  created: number;
  after: number;
  filter?: { type: string; shardId?: string; at?: number };
}

export function listShards(ctx: Ctx, input: Input): { Shards: ShardOut[]; NextToken?: string } {
  validateRequest('ListShards', input);
  const named = input.StreamName !== undefined || input.StreamARN !== undefined;
  const token = input.NextToken as string | undefined;
  if (token !== undefined && named) throw invalidArgument('NextToken and StreamName cannot be provided together.');
  if (token === undefined && !named && input.StreamId === undefined) throw invalidArgument('Either NextToken or StreamName should be provided.');
  if (token !== undefined && input.ExclusiveStartShardId !== undefined) {
    throw invalidArgument('NextToken and ExclusiveStartShardId cannot be provided together.'); // (unverified)
  }
  return ctx.store.read(() => {
    const now = ctx.store.clock.now();
    let stream: StreamRow;
    let after: number;
    let filter: ListShardsToken['filter'];
    if (token !== undefined) {
      const t = decodeToken<ListShardsToken & Record<string, unknown>>(token, now);
      const row = ctx.store.stmt<[number], StreamRow>('SELECT * FROM kinesis_streams WHERE id = ?').get(t.stream);
      if (!row || row.created_at !== t.created || row.account_id !== ctx.accountId || row.region !== ctx.region) {
        throw resourceNotFound('The stream of the NextToken no longer exists.'); // (unverified)
      }
      stream = row;
      after = t.after;
      filter = t.filter;
    } else {
      stream = requireStream(ctx, input, now);
      const created = timestampMs(input.StreamCreationTimestamp);
      if (created !== undefined && created !== wholeSecond(stream.created_at)) {
        throw resourceNotFound(`Stream ${stream.name} under account ${ctx.accountId} not found.`);
      }
      const start = input.ExclusiveStartShardId as string | undefined;
      after = start === undefined ? -1 : (parseShardId(start) ?? -1);
      filter = shardFilterOf(input.ShardFilter as ShardFilter | undefined);
      if (filter?.type === 'AFTER_SHARD_ID') after = Math.max(after, parseShardId(filter.shardId!) ?? -1);
    }
    const limit = Math.min((input.MaxResults as number | undefined) ?? LIST_SHARDS_DEFAULT, LIST_SHARDS_DEFAULT);
    const shards = shardsMatching(stream, shardsOf(ctx.store, stream.id), filter, now).filter((s) => s.shard_index > after);
    const page = shards.slice(0, limit);
    const out: { Shards: ShardOut[]; NextToken?: string } = { Shards: page.map((s) => shardOut(s, now)) };
    if (shards.length > limit) {
      const next: ListShardsToken = { stream: stream.id, created: stream.created_at, after: page[page.length - 1]!.shard_index };
      if (filter) next.filter = filter;
      out.NextToken = encodeToken(next as unknown as Record<string, unknown>, now);
    }
    return out;
  });
}

function shardFilterOf(f: ShardFilter | undefined): ListShardsToken['filter'] {
  if (!f) return undefined;
  if (f.Type === 'AFTER_SHARD_ID' && f.ShardId === undefined) {
    throw invalidArgument('ShardId must be provided for ShardFilter type AFTER_SHARD_ID.'); // (unverified)
  }
  if ((f.Type === 'AT_TIMESTAMP' || f.Type === 'FROM_TIMESTAMP') && f.Timestamp === undefined) {
    throw invalidArgument(`Timestamp must be provided for ShardFilter type ${f.Type}.`); // (unverified)
  }
  return { type: f.Type, ...(f.ShardId !== undefined ? { shardId: f.ShardId } : {}), ...(f.Timestamp !== undefined ? { at: timestampMs(f.Timestamp) } : {}) };
}

const openAt = (s: ShardRow, t: number): boolean => s.created_at <= t && (s.closed_at === null || s.closed_at > t);

/** The shards ListShards returns for a filter (FROM_TRIM_HORIZON, every shard within retention, by default). */
function shardsMatching(stream: StreamRow, all: ShardRow[], filter: ListShardsToken['filter'], now: number): ShardRow[] {
  const visible = all.filter((s) => shardVisible(s, now, retentionMs(stream)));
  const trimHorizon = now - retentionMs(stream);
  switch (filter?.type) {
    case 'AT_LATEST':
      return visible.filter((s) => shardOpen(s, now));
    case 'AT_TRIM_HORIZON': {
      const first = Math.min(...visible.map((s) => s.created_at));
      const t = Math.max(trimHorizon, first);
      return visible.filter((s) => openAt(s, t));
    }
    case 'AT_TIMESTAMP': {
      const t = filter.at!;
      return visible.filter((s) => s.created_at <= t && (s.closed_at === null || s.closed_at >= t));
    }
    case 'FROM_TIMESTAMP': {
      const t = Math.max(filter.at!, trimHorizon);
      return visible.filter((s) => !shardClosed(s, now) || s.closed_at! >= t);
    }
    default:
      return visible;
  }
}

/** A shard in a reshard plan: an existing one, or one to be written. */
interface PlannedShard {
  index: number;
  start: bigint;
  end: bigint;
  createSecs: number;
  parent: number | null;
  adjacentParent: number | null;
  /** an existing shard's row id */
  id?: number;
  /** a planned shard closed by a later step of the same plan (short-lived) */
  closed?: boolean;
}

/** Builds children for a stream's reshard, numbering them after the stream's existing shards. */
export class ReshardPlan {
  readonly created: PlannedShard[] = [];
  readonly closedExisting = new Set<number>();
  private nextIndex: number;

  constructor(
    readonly stream: StreamRow,
    private readonly completeAt: number,
  ) {
    this.nextIndex = stream.next_shard_index;
  }

  private child(start: bigint, end: bigint, parents: PlannedShard[]): PlannedShard {
    const createSecs = Math.max(Math.floor(this.completeAt / 1000), ...parents.map((p) => p.createSecs + 1));
    const c: PlannedShard = {
      index: this.nextIndex++,
      start,
      end,
      createSecs,
      parent: parents[0]!.index,
      adjacentParent: parents[1]?.index ?? null,
    };
    for (const p of parents) this.close(p);
    this.created.push(c);
    return c;
  }

  private close(p: PlannedShard): void {
    if (p.id !== undefined) this.closedExisting.add(p.id);
    else p.closed = true;
  }

  split(p: PlannedShard, at: bigint): [PlannedShard, PlannedShard] {
    return [this.child(p.start, at - 1n, [p]), this.child(at, p.end, [p])];
  }

  merge(a: PlannedShard, b: PlannedShard): PlannedShard {
    return this.child(a.start, b.end, [a, b]);
  }

  /** Writes the plan: children open and parents close at the completion time. */
  apply(ctx: Ctx): void {
    const insert = ctx.store.stmt(
      `INSERT INTO kinesis_shards (stream_pk, shard_index, parent_index, adjacent_parent_index, start_hash, end_hash,
         start_key, end_key, created_at, closed_at, create_secs)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const c of this.created) {
      insert.run(
        this.stream.id,
        c.index,
        c.parent,
        c.adjacentParent,
        c.start.toString(),
        c.end.toString(),
        keyFromBigInt(c.start),
        keyFromBigInt(c.end),
        this.completeAt,
        c.closed ? this.completeAt : null,
        c.createSecs,
      );
    }
    const close = ctx.store.stmt('UPDATE kinesis_shards SET closed_at = ? WHERE id = ?');
    for (const id of this.closedExisting) close.run(this.completeAt, id);
    ctx.store.stmt('UPDATE kinesis_streams SET next_shard_index = ? WHERE id = ?').run(this.nextIndex, this.stream.id);
  }
}

const planned = (s: ShardRow): PlannedShard => ({
  index: s.shard_index,
  start: BigInt(s.start_hash),
  end: BigInt(s.end_hash),
  createSecs: s.create_secs,
  parent: s.parent_index,
  adjacentParent: s.adjacent_parent_index,
  id: s.id,
});

function requireProvisioned(ctx: Ctx, stream: StreamRow): void {
  if (stream.mode === 'ON_DEMAND') throw onDemandNotSupported(stream.name, ctx.accountId);
}

const alreadyResharded = (ctx: Ctx, stream: StreamRow, shard: ShardRow): Error =>
  invalidArgument(
    `Shard ${shardIdOf(shard.shard_index)} in stream ${stream.name} under account ${ctx.accountId} has already been merged or split, and thus is not eligible for merging or splitting.`,
  );

function checkShardLimit(ctx: Ctx, added: number, now: number): void {
  const open = openProvisionedShardCount(ctx, now);
  const limit = shardLimitFor(ctx.region);
  if (open + added > limit) throw shardLimitExceeded(ctx.accountId, ctx.region, open, limit, added);
}

export function splitShard(ctx: Ctx, input: Input): Record<string, never> {
  validateRequest('SplitShard', input);
  const shardText = input.ShardToSplit as string;
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const streamName = typeof input.StreamName === 'string' ? input.StreamName : String(input.StreamARN ?? '').split('/').pop()!;
    if (parseShardId(shardText) === undefined) throw couldNotFindShard(shardText, streamName, ctx.accountId);
    const stream = requireActiveStream(ctx, input, now);
    requireProvisioned(ctx, stream);
    const shard = requireShardForReshard(ctx, stream, shardText, now);
    checkShardLimit(ctx, 1, now);
    const at = BigInt(input.NewStartingHashKey as string);
    const start = BigInt(shard.start_hash);
    const end = BigInt(shard.end_hash);
    if (at <= start + 1n || at >= end) {
      throw invalidArgument(
        `NewStartingHashKey ${input.NewStartingHashKey as string} used in SplitShard() on shard ${shardIdOf(shard.shard_index)} in stream ${stream.name} under account ${ctx.accountId} is not both greater than one plus the shard's StartingHashKey ${shard.start_hash} and less than the shard's EndingHashKey ${shard.end_hash}.`,
      );
    }
    if (!shardOpen(shard, now)) throw alreadyResharded(ctx, stream, shard);
    const plan = new ReshardPlan(stream, beginUpdate(ctx, stream, now));
    plan.split(planned(shard), at);
    plan.apply(ctx);
    return {};
  });
}

export function mergeShards(ctx: Ctx, input: Input): Record<string, never> {
  validateRequest('MergeShards', input);
  const firstText = input.ShardToMerge as string;
  const secondText = input.AdjacentShardToMerge as string;
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const streamName = typeof input.StreamName === 'string' ? input.StreamName : String(input.StreamARN ?? '').split('/').pop()!;
    for (const t of [firstText, secondText]) {
      if (parseShardId(t) === undefined) throw couldNotFindShard(t, streamName, ctx.accountId);
    }
    const stream = requireActiveStream(ctx, input, now);
    requireProvisioned(ctx, stream);
    const first = requireShardForReshard(ctx, stream, firstText, now);
    const second = requireShardForReshard(ctx, stream, secondText, now);
    if (BigInt(first.end_hash) + 1n !== BigInt(second.start_hash)) {
      throw invalidArgument(
        `Shards ${shardIdOf(first.shard_index)} and ${shardIdOf(second.shard_index)} in stream ${stream.name} under account ${ctx.accountId} are not an adjacent pair of shards eligible for merging`,
      );
    }
    for (const s of [first, second]) if (!shardOpen(s, now)) throw alreadyResharded(ctx, stream, s);
    const plan = new ReshardPlan(stream, beginUpdate(ctx, stream, now));
    plan.merge(planned(first), planned(second));
    plan.apply(ctx);
    return {};
  });
}

/**
 * Target ranges for uniform scaling to n shards: n equal ranges, except that a boundary within
 * rounding distance of an existing boundary keeps the existing one (so halving and doubling
 * split and merge existing shards exactly).
 */
export function uniformTargets(current: readonly { start: bigint }[], n: number): HashRange[] {
  const ideal = evenRanges(n);
  const existing = current.map((c) => c.start).filter((s) => s > 0n).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const tolerance = BigInt(Math.max(n, current.length));
  const bounds = ideal.slice(1).map((r) => nearest(existing, r.start, tolerance) ?? r.start);
  return ideal.map((r, i) => ({ start: i === 0 ? 0n : bounds[i - 1]!, end: i === n - 1 ? r.end : bounds[i]! - 1n }));
}

/** The value of sorted within tolerance of x, if any (binary search). */
function nearest(sorted: readonly bigint[], x: bigint, tolerance: bigint): bigint | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  for (const i of [lo - 1, lo]) {
    const v = sorted[i];
    if (v !== undefined && (v > x ? v - x : x - v) <= tolerance) return v;
  }
  return undefined;
}

/** Splits and merges turning the open shards into the targets: split at every target boundary inside a shard, then merge pieces left to right. */
export function planUniformScaling(plan: ReshardPlan, open: PlannedShard[], targets: HashRange[]): void {
  const pieces: PlannedShard[] = [];
  for (const shard of open) {
    let rest = shard;
    for (const t of targets) {
      if (t.start > rest.start && t.start <= rest.end) {
        const [left, right] = plan.split(rest, t.start);
        pieces.push(left);
        rest = right;
      }
    }
    pieces.push(rest);
  }
  for (const t of targets) {
    const inside = pieces.filter((p) => p.start >= t.start && p.end <= t.end);
    let acc = inside[0]!;
    for (const p of inside.slice(1)) acc = plan.merge(acc, p);
  }
}

export function updateShardCount(
  ctx: Ctx,
  input: Input,
): { StreamName: string; CurrentShardCount: number; TargetShardCount: number; StreamARN: string } {
  validateRequest('UpdateShardCount', input);
  const target = input.TargetShardCount as number;
  return ctx.store.write(() => {
    const now = ctx.store.clock.now();
    const stream = requireActiveStream(ctx, input, now);
    requireProvisioned(ctx, stream);
    const open = shardsOf(ctx.store, stream.id).filter((s) => shardOpen(s, now));
    const current = open.length;
    const counts = `Current open shard count: ${current}, Target shard count: ${target}`;
    if (target > MAX_SHARDS_PER_STREAM_SCALING) {
      throw limitExceeded(`Target shard count or number of open shards cannot be greater than ${MAX_SHARDS_PER_STREAM_SCALING}. ${counts}`);
    }
    if (target > current * 2) throw limitExceeded(`UpdateShardCount cannot scale up over double your current open shard count. ${counts}`);
    if (target < current / 2) throw limitExceeded(`UpdateShardCount cannot scale down below half your current open shard count. ${counts}`);
    if (countEvents(ctx.store, stream.id, 'scale', now - DAY_MS) >= SCALING_EVENTS_PER_DAY) {
      throw limitExceeded(
        `Stream ${stream.name} under account ${ctx.accountId} has already been scaled ${SCALING_EVENTS_PER_DAY} times in the last 24 hours.`, // (unverified)
      );
    }
    const result = { StreamName: stream.name, CurrentShardCount: current, TargetShardCount: target, StreamARN: streamArnOf(stream) };
    const sorted = open.map(planned).sort((a, b) => (a.start < b.start ? -1 : 1));
    const targets = uniformTargets(sorted, target);
    const unchanged = sorted.length === targets.length && sorted.every((s, i) => s.start === targets[i]!.start && s.end === targets[i]!.end);
    if (unchanged) return result;
    if (target > current) checkShardLimit(ctx, target - current, now);
    recordEvent(ctx.store, stream.id, 'scale', now);
    const plan = new ReshardPlan(stream, beginUpdate(ctx, stream, now));
    planUniformScaling(plan, sorted, targets);
    plan.apply(ctx);
    return result;
  });
}
