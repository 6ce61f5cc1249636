/**
 * Shard sync: which leases to create for the stream's shards, and which to remove.
 *
 * First sync (no leases yet): TRIM_HORIZON and AT_TIMESTAMP lease every shard of the stream
 * at that position, so closed parents are read before their children; LATEST leases the open
 * shards only, at LATEST. Later syncs lease each new shard at TRIM_HORIZON (a child starts
 * at its beginning once its parents are finished), except a shard with a leased descendant:
 * it was finished and cleaned up, or deliberately skipped. Leases whose shard has left the
 * stream (past retention) are removed; with cleanupLeasesUponShardCompletion, a finished
 * lease is removed once all its children have checkpointed past their start.
 */
import type { ChildShard, ShardDescription } from './api.js';
import { isFinished, type Lease, type NewLease } from './leases.js';
import { esn, isSentinel } from './sequence.js';

export type InitialPosition = 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';

export interface StreamRef {
  streamName: string;
  streamCreatedAt: number;
}

const parentsOf = (s: ShardDescription): string[] =>
  [s.ParentShardId, s.AdjacentParentShardId].filter((p): p is string => p !== undefined);

const isOpen = (s: ShardDescription): boolean => s.SequenceNumberRange.EndingSequenceNumber === undefined;

function leaseFor(s: ShardDescription, stream: StreamRef, checkpoint: string): NewLease {
  return {
    leaseKey: s.ShardId,
    streamName: stream.streamName,
    streamCreatedAt: stream.streamCreatedAt,
    checkpoint: esn(checkpoint),
    parentShardIds: parentsOf(s),
    hashKeyRange: { startingHashKey: s.HashKeyRange.StartingHashKey, endingHashKey: s.HashKeyRange.EndingHashKey },
  };
}

/** The leases a child shard reported at its parent's end gets. */
export function childLease(c: ChildShard, stream: StreamRef): NewLease {
  return {
    leaseKey: c.ShardId,
    streamName: stream.streamName,
    streamCreatedAt: stream.streamCreatedAt,
    checkpoint: esn('TRIM_HORIZON'),
    parentShardIds: [...c.ParentShards],
    hashKeyRange: { startingHashKey: c.HashKeyRange.StartingHashKey, endingHashKey: c.HashKeyRange.EndingHashKey },
  };
}

/** Shards with a leased descendant (children, grandchildren, ...) among the listed shards. */
function withLeasedDescendant(shards: ShardDescription[], leased: Set<string>): Set<string> {
  const out = new Set<string>();
  const byId = new Map(shards.map((s) => [s.ShardId, s]));
  const markAncestors = (id: string): void => {
    for (const p of parentsOf(byId.get(id)!)) {
      if (!byId.has(p) || out.has(p)) continue;
      out.add(p);
      markAncestors(p);
    }
  };
  for (const s of shards) if (leased.has(s.ShardId)) markAncestors(s.ShardId);
  return out;
}

export function leasesToCreate(shards: ShardDescription[], leases: Lease[], stream: StreamRef, initial: InitialPosition): NewLease[] {
  if (leases.length === 0) {
    if (initial === 'LATEST') return shards.filter(isOpen).map((s) => leaseFor(s, stream, 'LATEST'));
    return shards.map((s) => leaseFor(s, stream, initial));
  }
  const leased = new Set(leases.map((l) => l.leaseKey));
  const skip = withLeasedDescendant(shards, leased);
  return shards.filter((s) => !leased.has(s.ShardId) && !skip.has(s.ShardId)).map((s) => leaseFor(s, stream, 'TRIM_HORIZON'));
}

/** A lease's children have all checkpointed a record (or finished): the lease is no longer needed. */
function childrenStarted(lease: Lease, byKey: Map<string, Lease>): boolean {
  if (lease.childShardIds.length === 0) return false;
  return lease.childShardIds.every((c) => {
    const child = byKey.get(c);
    return child !== undefined && (!isSentinel(child.checkpoint.sequenceNumber) || isFinished(child));
  });
}

export function leasesToDelete(shards: ShardDescription[], leases: Lease[], cleanupUponShardCompletion: boolean): Lease[] {
  const listed = new Set(shards.map((s) => s.ShardId));
  const byKey = new Map(leases.map((l) => [l.leaseKey, l]));
  return leases.filter(
    (l) => !listed.has(l.leaseKey) || (cleanupUponShardCompletion && isFinished(l) && childrenStarted(l, byKey)),
  );
}
