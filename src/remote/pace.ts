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

/** A target whose calls wait their turn: each operation at most SHARE of its rate. */
export function pacedTarget(target: RemoteTarget, now: () => number = Date.now): RemoteTarget {
  const next = new Map<string, number>();
  return {
    label: target.label,
    async call(service: ServiceName, operation: string, input: Record<string, unknown>, signal?: AbortSignal): Promise<OperationOutput> {
      const key = `${service}.${operation}`;
      const interval = 1000 / ((CONTROL_PLANE_TPS[key] ?? DEFAULT_TPS) * SHARE);
      const at = Math.max(now(), next.get(key) ?? 0);
      next.set(key, at + interval);
      const wait = at - now();
      if (wait > 0) await sleep(wait, signal);
      return target.call(service, operation, input, signal);
    },
  };
}
