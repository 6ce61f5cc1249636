/** Topics and subscriptions as stored in the state file, and AWS's lookups of them. */
import type { Ctx } from '../../core/context.js';
import { requireArn } from './arn.js';
import { invalidParameter, notFound, topicNotFound } from './errors.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface TopicRecord {
  arn: string;
  region: string;
  account: string;
  name: string;
  fifo: boolean;
  /** attributes set by the user, in the order they were first set */
  attributes: Record<string, string>;
  tags: Tag[];
  dataProtectionPolicy: string | null;
  lastSequence: string | null;
  createdAt: number;
}

export interface SubscriptionRecord {
  seq: number;
  arn: string;
  topicArn: string;
  region: string;
  owner: string;
  protocol: string;
  endpoint: string;
  pending: boolean;
  authenticated: boolean;
  attributes: Record<string, string>;
  createdAt: number;
}

interface TopicRow {
  arn: string;
  region: string;
  account: string;
  name: string;
  fifo: number;
  attributes: string;
  tags: string;
  data_protection_policy: string | null;
  last_sequence: string | null;
  created_at: number;
}

export interface SubscriptionRow {
  seq: number;
  arn: string;
  topic_arn: string;
  region: string;
  owner: string;
  protocol: string;
  endpoint: string;
  pending: number;
  authenticated: number;
  attributes: string;
  created_at: number;
}

const toTopic = (r: TopicRow): TopicRecord => ({
  arn: r.arn,
  region: r.region,
  account: r.account,
  name: r.name,
  fifo: r.fifo === 1,
  attributes: JSON.parse(r.attributes) as Record<string, string>,
  tags: JSON.parse(r.tags) as Tag[],
  dataProtectionPolicy: r.data_protection_policy,
  lastSequence: r.last_sequence,
  createdAt: r.created_at,
});

export const toSubscription = (r: SubscriptionRow): SubscriptionRecord => ({
  seq: r.seq,
  arn: r.arn,
  topicArn: r.topic_arn,
  region: r.region,
  owner: r.owner,
  protocol: r.protocol,
  endpoint: r.endpoint,
  pending: r.pending === 1,
  authenticated: r.authenticated === 1,
  attributes: JSON.parse(r.attributes) as Record<string, string>,
  createdAt: r.created_at,
});

export function findTopic(ctx: Ctx, arn: string): TopicRecord | undefined {
  const row = ctx.store.stmt<[string], TopicRow>('SELECT * FROM sns_topics WHERE arn = ?').get(arn);
  return row && toTopic(row);
}

/**
 * A topic named by an ARN parameter: malformed ARN, then another region ("Invalid parameter:
 * TopicArn"), then "Topic does not exist", in AWS's order.
 */
export function getTopic(ctx: Ctx, arn: string | undefined, param = 'TopicArn'): TopicRecord {
  const parsed = requireArn(arn, param);
  if (parsed.region !== ctx.region) throw invalidParameter(param);
  const topic = findTopic(ctx, arn!);
  if (!topic) throw topicNotFound();
  return topic;
}

export function insertTopic(ctx: Ctx, t: TopicRecord): void {
  ctx.store
    .stmt(
      `INSERT INTO sns_topics (arn, region, account, name, fifo, attributes, tags, data_protection_policy, last_sequence, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      t.arn,
      t.region,
      t.account,
      t.name,
      t.fifo ? 1 : 0,
      JSON.stringify(t.attributes),
      JSON.stringify(t.tags),
      t.dataProtectionPolicy,
      t.lastSequence,
      t.createdAt,
    );
}

export function saveTopicAttributes(ctx: Ctx, arn: string, attributes: Record<string, string>): void {
  ctx.store.stmt('UPDATE sns_topics SET attributes = ? WHERE arn = ?').run(JSON.stringify(attributes), arn);
}

export function saveTopicTags(ctx: Ctx, arn: string, tags: Tag[]): void {
  ctx.store.stmt('UPDATE sns_topics SET tags = ? WHERE arn = ?').run(JSON.stringify(tags), arn);
}

export function findSubscription(ctx: Ctx, arn: string): SubscriptionRecord | undefined {
  const row = ctx.store.stmt<[string], SubscriptionRow>('SELECT * FROM sns_subscriptions WHERE arn = ?').get(arn);
  return row && toSubscription(row);
}

/** A subscription named by SubscriptionArn for Get/SetSubscriptionAttributes. */
export function getSubscription(ctx: Ctx, arn: string | undefined): SubscriptionRecord {
  const sub = arn ? findSubscription(ctx, arn) : undefined;
  if (!sub || sub.region !== ctx.region) throw notFound('Subscription does not exist');
  return sub;
}

export function topicSubscriptions(ctx: Ctx, topicArn: string): SubscriptionRecord[] {
  return ctx.store
    .stmt<[string], SubscriptionRow>('SELECT * FROM sns_subscriptions WHERE topic_arn = ? ORDER BY seq')
    .all(topicArn)
    .map(toSubscription);
}

export function insertSubscription(ctx: Ctx, s: Omit<SubscriptionRecord, 'seq'>): void {
  ctx.store
    .stmt(
      `INSERT INTO sns_subscriptions (arn, topic_arn, region, owner, protocol, endpoint, pending, authenticated, attributes, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      s.arn,
      s.topicArn,
      s.region,
      s.owner,
      s.protocol,
      s.endpoint,
      s.pending ? 1 : 0,
      s.authenticated ? 1 : 0,
      JSON.stringify(s.attributes),
      s.createdAt,
    );
}

export function saveSubscriptionAttributes(ctx: Ctx, arn: string, attributes: Record<string, string>): void {
  ctx.store.stmt('UPDATE sns_subscriptions SET attributes = ? WHERE arn = ?').run(JSON.stringify(attributes), arn);
}

export function deleteSubscriptionRow(ctx: Ctx, arn: string): void {
  ctx.store.stmt('DELETE FROM sns_subscriptions WHERE arn = ?').run(arn);
  ctx.store.stmt("DELETE FROM sns_tokens WHERE subscription_arn = ? AND kind = 'subscribe'").run(arn);
  // deliveries still waiting for this endpoint stop: AWS does not deliver to a deleted subscription
  ctx.store
    .stmt(
      "UPDATE sns_outbox SET status = 'cancelled', claim_token = NULL, next_attempt_at = NULL WHERE subscription_arn = ? AND status = 'pending' AND type = 'Notification'",
    )
    .run(arn);
}

export const boolString = (b: boolean): string => (b ? 'true' : 'false');
