import { afterEach, describe, expect, test } from 'vitest';
import { isExpired, isFinished, LeaseTable, type Lease, type NewLease } from '../../src/kcl/leases.js';
import { esn } from '../../src/kcl/sequence.js';
import { chooseLeasesToTake, targetFor } from '../../src/kcl/taker.js';
import { testEnv, type Env } from '../services/kinesis/helpers.js';

let env: Env;
afterEach(() => env?.cleanup());

const newLease = (key: string, parents: string[] = []): NewLease => ({
  leaseKey: key,
  streamName: 's',
  streamCreatedAt: 1,
  checkpoint: esn('TRIM_HORIZON'),
  parentShardIds: parents,
  hashKeyRange: { startingHashKey: '0', endingHashKey: '9' },
});

function tableWith(...keys: string[]): LeaseTable {
  env = testEnv();
  const t = new LeaseTable(env.ctx, 'app');
  for (const k of keys) t.create(newLease(k));
  return t;
}

describe('conditional writes', () => {
  test('a lease is created once; a second create of the same key changes nothing', () => {
    const t = tableWith();
    expect(t.create(newLease('shardId-000000000000'))).toBe(true);
    expect(t.create({ ...newLease('shardId-000000000000'), checkpoint: esn('LATEST') })).toBe(false);
    const l = t.get('shardId-000000000000')!;
    expect(l).toMatchObject({ leaseOwner: null, leaseCounter: 0, checkpoint: esn('TRIM_HORIZON'), ownerSwitchesSinceCheckpoint: 0 });
  });

  test('take, renew and checkpoint each increment the counter; a stale copy is refused', () => {
    const t = tableWith('a');
    const seen = t.get('a')!;
    const mine = t.take(seen, 'w1')!;
    expect(mine).toMatchObject({ leaseOwner: 'w1', leaseCounter: 1 });
    // another worker read the lease before w1 took it: its take must fail
    expect(t.take(seen, 'w2')).toBeUndefined();
    const renewed = t.renew(mine, 'w1')!;
    expect(renewed.leaseCounter).toBe(2);
    expect(t.renew(mine, 'w1')).toBeUndefined(); // counter 1 is gone
    const cp = t.checkpoint(renewed, 'w1', esn('4960', 0))!;
    expect(cp.leaseCounter).toBe(3);
    expect(t.get('a')).toMatchObject({ leaseOwner: 'w1', leaseCounter: 3, checkpoint: esn('4960', 0) });
  });

  test('checkpoint and renew require the owner as well as the counter', () => {
    const t = tableWith('a');
    const mine = t.take(t.get('a')!, 'w1')!;
    expect(t.checkpoint(mine, 'w2', esn('1'))).toBeUndefined();
    expect(t.renew(mine, 'w2')).toBeUndefined();
    expect(t.get('a')!.leaseCounter).toBe(1);
  });

  test('stealing counts an owner switch, which a checkpoint resets; taking an unowned lease does not', () => {
    const t = tableWith('a');
    const byW1 = t.take(t.get('a')!, 'w1')!;
    expect(byW1.ownerSwitchesSinceCheckpoint).toBe(0);
    const byW2 = t.take(byW1, 'w2')!;
    expect(byW2).toMatchObject({ leaseOwner: 'w2', ownerSwitchesSinceCheckpoint: 1 });
    expect(t.get('a')!.ownerSwitchesSinceCheckpoint).toBe(1);
    t.checkpoint(byW2, 'w2', esn('7'));
    expect(t.get('a')!.ownerSwitchesSinceCheckpoint).toBe(0);
  });

  test('evict leaves the lease unowned for anyone to take; delete needs the counter too', () => {
    const t = tableWith('a');
    const mine = t.take(t.get('a')!, 'w1')!;
    const evicted = t.evict(mine, 'w1')!;
    expect(t.get('a')).toMatchObject({ leaseOwner: null, leaseCounter: 2 });
    expect(t.delete(mine)).toBe(false);
    expect(t.delete(evicted)).toBe(true);
    expect(t.get('a')).toBeUndefined();
  });

  test('leases are scoped by account, region and application', () => {
    const t = tableWith('a');
    expect(new LeaseTable(env.ctx, 'other').list()).toEqual([]);
    expect(new LeaseTable(env.inRegion('eu-west-1'), 'app').list()).toEqual([]);
    expect(t.list().map((l) => l.leaseKey)).toEqual(['a']);
  });
});

describe('expiry on the state file clock', () => {
  test("a lease expires when its counter has not moved for the failover time, judged by the file's clock", () => {
    const t = tableWith('a');
    const mine = t.take(t.get('a')!, 'w1')!;
    expect(isExpired(t.get('a')!, t.now(), 10_000)).toBe(false);
    env.advance(10_000);
    expect(isExpired(t.get('a')!, t.now(), 10_000)).toBe(false);
    env.advance(1);
    expect(isExpired(t.get('a')!, t.now(), 10_000)).toBe(true);
    // a renewal makes it fresh again
    t.renew(mine, 'w1');
    expect(isExpired(t.get('a')!, t.now(), 10_000)).toBe(false);
  });

  test('an unowned lease is always available', () => {
    const t = tableWith('a');
    expect(isExpired(t.get('a')!, t.now(), 10_000)).toBe(true);
  });

  test('a checkpoint counts as a renewal', () => {
    const t = tableWith('a');
    const mine = t.take(t.get('a')!, 'w1')!;
    env.advance(9_000);
    t.checkpoint(mine, 'w1', esn('5'));
    env.advance(9_000);
    expect(isExpired(t.get('a')!, t.now(), 10_000)).toBe(false);
  });
});

