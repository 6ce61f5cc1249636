/**
 * The KCL lease table, kept in the state file instead of DynamoDB. Every write is conditional
 * on the lease counter (and, where the KCL requires it, the owner), as the Kinesis Client
 * Library's DynamoDB lease refresher does: a write whose condition fails changes nothing and
 * returns undefined, so the caller knows it lost the lease. Renewal, taking and eviction
 * increment the counter; whether a lease has expired is the worker's judgement (compare
 * lastRenewal with the clock against its failover time).
 */
import type { Ctx } from '../../core/context.js';

/** Checkpoint sentinels, as the KCL writes them. */
export type CheckpointSentinel = 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP' | 'SHARD_END';

export interface Lease {
  application: string;
  /** the shard id (or, for multi-stream applications, the KCL's stream-qualified key) */
  leaseKey: string;
  stream: string;
  leaseOwner: string | null;
  leaseCounter: number;
  /** a sequence number or a sentinel */
  checkpoint: string;
  checkpointSubSequenceNumber: number;
  pendingCheckpoint: string | null;
  pendingCheckpointSubSequenceNumber: number | null;
  ownerSwitchesSinceCheckpoint: number;
  parentShardIds: string[];
  childShardIds: string[];
  startingHashKey: string | null;
  endingHashKey: string | null;
  /** clock time of the last renewal, take or creation */
  lastRenewal: number | null;
}

interface LeaseRow {
  application: string;
  lease_key: string;
  stream: string;
  lease_owner: string | null;
  lease_counter: number;
  checkpoint: string;
  checkpoint_sub_sequence_number: number;
  pending_checkpoint: string | null;
  pending_checkpoint_sub_sequence_number: number | null;
  owner_switches_since_checkpoint: number;
  parent_shard_ids: string;
  child_shard_ids: string;
  starting_hash_key: string | null;
  ending_hash_key: string | null;
  last_renewal: number | null;
}

const toLease = (r: LeaseRow): Lease => ({
  application: r.application,
  leaseKey: r.lease_key,
  stream: r.stream,
  leaseOwner: r.lease_owner,
  leaseCounter: r.lease_counter,
  checkpoint: r.checkpoint,
  checkpointSubSequenceNumber: r.checkpoint_sub_sequence_number,
  pendingCheckpoint: r.pending_checkpoint,
  pendingCheckpointSubSequenceNumber: r.pending_checkpoint_sub_sequence_number,
  ownerSwitchesSinceCheckpoint: r.owner_switches_since_checkpoint,
  parentShardIds: JSON.parse(r.parent_shard_ids) as string[],
  childShardIds: JSON.parse(r.child_shard_ids) as string[],
  startingHashKey: r.starting_hash_key,
  endingHashKey: r.ending_hash_key,
  lastRenewal: r.last_renewal,
});

export function getLease(ctx: Ctx, application: string, leaseKey: string): Lease | undefined {
  const row = ctx.store
    .stmt<[string, string], LeaseRow>('SELECT * FROM kinesis_leases WHERE application = ? AND lease_key = ?')
    .get(application, leaseKey);
  return row ? toLease(row) : undefined;
}

export function listLeases(ctx: Ctx, application: string): Lease[] {
  return ctx.store
    .stmt<[string], LeaseRow>('SELECT * FROM kinesis_leases WHERE application = ? ORDER BY lease_key')
    .all(application)
    .map(toLease);
}

export interface NewLease {
  application: string;
  leaseKey: string;
  stream: string;
  checkpoint: string;
  parentShardIds?: string[];
  startingHashKey?: string;
  endingHashKey?: string;
}

