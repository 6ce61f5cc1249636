/**
 * The lease table of one consumer application: reads, and the KCL's conditional writes.
 *
 * Every write is one immediate transaction that succeeds only if the row still has the
 * lease counter the writer last saw (creation: only if the row does not exist yet), and
 * every successful update increments the counter. A write that loses the race returns
 * undefined: someone else changed the lease first.
 */
import type { Ctx } from '../core/context.js';
import { esn, type ExtendedSequenceNumber } from './sequence.js';

export interface HashKeyRange {
  startingHashKey: string;
  endingHashKey: string;
}

export interface Lease {
  /** the shard id */
  leaseKey: string;
  streamName: string;
  /** the stream's creation time (ms): which incarnation of the stream the lease belongs to */
  streamCreatedAt: number;
  leaseOwner: string | null;
  leaseCounter: number;
  /** the state file's clock when leaseCounter last changed */
  counterChangedAt: number;
  checkpoint: ExtendedSequenceNumber;
  pendingCheckpoint: ExtendedSequenceNumber | null;
  ownerSwitchesSinceCheckpoint: number;
  parentShardIds: string[];
  childShardIds: string[];
  hashKeyRange: HashKeyRange;
}

/** What creating a lease needs; the rest starts empty (no owner, counter 0). */
export type NewLease = Pick<Lease, 'leaseKey' | 'streamName' | 'streamCreatedAt' | 'checkpoint' | 'parentShardIds' | 'hashKeyRange'>;

interface LeaseRow {
  lease_key: string;
  stream_name: string;
  stream_created_at: number;
  lease_owner: string | null;
  lease_counter: number;
  counter_changed_at: number;
  checkpoint: string;
  checkpoint_sub_sequence_number: number;
  pending_checkpoint: string | null;
  pending_checkpoint_sub_sequence_number: number | null;
  owner_switches_since_checkpoint: number;
  parent_shard_ids: string;
  child_shard_ids: string;
  starting_hash_key: string;
  ending_hash_key: string;
}

const fromRow = (r: LeaseRow): Lease => ({
  leaseKey: r.lease_key,
  streamName: r.stream_name,
  streamCreatedAt: r.stream_created_at,
  leaseOwner: r.lease_owner,
  leaseCounter: r.lease_counter,
  counterChangedAt: r.counter_changed_at,
  checkpoint: esn(r.checkpoint, r.checkpoint_sub_sequence_number),
  pendingCheckpoint: r.pending_checkpoint === null ? null : esn(r.pending_checkpoint, r.pending_checkpoint_sub_sequence_number ?? 0),
  ownerSwitchesSinceCheckpoint: r.owner_switches_since_checkpoint,
  parentShardIds: JSON.parse(r.parent_shard_ids) as string[],
  childShardIds: JSON.parse(r.child_shard_ids) as string[],
  hashKeyRange: { startingHashKey: r.starting_hash_key, endingHashKey: r.ending_hash_key },
});

const KEY = 'account_id = @account AND region = @region AND application = @application';

/** A finished lease: its shard was read to the end and the processor checkpointed SHARD_END. */
export const isFinished = (l: Lease): boolean => l.checkpoint.sequenceNumber === 'SHARD_END';

/** Expired: nobody owns it, or its counter has not moved for longer than the failover time. */
export const isExpired = (l: Lease, now: number, failoverTimeMillis: number): boolean =>
  l.leaseOwner === null || now - l.counterChangedAt > failoverTimeMillis;

export class LeaseTable {
  private readonly key: { account: string; region: string; application: string };

  constructor(
    private readonly ctx: Ctx,
    readonly application: string,
  ) {
    this.key = { account: ctx.accountId, region: ctx.region, application };
  }

  now(): number {
    return this.ctx.store.clock.now();
  }

  list(): Lease[] {
    return this.ctx.store
      .stmt<[typeof this.key], LeaseRow>(`SELECT * FROM kcl_leases WHERE ${KEY} ORDER BY lease_key`)
      .all(this.key)
      .map(fromRow);
  }

  get(leaseKey: string): Lease | undefined {
    const row = this.ctx.store
      .stmt<[Record<string, unknown>], LeaseRow>(`SELECT * FROM kcl_leases WHERE ${KEY} AND lease_key = @leaseKey`)
      .get({ ...this.key, leaseKey });
    return row && fromRow(row);
  }