describe('the lease taker', () => {
  const NOW = 1_000_000;
  const FAILOVER = 10_000;
  let n = 0;
  const lease = (owner: string | null, opts: { stale?: boolean; finished?: boolean } = {}): Lease => ({
    leaseKey: `shardId-${String(n++).padStart(12, '0')}`,
    streamName: 's',
    streamCreatedAt: 1,
    leaseOwner: owner,
    leaseCounter: 5,
    counterChangedAt: opts.stale ? NOW - FAILOVER - 1 : NOW - 1000,
    checkpoint: esn(opts.finished ? 'SHARD_END' : 'TRIM_HORIZON'),
    pendingCheckpoint: null,
    ownerSwitchesSinceCheckpoint: 0,
    parentShardIds: [],
    childShardIds: [],
    hashKeyRange: { startingHashKey: '0', endingHashKey: '1' },
  });
  const decide = (leases: Lease[], workerId: string, more: { maxLeasesForWorker?: number; maxLeasesToStealAtOneTime?: number } = {}) =>
    chooseLeasesToTake(leases, {
      workerId,
      now: NOW,
      failoverTimeMillis: FAILOVER,
      maxLeasesForWorker: more.maxLeasesForWorker ?? 1000,
      maxLeasesToStealAtOneTime: more.maxLeasesToStealAtOneTime ?? 1,
      random: () => 0.5,
    });

  test('target is ceil(leases / workers), 1 when workers outnumber leases', () => {
    expect(targetFor(4, 2, 100)).toBe(2);
    expect(targetFor(5, 2, 100)).toBe(3);
    expect(targetFor(3, 5, 100)).toBe(1);
    expect(targetFor(8, 1, 3)).toBe(3);
    expect(targetFor(0, 2, 100)).toBe(0);
  });

  test('a lone worker takes every unowned lease', () => {
    const leases = [lease(null), lease(null), lease(null), lease(null)];
    const d = decide(leases, 'A');
    expect(d.target).toBe(4);
    expect(d.take).toHaveLength(4);
    expect(d.steal).toEqual([]);
  });

  test('expired and unowned leases are taken before anything is stolen', () => {
    const leases = [lease('A'), lease('A'), lease('A'), lease('B', { stale: true })];
    const d = decide(leases, 'C');
    // workers: A (3 live) and C; B's only lease is expired, so B does not count
    expect(d.target).toBe(2);
    expect(d.take.map((l) => l.leaseOwner)).toEqual(['B']);
    expect(d.steal).toEqual([]);
  });

  test('a new worker steals one lease at a time from the most loaded worker', () => {
    const leases = [lease('A'), lease('A'), lease('A'), lease('B')];
    const d = decide(leases, 'C');
    expect(d.target).toBe(2);
    expect(d.take).toEqual([]);
    expect(d.steal).toHaveLength(1);
    expect(d.steal[0]!.leaseOwner).toBe('A');
  });

  test('stealing several at once is capped by maxLeasesToStealAtOneTime and the victim keeps its target', () => {
    const leases = Array.from({ length: 8 }, () => lease('A'));
    const d = decide(leases, 'B', { maxLeasesToStealAtOneTime: 10 });
    expect(d.target).toBe(4);
    expect(d.steal).toHaveLength(4);
    expect(decide(leases, 'B', { maxLeasesToStealAtOneTime: 2 }).steal).toHaveLength(2);
  });

  test('no stealing from a worker at its target unless more than one lease is needed', () => {
    // A 2, B 2, C 0: target 2 (4 leases / 3 workers -> 2); C needs 2 and A holds exactly the target: steal 1
    const four = [lease('A'), lease('A'), lease('B'), lease('B')];
    expect(decide(four, 'C').steal).toHaveLength(1);
    // A 2, C 1: target 2 (3 leases / 2 workers); C needs 1 and A holds exactly the target: no steal
    const three = [lease('A'), lease('A'), lease('C')];
    expect(decide(three, 'C').steal).toEqual([]);
  });

  test('a balanced worker takes nothing', () => {
    const leases = [lease('A'), lease('A'), lease('B'), lease('B')];
    const d = decide(leases, 'B');
    expect(d.take).toEqual([]);
    expect(d.steal).toEqual([]);
  });

  test('finished leases (SHARD_END) are neither counted nor taken', () => {
    const leases = [lease(null, { finished: true }), lease('A', { finished: true }), lease(null), lease(null)];
    const d = decide(leases, 'B');
    expect(d.target).toBe(2);
    expect(d.take.every((l) => !isFinished(l))).toBe(true);
    expect(d.take).toHaveLength(2);
  });

  test('maxLeasesForWorker caps the target', () => {
    const leases = Array.from({ length: 6 }, () => lease(null));
    const d = decide(leases, 'A', { maxLeasesForWorker: 2 });
    expect(d.target).toBe(2);
    expect(d.take).toHaveLength(2);
  });
});