/** Creates an unowned lease unless one exists; true if it was created. */
export function createLeaseIfNotExists(ctx: Ctx, l: NewLease): boolean {
  return ctx.store.write(() => {
    const info = ctx.store
      .stmt(
        `INSERT OR IGNORE INTO kinesis_leases (application, lease_key, stream, checkpoint, parent_shard_ids, starting_hash_key, ending_hash_key)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(l.application, l.leaseKey, l.stream, l.checkpoint, JSON.stringify(l.parentShardIds ?? []), l.startingHashKey ?? null, l.endingHashKey ?? null);
    return info.changes === 1;
  });
}

/** Runs a conditional UPDATE and returns the lease as it now is, or undefined if the condition failed. */
function conditional(ctx: Ctx, application: string, leaseKey: string, sql: string, params: unknown[]): Lease | undefined {
  return ctx.store.write(() => {
    const info = ctx.store.stmt(sql).run(...params);
    return info.changes === 1 ? getLease(ctx, application, leaseKey) : undefined;
  });
}

/** Renews a lease the owner holds at the given counter (counter + 1). */
export function renewLease(ctx: Ctx, application: string, leaseKey: string, owner: string, counter: number): Lease | undefined {
  return conditional(
    ctx,
    application,
    leaseKey,
    `UPDATE kinesis_leases SET lease_counter = lease_counter + 1, last_renewal = ?
     WHERE application = ? AND lease_key = ? AND lease_owner = ? AND lease_counter = ?`,
    [ctx.store.clock.now(), application, leaseKey, owner, counter],
  );
}

/** Takes a lease seen at the given counter (expired, unowned, or stolen): new owner, counter + 1. */
export function takeLease(ctx: Ctx, application: string, leaseKey: string, newOwner: string, counter: number): Lease | undefined {
  return conditional(
    ctx,
    application,
    leaseKey,
    `UPDATE kinesis_leases SET lease_owner = ?, lease_counter = lease_counter + 1, last_renewal = ?,
       owner_switches_since_checkpoint = owner_switches_since_checkpoint + (CASE WHEN lease_owner IS NOT ? THEN 1 ELSE 0 END)
     WHERE application = ? AND lease_key = ? AND lease_counter = ?`,
    [newOwner, ctx.store.clock.now(), newOwner, application, leaseKey, counter],
  );
}

/** Gives a lease up (its owner, at the given counter): no owner, counter + 1. */
export function evictLease(ctx: Ctx, application: string, leaseKey: string, owner: string, counter: number): Lease | undefined {
  return conditional(
    ctx,
    application,
    leaseKey,
    `UPDATE kinesis_leases SET lease_owner = NULL, lease_counter = lease_counter + 1
     WHERE application = ? AND lease_key = ? AND lease_owner = ? AND lease_counter = ?`,
    [application, leaseKey, owner, counter],
  );
}

export interface CheckpointUpdate {
  checkpoint: string;
  subSequenceNumber?: number;
  pendingCheckpoint?: string | null;
  pendingSubSequenceNumber?: number | null;
  childShardIds?: string[];
}

/** Records progress for a lease its owner holds at the given counter; resets ownerSwitchesSinceCheckpoint. */
export function checkpointLease(
  ctx: Ctx,
  application: string,
  leaseKey: string,
  owner: string,
  counter: number,
  c: CheckpointUpdate,
): Lease | undefined {
  return conditional(
    ctx,
    application,
    leaseKey,
    `UPDATE kinesis_leases SET checkpoint = ?, checkpoint_sub_sequence_number = ?, pending_checkpoint = ?,
       pending_checkpoint_sub_sequence_number = ?, owner_switches_since_checkpoint = 0,
       child_shard_ids = COALESCE(?, child_shard_ids)
     WHERE application = ? AND lease_key = ? AND lease_owner = ? AND lease_counter = ?`,
    [
      c.checkpoint,
      c.subSequenceNumber ?? 0,
      c.pendingCheckpoint ?? null,
      c.pendingSubSequenceNumber ?? null,
      c.childShardIds ? JSON.stringify(c.childShardIds) : null,
      application,
      leaseKey,
      owner,
      counter,
    ],
  );
}

/** Deletes a lease (e.g. of a shard whose records have all expired) if still at the given counter. */
export function deleteLease(ctx: Ctx, application: string, leaseKey: string, counter: number): boolean {
  return ctx.store.write(
    () =>
      ctx.store
        .stmt('DELETE FROM kinesis_leases WHERE application = ? AND lease_key = ? AND lease_counter = ?')
        .run(application, leaseKey, counter).changes === 1,
  );
}
