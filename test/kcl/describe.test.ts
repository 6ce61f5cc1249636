import { afterEach, expect, test } from 'vitest';
import { describeLeases } from '../../src/kcl/describe.js';
import { LeaseTable } from '../../src/kcl/leases.js';
import { esn } from '../../src/kcl/sequence.js';
import { call, createActive, testEnv, type Env } from '../services/kinesis/helpers.js';
import { putRecords } from './helpers.js';
import { setThroughputEnforcement } from '../../src/services/kinesis/index.js';

let env: Env;
afterEach(() => env?.cleanup());

function lease(table: LeaseTable, key: string, checkpoint: string): void {
  const created = call(env, 'DescribeStreamSummary', { StreamName: 's' }).StreamDescriptionSummary.StreamCreationTimestamp.getTime();
  table.create({
    leaseKey: key,
    streamName: 's',
    streamCreatedAt: created,
    checkpoint: esn(checkpoint),
    parentShardIds: [],
    hashKeyRange: { startingHashKey: '0', endingHashKey: '1' },
  });
}

test('lag in records and in milliseconds (the age of the oldest record not checkpointed)', () => {
  env = testEnv();
  createActive(env, 's', 1);
  setThroughputEnforcement(env.ctx, false);
  const put = putRecords(env.ctx, 's', [{ data: 'a' }, { data: 'b' }]);
  env.advance(3000);
  putRecords(env.ctx, 's', [{ data: 'c' }]);
  env.advance(500);
  const table = new LeaseTable(env.ctx, 'app');
  lease(table, 'shardId-000000000000', 'TRIM_HORIZON');
  expect(describeLeases(env.ctx, { applicationName: 'app' }).Leases[0]).toMatchObject({ LagRecords: 3, LagMillis: 3500 });
  const l = table.take(table.get('shardId-000000000000')!, 'w1')!;
  table.checkpoint(l, 'w1', esn(put[1]!.sequenceNumber));
  expect(describeLeases(env.ctx, { applicationName: 'app' }).Leases[0]).toMatchObject({ LagRecords: 1, LagMillis: 500 });
});

test('lease states: UNASSIGNED, HELD, EXPIRED on the clock, FINISHED; LATEST has no lag yet', () => {
  env = testEnv();
  createActive(env, 's', 1);
  const table = new LeaseTable(env.ctx, 'app');
  lease(table, 'shardId-000000000000', 'LATEST');
  lease(table, 'shardId-000000000001', 'SHARD_END');
  const view = () => describeLeases(env.ctx, { applicationName: 'app', failoverTimeMillis: 10_000 }).Leases;
  expect(view().map((l) => l.LeaseState)).toEqual(['UNASSIGNED', 'FINISHED']);
  expect(view()[0]).not.toHaveProperty('LagRecords');
  expect(view()[0]).not.toHaveProperty('LeaseOwner');
  expect(view()[1]).toMatchObject({ LagRecords: 0, LagMillis: 0 });
  table.take(table.get('shardId-000000000000')!, 'w1');
  expect(view()[0]).toMatchObject({ LeaseOwner: 'w1', LeaseState: 'HELD', LeaseCounter: 1 });
  env.advance(10_001);
  expect(view()[0]!.LeaseState).toBe('EXPIRED');
  expect(describeLeases(env.ctx, { applicationName: 'app', failoverTimeMillis: 20_000 }).Leases[0]!.LeaseState).toBe('HELD');
});

test('an application without leases, and filtering by stream', () => {
  env = testEnv();
  expect(describeLeases(env.ctx, { applicationName: 'none' })).toEqual({ ApplicationName: 'none', Leases: [] });
  createActive(env, 's', 1);
  lease(new LeaseTable(env.ctx, 'app'), 'shardId-000000000000', 'TRIM_HORIZON');
  expect(describeLeases(env.ctx, { applicationName: 'app', streamName: 'other' })).toEqual({ ApplicationName: 'app', StreamName: 'other', Leases: [] });
});