  /** Creates the lease unless it exists (the KCL's createLeaseIfNotExists); true when created. */
  create(lease: NewLease): boolean {
    return this.ctx.store.write(() => {
      const info = this.ctx.store
        .stmt<[Record<string, unknown>]>(
          `INSERT INTO kcl_leases (account_id, region, application, lease_key, stream_name, stream_created_at,
             counter_changed_at, checkpoint, checkpoint_sub_sequence_number, parent_shard_ids,
             starting_hash_key, ending_hash_key)
           VALUES (@account, @region, @application, @leaseKey, @streamName, @streamCreatedAt, @now, @checkpoint,
             @sub, @parents, @start, @end)
           ON CONFLICT DO NOTHING`,
        )
        .run({
          ...this.key,
          leaseKey: lease.leaseKey,
          streamName: lease.streamName,
          streamCreatedAt: lease.streamCreatedAt,
          now: this.now(),
          checkpoint: lease.checkpoint.sequenceNumber,
          sub: lease.checkpoint.subSequenceNumber,
          parents: JSON.stringify(lease.parentShardIds),
          start: lease.hashKeyRange.startingHashKey,
          end: lease.hashKeyRange.endingHashKey,
        });
      return info.changes === 1;
    });
  }

  /**
   * One conditional update: `set` applies only while the row has the counter (and, when given,
   * the owner) the caller last saw; it increments the counter. Returns the lease as written.
   */
  private update(
    lease: Lease,
    owner: string | null | undefined,
    set: string,
    params: Record<string, unknown>,
    next: (l: Lease, now: number) => Lease,
  ): Lease | undefined {
    return this.ctx.store.write(() => {
      const now = this.now();
      const ownerCheck = owner === undefined ? '' : owner === null ? ' AND lease_owner IS NULL' : ' AND lease_owner = @expectedOwner';
      const info = this.ctx.store
        .stmt<[Record<string, unknown>]>(
          `UPDATE kcl_leases SET ${set}, lease_counter = lease_counter + 1, counter_changed_at = @now
           WHERE ${KEY} AND lease_key = @leaseKey AND lease_counter = @expectedCounter${ownerCheck}`,
        )
        .run({
          ...this.key,
          ...params,
          now,
          leaseKey: lease.leaseKey,
          expectedCounter: lease.leaseCounter,
          ...(owner ? { expectedOwner: owner } : {}),
        });
      if (info.changes !== 1) return undefined;
      return { ...next(lease, now), leaseCounter: lease.leaseCounter + 1, counterChangedAt: now };
    });
  }

  /** The owner's heartbeat. */
  renew(lease: Lease, owner: string): Lease | undefined {
    return this.update(lease, owner, 'lease_owner = lease_owner', {}, (l) => l);
  }

  /** Takes an expired, unowned or stolen lease; a change of owner counts as an owner switch. */
  take(lease: Lease, owner: string): Lease | undefined {
    const switched = lease.leaseOwner !== null && lease.leaseOwner !== owner ? 1 : 0;
    return this.update(
      lease,
      undefined,
      'lease_owner = @owner, owner_switches_since_checkpoint = owner_switches_since_checkpoint + @switched',
      { owner, switched },
      (l) => ({ ...l, leaseOwner: owner, ownerSwitchesSinceCheckpoint: l.ownerSwitchesSinceCheckpoint + switched }),
    );
  }

  /** Gives a lease up (no owner), so that another worker takes it at once. */
  evict(lease: Lease, owner: string): Lease | undefined {
    return this.update(lease, owner, 'lease_owner = NULL', {}, (l) => ({ ...l, leaseOwner: null }));
  }

  /** Records the owner's progress; clears a pending checkpoint and the owner-switch count. */
  checkpoint(lease: Lease, owner: string, value: ExtendedSequenceNumber): Lease | undefined {
    return this.update(
      lease,
      owner,
      `checkpoint = @checkpoint, checkpoint_sub_sequence_number = @sub, pending_checkpoint = NULL,
       pending_checkpoint_sub_sequence_number = NULL, owner_switches_since_checkpoint = 0`,
      { checkpoint: value.sequenceNumber, sub: value.subSequenceNumber },
      (l) => ({ ...l, checkpoint: value, pendingCheckpoint: null, ownerSwitchesSinceCheckpoint: 0 }),
    );
  }

  /** Records the shards a finished shard was split or merged into. */
  setChildShards(lease: Lease, owner: string, childShardIds: string[]): Lease | undefined {
    return this.update(lease, owner, 'child_shard_ids = @children', { children: JSON.stringify(childShardIds) }, (l) => ({
      ...l,
      childShardIds: [...childShardIds],
    }));
  }

  /** Deletes a lease that nobody changed since it was read. */
  delete(lease: Lease): boolean {
    return this.ctx.store.write(() => {
      const info = this.ctx.store
        .stmt<[Record<string, unknown>]>(`DELETE FROM kcl_leases WHERE ${KEY} AND lease_key = @leaseKey AND lease_counter = @expectedCounter`)
        .run({ ...this.key, leaseKey: lease.leaseKey, expectedCounter: lease.leaseCounter });
      return info.changes === 1;
    });
  }
}
