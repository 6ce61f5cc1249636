/**
 * For one message, which of a topic's subscriptions would receive it and why the others
 * would not (the CLI's explanation command). Nothing is published.
 */
import type { Ctx } from '../../core/context.js';
import { AwsError } from '../../core/errors.js';
import { contentFor, structureKey, type PublishedMessage } from './delivery.js';
import { compileSubscriptionFilter, filterExplain, type FilterScope } from './filtering.js';
import { parseMessageStructure, validateMessageAttributes, type MessageAttributeValue } from './messages.js';
import { getTopic, topicSubscriptions } from './records.js';

export interface ExplainInput {
  TopicArn: string;
  Message: string;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  MessageStructure?: string;
}

export interface SubscriptionExplanation {
  SubscriptionArn: string;
  Protocol: string;
  Endpoint: string;
  /** whether the message would be delivered to this subscription */
  Matched: boolean;
  /** why not (empty when matched): pending confirmation, or the filter policy's reasons */
  Reasons: string[];
  FilterPolicy?: string;
  FilterPolicyScope?: string;
}

/**
 * Judges one subscription for the message: pending confirmation, or what its filter policy
 * says (a policy that fails to compile is a reason too). Fills e's policy, Matched and Reasons.
 */
export function judgeSubscription(
  e: SubscriptionExplanation,
  sub: { pending: boolean; policy?: string; scope?: string; attributes: ReturnType<typeof validateMessageAttributes>; body: string },
): void {
  const scope = (sub.scope ?? 'MessageAttributes') as FilterScope;
  if (sub.policy) {
    e.FilterPolicy = sub.policy;
    e.FilterPolicyScope = scope;
  }
  if (sub.pending) {
    e.Matched = false;
    e.Reasons.push('the subscription is pending confirmation');
  }
  if (!sub.policy) return;
  try {
    const r = filterExplain(compileSubscriptionFilter(sub.policy, scope, false), { attributes: sub.attributes, body: sub.body });
    if (!r.matched) {
      e.Matched = false;
      e.Reasons.push(...r.reasons);
    }
  } catch (err) {
    if (!(err instanceof AwsError)) throw err;
    e.Matched = false;
    e.Reasons.push(err.message);
  }
}

export function explainFilterPolicies(ctx: Ctx, input: ExplainInput): { TopicArn: string; Subscriptions: SubscriptionExplanation[] } {
  const attributes = validateMessageAttributes(input.MessageAttributes);
  const structured = input.MessageStructure === 'json' ? parseMessageStructure(input.Message, true) : undefined;
  const msg = { message: input.Message, structured } as PublishedMessage;
  return ctx.store.read(() => {
    const topic = getTopic(ctx, input.TopicArn);
    const out: SubscriptionExplanation[] = [];
    for (const sub of topicSubscriptions(ctx, topic.arn)) {
      const e: SubscriptionExplanation = {
        SubscriptionArn: sub.arn,
        Protocol: sub.protocol,
        Endpoint: sub.endpoint,
        Matched: true,
        Reasons: [],
      };
      judgeSubscription(e, {
        pending: sub.pending,
        policy: sub.attributes.FilterPolicy,
        scope: sub.attributes.FilterPolicyScope,
        attributes,
        body: contentFor(msg, structureKey(sub)),
      });
      out.push(e);
    }
    return { TopicArn: topic.arn, Subscriptions: out };
  });
}
