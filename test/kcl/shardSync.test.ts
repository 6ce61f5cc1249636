import { describe, expect, test } from 'vitest';
import type { ShardDescription } from '../../src/kcl/api.js';
import type { Lease } from '../../src/kcl/leases.js';
import { esn } from '../../src/kcl/sequence.js';
import { leasesToCreate, leasesToDelete } from '../../src/kcl/shardSync.js';

const STREAM = { streamName: 's', streamCreatedAt: 1 };
const id = (n: number): string => `shardId-${String(n).padStart(12, '0')}`;

function shard(n: number, opts: { parent?: number; adjacent?: number; closed?: boolean } = {}): ShardDescription {
  return {
    ShardId: id(n),
    ...(opts.parent !== undefined ? { ParentShardId: id(opts.parent) } : {}),
    ...(opts.adjacent !== undefined ? { AdjacentParentShardId: id(opts.adjacent) } : {}),
    HashKeyRange: { StartingHashKey: String(n), EndingHashKey: String(n) },
    SequenceNumberRange: { StartingSequenceNumber: '1', ...(opts.closed ? { EndingSequenceNumber: '2' } : {}) },
  };
}

function lease(n: number, checkpoint = 'TRIM_HORIZON', children: number[] = []): Lease {
  return {
    leaseKey: id(n),
    streamName: 's',
    streamCreatedAt: 1,
    leaseOwner: null,
    leaseCounter: 1,
    counterChangedAt: 0,
    checkpoint: esn(checkpoint),
    pendingCheckpoint: null,
    ownerSwitchesSinceCheckpoint: 0,
    parentShardIds: [],
    childShardIds: children.map(id),
    hashKeyRange: { startingHashKey: '0', endingHashKey: '0' },
  };
}

// shard 0 split into 2 and 3; shard 1 still open
const SPLIT = [shard(0, { closed: true }), shard(1), shard(2, { parent: 0 }), shard(3, { parent: 0 })];

describe('the first sync', () => {
  test('TRIM_HORIZON leases every shard, parents recorded', () => {
    const created = leasesToCreate(SPLIT, [], STREAM, 'TRIM_HORIZON');
    expect(created.map((l) => [l.leaseKey, l.checkpoint.sequenceNumber, l.parentShardIds])).toEqual([
      [id(0), 'TRIM_HORIZON', []],
      [id(1), 'TRIM_HORIZON', []],
      [id(2), 'TRIM_HORIZON', [id(0)]],
      [id(3), 'TRIM_HORIZON', [id(0)]],
    ]);
  });

  test('LATEST leases the open shards only', () => {
    const created = leasesToCreate(SPLIT, [], STREAM, 'LATEST');
    expect(created.map((l) => [l.leaseKey, l.checkpoint.sequenceNumber])).toEqual([
      [id(1), 'LATEST'],
      [id(2), 'LATEST'],
      [id(3), 'LATEST'],
    ]);
  });

  test('AT_TIMESTAMP leases every shard at AT_TIMESTAMP', () => {
    expect(leasesToCreate(SPLIT, [], STREAM, 'AT_TIMESTAMP').every((l) => l.checkpoint.sequenceNumber === 'AT_TIMESTAMP')).toBe(true);
  });

  test('a merge child records both parents', () => {
    const merged = [shard(0, { closed: true }), shard(1, { closed: true }), shard(2, { parent: 0, adjacent: 1 })];
    expect(leasesToCreate(merged, [], STREAM, 'TRIM_HORIZON')[2]!.parentShardIds).toEqual([id(0), id(1)]);
  });
});

describe('later syncs', () => {
  test('children of a reshard get leases at TRIM_HORIZON, whatever the initial position', () => {
    const created = leasesToCreate(SPLIT, [lease(0, '123'), lease(1, 'LATEST')], STREAM, 'LATEST');
    expect(created.map((l) => [l.leaseKey, l.checkpoint.sequenceNumber])).toEqual([
      [id(2), 'TRIM_HORIZON'],
      [id(3), 'TRIM_HORIZON'],
    ]);
  });

  test('a shard with a leased descendant is not leased again (finished and cleaned up, or skipped at LATEST)', () => {
    const twice = [...SPLIT, shard(4, { parent: 2 }), shard(5, { parent: 2 })];
    twice[2] = shard(2, { parent: 0, closed: true });
    const created = leasesToCreate(twice, [lease(1, '5'), lease(3, '7'), lease(4), lease(5)], STREAM, 'TRIM_HORIZON');
    expect(created).toEqual([]);
  });
});

describe('removing leases', () => {
  test('a lease whose shard left the stream is removed', () => {
    expect(leasesToDelete([shard(1)], [lease(0, '5'), lease(1, '9')], false).map((l) => l.leaseKey)).toEqual([id(0)]);
  });

  test('a finished lease goes once every child has checkpointed a record (with cleanupLeasesUponShardCompletion)', () => {
    const parent = lease(0, 'SHARD_END', [2, 3]);
    expect(leasesToDelete(SPLIT, [parent, lease(1), lease(2, '11'), lease(3, 'TRIM_HORIZON')], true)).toEqual([]);
    expect(leasesToDelete(SPLIT, [parent, lease(1), lease(2, '11'), lease(3, 'SHARD_END')], true)).toEqual([parent]);
    expect(leasesToDelete(SPLIT, [parent, lease(1), lease(2, '11'), lease(3, '12')], false)).toEqual([]);
  });
});
