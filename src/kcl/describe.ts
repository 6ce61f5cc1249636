/**
 * The lease table as a user looks at it (`awsmsg kinesis describe-leases`): one row per
 * lease with its owner, counter, checkpoint and lineage, and how far the checkpoint is
 * behind the shard's newest record, in records and in milliseconds (the age of the oldest
 * record not yet checkpointed; 0 when caught up). The lag is unknown (absent) for a lease
 * still at LATEST or AT_TIMESTAMP: where those start depends on when a worker first reads.
 */
import type { Ctx } from '../core/context.js';
import { findStream, parseShardId, retainedSince, shardByIndex, wholeSecond } from '../services/kinesis/data.js';
import { decodeSequenceNumber } from '../services/kinesis/seqnum.js';
import { DEFAULTS } from './config.js';
import { isExpired, isFinished, LeaseTable, type Lease } from './leases.js';

export interface DescribeLeasesInput {
  applicationName: string;
  /** only the leases of this stream (an application consumes one stream) */
  streamName?: string;
  /** for the EXPIRED state: the workers' failover time (10 s) */
  failoverTimeMillis?: number;
}

export type LeaseState = 'UNASSIGNED' | 'HELD' | 'EXPIRED' | 'FINISHED';

export interface LeaseRowView {
  LeaseKey: string;
  LeaseOwner?: string;
  LeaseCounter: number;
  LeaseState: LeaseState;
  Checkpoint: string;
  CheckpointSubSequenceNumber: number;
  PendingCheckpoint?: string;
  OwnerSwitchesSinceCheckpoint: number;
  ParentShardIds: string[];
  ChildShardIds: string[];
  HashKeyRange: { StartingHashKey: string; EndingHashKey: string };
  LagRecords?: number;
  LagMillis?: number;
}

export interface DescribeLeasesOutput {
  ApplicationName: string;
  StreamName?: string;
  Leases: LeaseRowView[];
}

interface Lag {
  records: number;
  millis: number;
}

/** Records of the shard after the checkpoint (still within retention), and the age of the oldest. */
function lagOf(ctx: Ctx, lease: Lease, now: number): Lag | undefined {
  const cp = lease.checkpoint.sequenceNumber;
  if (cp === 'SHARD_END') return { records: 0, millis: 0 };
  let after: number;
  if (cp === 'TRIM_HORIZON') after = -1;
  else {
    const parts = decodeSequenceNumber(cp);
    if (!parts) return undefined;
    after = Number(parts.seq);
  }
  const stream = findStream(ctx, { StreamName: lease.streamName }, now);
  const index = parseShardId(lease.leaseKey);
  if (!stream || wholeSecond(stream.created_at) !== wholeSecond(lease.streamCreatedAt) || index === undefined) return undefined;
  const shard = shardByIndex(ctx.store, stream.id, index);
  if (!shard) return undefined;
  const row = ctx.store
    .stmt<[number, number, number], { n: number; oldest: number | null }>(
      'SELECT count(*) AS n, min(arrival) AS oldest FROM kinesis_records WHERE shard_pk = ? AND seq > ? AND arrival >= ?',
    )
    .get(shard.id, after, retainedSince(stream, now))!;
  return { records: row.n, millis: row.oldest === null ? 0 : Math.max(0, now - row.oldest) };
}

function stateOf(l: Lease, now: number, failover: number): LeaseState {
  if (isFinished(l)) return 'FINISHED';
  if (l.leaseOwner === null) return 'UNASSIGNED';
  return isExpired(l, now, failover) ? 'EXPIRED' : 'HELD';
}

export function describeLeases(ctx: Ctx, input: DescribeLeasesInput): DescribeLeasesOutput {
  const table = new LeaseTable(ctx, input.applicationName);
  const failover = input.failoverTimeMillis ?? DEFAULTS.failoverTimeMillis;
  return ctx.store.read(() => {
    const now = ctx.store.clock.now();
    const leases = table.list().filter((l) => input.streamName === undefined || l.streamName === input.streamName);
    const rows = leases.map((l): LeaseRowView => {
      // the lag is read from the stream's records in the state file; a remote stream's are not there
      const lag = ctx.target ? undefined : lagOf(ctx, l, now);
      return {
        LeaseKey: l.leaseKey,
        ...(l.leaseOwner === null ? {} : { LeaseOwner: l.leaseOwner }),
        LeaseCounter: l.leaseCounter,
        LeaseState: stateOf(l, now, failover),
        Checkpoint: l.checkpoint.sequenceNumber,
        CheckpointSubSequenceNumber: l.checkpoint.subSequenceNumber,
        ...(l.pendingCheckpoint ? { PendingCheckpoint: l.pendingCheckpoint.sequenceNumber } : {}),
        OwnerSwitchesSinceCheckpoint: l.ownerSwitchesSinceCheckpoint,
        ParentShardIds: l.parentShardIds,
        ChildShardIds: l.childShardIds,
        HashKeyRange: { StartingHashKey: l.hashKeyRange.startingHashKey, EndingHashKey: l.hashKeyRange.endingHashKey },
        ...(lag ? { LagRecords: lag.records, LagMillis: lag.millis } : {}),
      };
    });
    const streamName = input.streamName ?? leases[0]?.streamName;
    return { ApplicationName: input.applicationName, ...(streamName ? { StreamName: streamName } : {}), Leases: rows };
  });
}

/** The consumer applications with leases in the context's account and region, by name. Read-only. */
export function listApplications(ctx: Ctx): string[] {
  return ctx.store.read(() =>
    ctx.store
      .stmt<[string, string], { application: string }>(
        'SELECT DISTINCT application FROM kcl_leases WHERE account_id = ? AND region = ? ORDER BY application',
      )
      .all(ctx.accountId, ctx.region)
      .map((r) => r.application),
  );
}
