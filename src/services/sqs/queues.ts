/** Queue rows: lookup by URL, name or ARN, and the typed view the operations work with. */
import type { Ctx } from '../../core/context.js';
import type { Store } from '../../store/db.js';
import {
  applyAttributes,
  parseRedriveAllowPolicy,
  parseRedrivePolicy,
  type QueueAttributes,
} from './attributes.js';
import { invalidAttributeValue, invalidValue, missingParameter, queueDoesNotExist } from './errors.js';
import { parseQueueArn, parseQueueUrl, queueArn, queueUrl } from './names.js';

export interface QueueRow {
  id: number;
  region: string;
  account_id: string;
  name: string;
  arn: string;
  fifo: number;
  created_ms: number;
  modified_ms: number;
  attributes: string;
  tags: string;
  visibility_timeout: number;
  delay_seconds: number;
  retention_seconds: number;
  maximum_message_size: number;
  receive_wait_seconds: number;
  content_dedup: number;
  dedup_by_group: number;
  dlq_arn: string | null;
  max_receive_count: number | null;
  last_sequence: string | null;
  purged_ms: number | null;
}

/**
 * A queue's URL: AWS's form, or under `base` (a server's own address, http://127.0.0.1:4566),
 * which is where SDKs send the calls for the queue.
 */
export const queueUrlOf = (q: QueueRow, base?: string): string =>
  base === undefined ? queueUrl({ region: q.region, accountId: q.account_id, name: q.name }) : `${base}/${q.account_id}/${q.name}`;

export function findQueue(store: Store, region: string, accountId: string, name: string): QueueRow | undefined {
  return store
    .stmt<[string, string, string], QueueRow>('SELECT * FROM sqs_queues WHERE region = ? AND account_id = ? AND name = ?')
    .get(region, accountId, name);
}

export function findQueueByArn(store: Store, arn: string): QueueRow | undefined {
  return store.stmt<[string], QueueRow>('SELECT * FROM sqs_queues WHERE arn = ?').get(arn);
}

/** The queue a request's QueueUrl names (in this account), or NonExistentQueue. */
export function requireQueue(ctx: Ctx, url: unknown): QueueRow {
  if (url === undefined || url === null || url === '') throw missingParameter('QueueUrl');
  if (typeof url !== 'string') throw invalidValue(url, 'QueueUrl', 'Must be a string.');
  const { region, name } = parseQueueUrl(url, ctx.region);
  const q = findQueue(ctx.store, region, ctx.accountId, name);
  if (!q) throw queueDoesNotExist();
  return q;
}

export const storedAttributes = (q: QueueRow): QueueAttributes => JSON.parse(q.attributes) as QueueAttributes;

/** The columns derived from a queue's attributes. */
export function attributeColumns(attrs: QueueAttributes): Record<string, number | string | null> {
  const redrive = attrs.RedrivePolicy ? parseRedrivePolicy(attrs.RedrivePolicy) : undefined;
  return {
    visibility_timeout: Number(attrs.VisibilityTimeout),
    delay_seconds: Number(attrs.DelaySeconds),
    retention_seconds: Number(attrs.MessageRetentionPeriod),
    maximum_message_size: Number(attrs.MaximumMessageSize),
    receive_wait_seconds: Number(attrs.ReceiveMessageWaitTimeSeconds),
    content_dedup: attrs.ContentBasedDeduplication === 'true' ? 1 : 0,
    dedup_by_group: attrs.DeduplicationScope === 'messageGroup' ? 1 : 0,
    dlq_arn: redrive?.deadLetterTargetArn ?? null,
    max_receive_count: redrive?.maxReceiveCount ?? null,
  };
}

/**
 * Checks the relations an attribute set has with other queues and within itself: the dead-letter
 * queue exists, is of the same type and lets this queue use it; high-throughput settings agree.
 */
export function checkQueueRelations(
  store: Store,
  self: { region: string; accountId: string; name: string; fifo: boolean },
  attrs: QueueAttributes,
): void {
  if (attrs.FifoThroughputLimit === 'perMessageGroupId' && attrs.DeduplicationScope !== 'messageGroup') {
    throw invalidAttributeValue(
      'FifoThroughputLimit',
      'The perMessageGroupId value is allowed only when the value for DeduplicationScope is messageGroup.',
    );
  }
  if (attrs.RedriveAllowPolicy) parseRedriveAllowPolicy(attrs.RedriveAllowPolicy);
  if (!attrs.RedrivePolicy) return;
  const policy = parseRedrivePolicy(attrs.RedrivePolicy);
  const text = attrs.RedrivePolicy;
  const loc = parseQueueArn(policy.deadLetterTargetArn);
  if (!loc || loc.accountId !== self.accountId || loc.region !== self.region) {
    throw invalidValue(text, 'RedrivePolicy', 'Dead letter target does not exist.');
  }
  const target = findQueue(store, loc.region, loc.accountId, loc.name);
  if (!target || target.arn !== policy.deadLetterTargetArn) {
    throw invalidValue(text, 'RedrivePolicy', 'Dead letter target does not exist.');
  }
  if (Boolean(target.fifo) !== self.fifo) {
    throw invalidValue(
      text,
      'RedrivePolicy',
      self.fifo
        ? 'Dead-letter queue of a FIFO queue must also be a FIFO queue.'
        : 'Dead-letter queue of a standard queue must also be a standard queue.',
    );
  }
  const allow = storedAttributes(target).RedriveAllowPolicy;
  if (allow) {
    const rule = parseRedriveAllowPolicy(allow);
    const selfArn = queueArn(self);
    const permitted =
      rule.redrivePermission === 'allowAll' ||
      (rule.redrivePermission === 'byQueue' && (rule.sourceQueueArns ?? []).includes(selfArn));
    if (!permitted) {
      throw invalidValue(
        text,
        'RedrivePolicy',
        `Queue ${target.arn} does not allow this queue to use it as a dead-letter queue.`,
      );
    }
  }
}

/** Writes a queue's new attributes and derived columns. */
export function saveAttributes(store: Store, q: QueueRow, changes: QueueAttributes, now: number): QueueAttributes {
  const next = applyAttributes(storedAttributes(q), changes);
  checkQueueRelations(store, { region: q.region, accountId: q.account_id, name: q.name, fifo: Boolean(q.fifo) }, next);
  const cols = attributeColumns(next);
  store
    .stmt(
      `UPDATE sqs_queues SET attributes = @attributes, modified_ms = @modified_ms,
         visibility_timeout = @visibility_timeout, delay_seconds = @delay_seconds,
         retention_seconds = @retention_seconds, maximum_message_size = @maximum_message_size,
         receive_wait_seconds = @receive_wait_seconds, content_dedup = @content_dedup,
         dedup_by_group = @dedup_by_group, dlq_arn = @dlq_arn, max_receive_count = @max_receive_count
       WHERE id = @id`,
    )
    .run({ ...cols, attributes: JSON.stringify(next), modified_ms: now, id: q.id });
  return next;
}
