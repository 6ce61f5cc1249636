/**
 * The outbox: every message SNS sent somewhere other than an SQS queue of this file (e-mail,
 * SMS, mobile push, Lambda, Firehose: recorded; HTTP/S: delivered after the publishing
 * transaction, with the retry state), and SQS deliveries that failed. The CLI lists and shows
 * entries with `listOutbox` / `getOutboxEntry`.
 */
import type { Ctx } from '../../core/context.js';

export type OutboxStatus = 'recorded' | 'pending' | 'delivered' | 'failed' | 'dead-lettered' | 'cancelled';
export type OutboxType = 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';

export interface OutboxRecord {
  protocol: string;
  endpoint: string;
  topicArn?: string;
  subscriptionArn?: string;
  messageId: string;
  type: OutboxType;
  subject?: string;
  body: string;
  headers?: Record<string, string>;
  /** attributes kept for a dead-letter queue (raw delivery) or shown for SMS/push */
  messageAttributes?: unknown;
  status: OutboxStatus;
  nextAttemptAt?: number;
  lastError?: string;
}

/** An outbox entry as the CLI shows it (AWS-style member names). */
export interface OutboxEntry {
  Id: number;
  Timestamp: string;
  Region: string;
  Protocol: string;
  Endpoint: string;
  TopicArn?: string;
  SubscriptionArn?: string;
  MessageId: string;
  Type: OutboxType;
  Subject?: string;
  Body: string;
  Headers?: Record<string, string>;
  MessageAttributes?: unknown;
  Status: OutboxStatus;
  Attempts: number;
  NextAttemptAt?: string;
  LastStatusCode?: number;
  LastError?: string;
  CompletedAt?: string;
}

export interface OutboxFilter {
  protocol?: string;
  endpoint?: string;
  topicArn?: string;
  subscriptionArn?: string;
  messageId?: string;
  status?: OutboxStatus;
  /** entries after this id (for paging) */
  afterId?: number;
  /** at most this many entries (default 100) */
  limit?: number;
  /** every region of the file, not only the context's */
  allRegions?: boolean;
}

export function recordOutbox(ctx: Ctx, r: OutboxRecord): number {
  const now = ctx.store.clock.now();
  const info = ctx.store
    .stmt(
      `INSERT INTO sns_outbox (created_at, region, protocol, endpoint, topic_arn, subscription_arn, message_id, type, subject, body,
         headers, message_attributes, status, next_attempt_at, last_error, completed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      now,
      ctx.region,
      r.protocol,
      r.endpoint,
      r.topicArn ?? null,
      r.subscriptionArn ?? null,
      r.messageId,
      r.type,
      r.subject ?? null,
      r.body,
      r.headers ? JSON.stringify(r.headers) : null,
      r.messageAttributes === undefined ? null : JSON.stringify(r.messageAttributes),
      r.status,
      r.nextAttemptAt ?? null,
      r.lastError ?? null,
      r.status === 'pending' ? null : now,
    );
  return Number(info.lastInsertRowid);
}

interface OutboxRow {
  id: number;
  created_at: number;
  region: string;
  protocol: string;
  endpoint: string;
  topic_arn: string | null;
  subscription_arn: string | null;
  message_id: string;
  type: OutboxType;
  subject: string | null;
  body: string;
  headers: string | null;
  message_attributes: string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number | null;
  last_status_code: number | null;
  last_error: string | null;
  completed_at: number | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function toEntry(r: OutboxRow): OutboxEntry {
  const e: OutboxEntry = {
    Id: r.id,
    Timestamp: iso(r.created_at),
    Region: r.region,
    Protocol: r.protocol,
    Endpoint: r.endpoint,
    MessageId: r.message_id,
    Type: r.type,
    Body: r.body,
    Status: r.status,
    Attempts: r.attempts,
  };
  if (r.topic_arn !== null) e.TopicArn = r.topic_arn;
  if (r.subscription_arn !== null) e.SubscriptionArn = r.subscription_arn;
  if (r.subject !== null) e.Subject = r.subject;
  if (r.headers !== null) e.Headers = JSON.parse(r.headers) as Record<string, string>;
  if (r.message_attributes !== null) e.MessageAttributes = JSON.parse(r.message_attributes);
  if (r.next_attempt_at !== null && r.status === 'pending') e.NextAttemptAt = iso(r.next_attempt_at);
  if (r.last_status_code !== null) e.LastStatusCode = r.last_status_code;
  if (r.last_error !== null) e.LastError = r.last_error;
  if (r.completed_at !== null) e.CompletedAt = iso(r.completed_at);
  return e;
}

/** Outbox entries, oldest first. */
export function listOutbox(ctx: Ctx, filter: OutboxFilter = {}): OutboxEntry[] {
  const where: string[] = ['id > ?'];
  const params: unknown[] = [filter.afterId ?? 0];
  if (!filter.allRegions) {
    where.push('region = ?');
    params.push(ctx.region);
  }
  const eq: [keyof OutboxFilter, string][] = [
    ['protocol', 'protocol'],
    ['endpoint', 'endpoint'],
    ['topicArn', 'topic_arn'],
    ['subscriptionArn', 'subscription_arn'],
    ['messageId', 'message_id'],
    ['status', 'status'],
  ];
  for (const [k, col] of eq) {
    if (filter[k] !== undefined) {
      where.push(`${col} = ?`);
      params.push(filter[k]);
    }
  }
  params.push(filter.limit ?? 100);
  const rows = ctx.store.db
    .prepare(`SELECT * FROM sns_outbox WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`)
    .all(...params) as OutboxRow[];
  return rows.map(toEntry);
}

export function getOutboxEntry(ctx: Ctx, id: number): OutboxEntry | undefined {
  const row = ctx.store.stmt<[number], OutboxRow>('SELECT * FROM sns_outbox WHERE id = ?').get(id);
  return row && toEntry(row);
}

/** Deletes finished entries (everything but pending HTTP deliveries); returns how many. */
export function clearOutbox(ctx: Ctx, filter: Pick<OutboxFilter, 'protocol' | 'endpoint' | 'allRegions'> = {}): number {
  const where = ["status != 'pending'"];
  const params: unknown[] = [];
  if (!filter.allRegions) {
    where.push('region = ?');
    params.push(ctx.region);
  }
  if (filter.protocol) {
    where.push('protocol = ?');
    params.push(filter.protocol);
  }
  if (filter.endpoint) {
    where.push('endpoint = ?');
    params.push(filter.endpoint);
  }
  return ctx.store.write(() => ctx.store.db.prepare(`DELETE FROM sns_outbox WHERE ${where.join(' AND ')}`).run(...params).changes);
}
