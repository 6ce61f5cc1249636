/** Message rows: retention expiry, counts, and moving a message to another queue. */
import type { Store } from '../../store/db.js';
import { nextSequenceNumber, queueTopic } from './enqueue.js';
import type { QueueRow } from './queues.js';

export interface MessageRow {
  id: number;
  queue_id: number;
  message_id: string;
  body: string;
  md5_body: string;
  attributes: string | null;
  md5_attributes: string | null;
  sent_ms: number;
  enqueued_ms: number;
  visible_ms: number;
  receive_count: number;
  first_receive_ms: number | null;
  received_ms: number | null;
  nonce: number;
  group_id: string | null;
  system: string | null;
  /** an SNS envelope's signature placeholder, signed on first receive (sns/signatures.ts) */
  pending_signature: number | null;
}

export const systemOf = (m: MessageRow): Record<string, string> =>
  m.system ? (JSON.parse(m.system) as Record<string, string>) : {};

/** The enqueue time at or before which a queue's messages have outlived its retention period. */
export const retentionCutoff = (q: QueueRow, now: number): number => now - q.retention_seconds * 1000;

export const isExpired = (q: QueueRow, m: { enqueued_ms: number }, now: number): boolean =>
  m.enqueued_ms <= retentionCutoff(q, now);

/**
 * Deletes every message of the queue past its retention period (a scan of the queue's index
 * entries, no table reads). Needed before exact counts; receiving needs only expireVisible.
 */
export function expireMessages(store: Store, q: QueueRow, now: number): void {
  store.stmt('DELETE FROM sqs_messages WHERE queue_id = ? AND enqueued_ms <= ?').run(q.id, retentionCutoff(q, now));
}

/**
 * Deletes the messages that have been visible since before the retention cutoff — surely expired,
 * as a message is never visible before it is enqueued. One index range; the other expired
 * messages are dropped when a receive meets them.
 */
export function expireVisible(store: Store, q: QueueRow, now: number): void {
  store.stmt('DELETE FROM sqs_messages WHERE queue_id = ? AND visible_ms <= ?').run(q.id, retentionCutoff(q, now));
}

export interface MessageCounts {
  visible: number;
  notVisible: number;
  delayed: number;
}

/** Exact counts at `now` (expired messages must have been removed first). */
export function countMessages(store: Store, q: QueueRow, now: number): MessageCounts {
  const visible = store
    .stmt<[number, number], { n: number }>('SELECT count(*) AS n FROM sqs_messages WHERE queue_id = ? AND visible_ms <= ?')
    .get(q.id, now)!.n;
  const hidden = store
    .stmt<[number, number], { inflight: number | null; delayed: number | null }>(
      `SELECT sum(receive_count > 0) AS inflight, sum(receive_count = 0) AS delayed
       FROM sqs_messages WHERE queue_id = ? AND visible_ms > ?`,
    )
    .get(q.id, now)!;
  return { visible, notVisible: hidden.inflight ?? 0, delayed: hidden.delayed ?? 0 };
}

/**
 * Messages received and not yet visible again (the in-flight quota counts these). Exact from
 * `threshold` up; below it, an upper bound (all hidden messages, delayed ones too, counted from
 * the index alone) is returned, which is all a caller comparing with the threshold needs.
 */
export function countInFlight(store: Store, q: QueueRow, now: number, threshold: number): number {
  const hidden = store
    .stmt<[number, number], { n: number }>('SELECT count(*) AS n FROM sqs_messages WHERE queue_id = ? AND visible_ms > ?')
    .get(q.id, now)!.n;
  if (hidden < threshold) return hidden;
  return store
    .stmt<[number, number], { n: number }>(
      'SELECT count(*) AS n FROM sqs_messages WHERE queue_id = ? AND visible_ms > ? AND receive_count > 0',
    )
    .get(q.id, now)!.n;
}

export interface MoveOptions {
  now: number;
  /** set DeadLetterQueueSourceArn (a dead-letter move); otherwise the move is a redrive back */
  deadLetterSourceArn?: string;
}

/**
 * Moves a message to another queue in one step: the copy keeps its MessageId, body, attributes
 * and SentTimestamp. A dead-letter move keeps the receive count (it counts across queues) and,
 * for standard queues, the enqueue time; a redrive starts the message afresh.
 */
export function moveMessage(store: Store, m: MessageRow, target: QueueRow, opts: MoveOptions): void {
  const { now } = opts;
  const system = systemOf(m);
  const group = m.group_id ?? system.MessageGroupId;
  delete system.MessageGroupId;
  if (target.fifo) {
    system.SequenceNumber = nextSequenceNumber(store, target, now);
  } else {
    delete system.SequenceNumber;
    delete system.MessageDeduplicationId;
    if (group !== undefined) system.MessageGroupId = group;
  }
  const deadLetter = opts.deadLetterSourceArn !== undefined;
  if (deadLetter) system.DeadLetterQueueSourceArn = opts.deadLetterSourceArn!;
  else delete system.DeadLetterQueueSourceArn;
  const enqueued = deadLetter && !target.fifo ? m.enqueued_ms : now;
  store
    .stmt(
      `INSERT INTO sqs_messages (queue_id, message_id, body, md5_body, attributes, md5_attributes, sent_ms,
         enqueued_ms, visible_ms, receive_count, first_receive_ms, group_id, system, pending_signature)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      target.id,
      m.message_id,
      m.body,
      m.md5_body,
      m.attributes,
      m.md5_attributes,
      m.sent_ms,
      enqueued,
      now,
      deadLetter ? m.receive_count : 0,
      deadLetter ? m.first_receive_ms : null,
      target.fifo ? (group ?? null) : null,
      Object.keys(system).length > 0 ? JSON.stringify(system) : null,
      m.pending_signature,
    );
  store.stmt('DELETE FROM sqs_messages WHERE id = ?').run(m.id);
  store.touch(queueTopic(target.id));
}
