/**
 * `awsmsg sns explain-filter` against a remote endpoint: the topic's subscriptions and their
 * filter policies read through SNS's own operations (ListSubscriptionsByTopic,
 * GetSubscriptionAttributes), then judged by awsmsg's filter-policy engine, as the local
 * command judges them. Nothing is published. What AWS itself would decide is AWS's; the
 * engine follows its documented rules.
 */
import { callOperation } from '../core/call.js';
import type { Ctx } from '../core/context.js';
import { AwsError } from '../core/errors.js';
import { platformOfEndpointArn } from '../services/sns/delivery.js';
import { judgeSubscription, type SubscriptionExplanation, type ExplainInput } from '../services/sns/explain.js';
import { parseMessageStructure, validateMessageAttributes } from '../services/sns/messages.js';

type Rec = Record<string, unknown>;

export async function explainRemote(ctx: Ctx, input: ExplainInput): Promise<{ TopicArn: string; Subscriptions: SubscriptionExplanation[] }> {
  const attributes = validateMessageAttributes(input.MessageAttributes);
  const structured = input.MessageStructure === 'json' ? parseMessageStructure(input.Message, true) : undefined;
  // the topic must exist, as for a publish
  await callOperation(ctx, 'sns', 'GetTopicAttributes', { TopicArn: input.TopicArn });
  const subs: Rec[] = [];
  let token: string | undefined;
  do {
    const page = await callOperation(ctx, 'sns', 'ListSubscriptionsByTopic', { TopicArn: input.TopicArn, ...(token ? { NextToken: token } : {}) });
    subs.push(...((page.Subscriptions as Rec[] | undefined) ?? []));
    token = page.NextToken as string | undefined;
  } while (token);
  const out: SubscriptionExplanation[] = [];
  for (const sub of subs) {
    const arn = String(sub.SubscriptionArn);
    const protocol = String(sub.Protocol);
    const e: SubscriptionExplanation = { SubscriptionArn: arn, Protocol: protocol, Endpoint: String(sub.Endpoint), Matched: true, Reasons: [] };
    const pending = !arn.startsWith('arn:');
    let attrs: Record<string, string> = {};
    if (!pending) {
      try {
        attrs = ((await callOperation(ctx, 'sns', 'GetSubscriptionAttributes', { SubscriptionArn: arn })).Attributes ?? {}) as Record<string, string>;
      } catch (err) {
        if (!(err instanceof AwsError)) throw err; // deleted meanwhile: judged without a policy
      }
    }
    const key = protocol === 'application' ? (platformOfEndpointArn(e.Endpoint) ?? 'default') : protocol;
    const body = structured ? (structured[key] ?? structured.default ?? '') : input.Message;
    judgeSubscription(e, { pending, policy: attrs.FilterPolicy, scope: attrs.FilterPolicyScope, attributes, body });
    out.push(e);
  }
  return { TopicArn: input.TopicArn, Subscriptions: out };
}
