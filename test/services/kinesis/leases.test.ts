import { afterEach, describe, expect, it } from 'vitest';
import {
  checkpointLease,
  createLeaseIfNotExists,
  deleteLease,
  evictLease,
  getLease,
  listLeases,
  renewLease,
  takeLease,
} from '../../../src/services/kinesis/leases.js';
import { T0, testEnv, type Env } from './helpers.js';

let env: Env;
afterEach(() => env?.cleanup());

const APP = 'trucks-app';

describe('the KCL lease table', () => {
  it('creates leases once, with lineage, unowned at a sentinel checkpoint', () => {
    env = testEnv();
    expect(createLeaseIfNotExists(env.ctx, { application: APP, leaseKey: 'shardId-000000000002', stream: 's', checkpoint: 'TRIM_HORIZON', parentShardIds: ['shardId-000000000000'], startingHashKey: '0', endingHashKey: '10' })).toBe(true);
    expect(createLeaseIfNotExists(env.ctx, { application: APP, leaseKey: 'shardId-000000000002', stream: 's', checkpoint: 'LATEST' })).toBe(false);
    expect(getLease(env.ctx, APP, 'shardId-000000000002')).toEqual({
      application: APP,
      leaseKey: 'shardId-000000000002',
      stream: 's',
      leaseOwner: null,
      leaseCounter: 0,
      checkpoint: 'TRIM_HORIZON',
      checkpointSubSequenceNumber: 0,
      pendingCheckpoint: null,
      pendingCheckpointSubSequenceNumber: null,
      ownerSwitchesSinceCheckpoint: 0,
      parentShardIds: ['shardId-000000000000'],
      childShardIds: [],
      startingHashKey: '0',
      endingHashKey: '10',
      lastRenewal: null,
    });
    expect(listLeases(env.ctx, 'other-app')).toEqual([]);
  });

  it('conditions every write on the counter (and the owner where the KCL does)', () => {
    env = testEnv();
    createLeaseIfNotExists(env.ctx, { application: APP, leaseKey: 'shardId-000000000000', stream: 's', checkpoint: 'TRIM_HORIZON' });
    const taken = takeLease(env.ctx, APP, 'shardId-000000000000', 'worker-a', 0)!;
    expect(taken).toMatchObject({ leaseOwner: 'worker-a', leaseCounter: 1, ownerSwitchesSinceCheckpoint: 1, lastRenewal: T0 });
    expect(takeLease(env.ctx, APP, 'shardId-000000000000', 'worker-b', 0)).toBeUndefined(); // stale counter
    expect(renewLease(env.ctx, APP, 'shardId-000000000000', 'worker-b', 1)).toBeUndefined(); // not the owner
    env.advance(3000);
    expect(renewLease(env.ctx, APP, 'shardId-000000000000', 'worker-a', 1)).toMatchObject({ leaseCounter: 2, lastRenewal: T0 + 3000 });
    expect(checkpointLease(env.ctx, APP, 'shardId-000000000000', 'worker-a', 1, { checkpoint: '4960' })).toBeUndefined();
    expect(checkpointLease(env.ctx, APP, 'shardId-000000000000', 'worker-a', 2, { checkpoint: '4960', subSequenceNumber: 3 })).toMatchObject({
      checkpoint: '4960',
      checkpointSubSequenceNumber: 3,
      ownerSwitchesSinceCheckpoint: 0,
      leaseCounter: 2,
    });
    const stolen = takeLease(env.ctx, APP, 'shardId-000000000000', 'worker-b', 2)!;
    expect(stolen).toMatchObject({ leaseOwner: 'worker-b', leaseCounter: 3, ownerSwitchesSinceCheckpoint: 1 });
    expect(evictLease(env.ctx, APP, 'shardId-000000000000', 'worker-a', 3)).toBeUndefined();
    expect(evictLease(env.ctx, APP, 'shardId-000000000000', 'worker-b', 3)).toMatchObject({ leaseOwner: null, leaseCounter: 4 });
    expect(checkpointLease(env.ctx, APP, 'shardId-000000000000', 'worker-b', 4, { checkpoint: 'SHARD_END' })).toBeUndefined();
    expect(deleteLease(env.ctx, APP, 'shardId-000000000000', 3)).toBe(false);
    expect(deleteLease(env.ctx, APP, 'shardId-000000000000', 4)).toBe(true);
    expect(listLeases(env.ctx, APP)).toEqual([]);
  });
});
