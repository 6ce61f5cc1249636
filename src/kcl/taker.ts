/**
 * Which leases a worker should take, as the KCL's lease taker decides it.
 *
 * Only unfinished leases count (a lease at SHARD_END needs no reader). The workers are the
 * owners of unexpired leases, plus the deciding worker. Each worker's target is
 * ceil(leases / workers) (1 when there are at least as many workers as leases), capped by
 * maxLeasesForWorker. A worker below target takes expired or unowned leases first; only when
 * none are left does it steal, from the most loaded worker and only while that worker holds
 * at least the target: min(needed, its excess) leases, 1 if it holds exactly the target and
 * more than one is needed, never more than maxLeasesToStealAtOneTime at once.
 */
import { isExpired, isFinished, type Lease } from './leases.js';

export interface TakerOptions {
  workerId: string;
  now: number;
  failoverTimeMillis: number;
  maxLeasesForWorker: number;
  maxLeasesToStealAtOneTime: number;
  /** a number in [0, 1); shuffles candidates so that workers do not all go for the same leases */
  random?: () => number;
}

export interface TakeDecision {
  target: number;
  /** expired or unowned leases to take */
  take: Lease[];
  /** leases of the most loaded worker to steal */
  steal: Lease[];
  /** unexpired leases per worker, the deciding worker included */
  counts: Map<string, number>;
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function leaseCounts(leases: Lease[], workerId: string, now: number, failoverTimeMillis: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const l of leases) {
    if (isExpired(l, now, failoverTimeMillis)) continue;
    counts.set(l.leaseOwner!, (counts.get(l.leaseOwner!) ?? 0) + 1);
  }
  if (!counts.has(workerId)) counts.set(workerId, 0);
  return counts;
}

export function targetFor(numLeases: number, numWorkers: number, maxLeasesForWorker: number): number {
  if (numLeases === 0) return 0;
  if (numWorkers >= numLeases) return 1;
  return Math.min(Math.ceil(numLeases / numWorkers), maxLeasesForWorker);
}

export function chooseLeasesToTake(all: Lease[], opts: TakerOptions): TakeDecision {
  const random = opts.random ?? Math.random;
  const leases = all.filter((l) => !isFinished(l));
  const counts = leaseCounts(leases, opts.workerId, opts.now, opts.failoverTimeMillis);
  const target = targetFor(leases.length, counts.size, opts.maxLeasesForWorker);
  const needed = target - counts.get(opts.workerId)!;
  const decision: TakeDecision = { target, take: [], steal: [], counts };
  if (needed <= 0) return decision;
  const available = leases.filter((l) => isExpired(l, opts.now, opts.failoverTimeMillis));
  if (available.length > 0) {
    decision.take = shuffled(available, random).slice(0, needed);
    return decision;
  }
  decision.steal = chooseLeasesToSteal(leases, counts, needed, target, opts, random);
  return decision;
}

function chooseLeasesToSteal(
  leases: Lease[],
  counts: Map<string, number>,
  needed: number,
  target: number,
  opts: TakerOptions,
  random: () => number,
): Lease[] {
  let mostLoaded: [string, number] | undefined;
  for (const entry of counts) {
    if (entry[0] !== opts.workerId && (!mostLoaded || entry[1] > mostLoaded[1])) mostLoaded = entry;
  }
  if (!mostLoaded) return [];
  const [victim, held] = mostLoaded;
  if (held < target) return [];
  let n = Math.min(needed, held - target);
  if (n === 0 && needed > 1) n = 1;
  n = Math.min(n, opts.maxLeasesToStealAtOneTime);
  if (n <= 0) return [];
  return shuffled(
    leases.filter((l) => l.leaseOwner === victim),
    random,
  ).slice(0, n);
}
