/**
 * Pacing for awsmsg's own polling of a remote target (`status --watch`, the shell's
 * completion): each control-plane operation kept to half of the rate AWS documents for it,
 * so that watching never throttles the account's own applications. A user's commands are not
 * paced; they get the AWS CLI's retries instead.
 */
import type { OperationOutput } from '../core/call.js';
import type { RemoteTarget } from '../core/context.js';
import { sleep } from '../core/sleep.js';
import type { ServiceName } from '../model/types.js';

/** Calls per second AWS allows (per account and region unless noted), from each API's reference. */
export const CONTROL_PLANE_TPS: Readonly<Record<string, number>> = {
  'kinesis.ListStreams': 5,
  'kinesis.DescribeStreamSummary': 20,
  'kinesis.DescribeStream': 10,
  'kinesis.ListStreamConsumers': 5, // per stream
  'kinesis.ListShards': 1000, // per stream
  'sns.ListTopics': 30,
  'sns.ListSubscriptions': 30,
  'sns.ListSubscriptionsByTopic': 30,
  'sns.GetTopicAttributes': 30,
  'sns.GetSubscriptionAttributes': 30,
};
/** SQS documents no such limits for its queue APIs: a courtesy rate all the same. */
const DEFAULT_TPS = 50;
/** the share of AWS's rate awsmsg takes for itself */
const SHARE = 0.5;

/** When each operation may next be called: a slot every 1 / (SHARE × rate) seconds. */
export class Pacer {
  private readonly next = new Map<string, number>();

  /** How long a call of `key` made at `now` waits for its slot (and takes it). */
  delayFor(key: string, now: number): number {
    const interval = 1000 / ((CONTROL_PLANE_TPS[key] ?? DEFAULT_TPS) * SHARE);
    const at = Math.max(now, this.next.get(key) ?? 0);
    this.next.set(key, at + interval);
    return at - now;
  }
}

/** A target whose calls wait their turn: each operation at most SHARE of its rate. */
export function pacedTarget(target: RemoteTarget, now: () => number = Date.now): RemoteTarget {
  const pacer = new Pacer();
  return {
    label: target.label,
    async call(service: ServiceName, operation: string, input: Record<string, unknown>, signal?: AbortSignal): Promise<OperationOutput> {
      const wait = pacer.delayFor(`${service}.${operation}`, now());
      if (wait > 0) await sleep(wait, signal);
      return target.call(service, operation, input, signal);
    },
  };
}

/**
 * How often a remote target is looked at: every 5 s at the quickest, never more often than
 * twice the time a refresh takes (the calls themselves are paced), doubling up to a minute
 * after a throttling error and coming back down after each good refresh.
 */
export class RemotePace {
  static readonly MIN_MS = 5_000;
  static readonly MAX_MS = 60_000;
  intervalMs = RemotePace.MIN_MS;
  private backoffMs = 0;

  refreshed(tookMs: number): void {
    this.backoffMs = Math.floor(this.backoffMs / 2);
    this.intervalMs = Math.min(RemotePace.MAX_MS, Math.max(RemotePace.MIN_MS, 2 * tookMs, this.backoffMs));
  }

  throttled(): void {
    this.backoffMs = Math.min(RemotePace.MAX_MS, Math.max(RemotePace.MIN_MS, this.backoffMs) * 2);
    this.intervalMs = this.backoffMs;
  }
}
