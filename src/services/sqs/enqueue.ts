/**
 * Putting a message on a queue, as SendMessage, SendMessageBatch, SNS delivery and dead-letter
 * moves all do: validation, delay, FIFO group/deduplication/sequence numbers, the insert.
 */
import { sha256Hex } from '../../core/sha256.js';
import { randomUUID } from '../../core/ids.js';
import type { Store } from '../../store/db.js';
import { invalidParameterValue, invalidValue, missingParameter } from './errors.js';
import {
  checkBody,
  checkFifoId,
  checkMessageAttributes,
  checkSystemAttributes,
  md5OfBody,
  serialiseAttributes,
} from './messageInput.js';
import type { QueueRow } from './queues.js';

/** What putting a message on a queue needs to know of the queue. */
export type EnqueueQueue = Pick<
  QueueRow,
  'id' | 'arn' | 'fifo' | 'content_dedup' | 'dedup_by_group' | 'delay_seconds' | 'maximum_message_size'
>;

/** The columns of EnqueueQueue, for a SELECT that reads no more than a delivery needs. */
export const ENQUEUE_COLUMNS = 'id, arn, fifo, content_dedup, dedup_by_group, delay_seconds, maximum_message_size';

export const DEDUP_INTERVAL_MS = 5 * 60_000;

/** What a sender supplies, in the request's shape. */
export interface MessageRequest {
  MessageBody?: unknown;
  DelaySeconds?: unknown;
  MessageAttributes?: unknown;
  MessageSystemAttributes?: unknown;
  MessageDeduplicationId?: unknown;
  MessageGroupId?: unknown;
}

export interface SendResult {
  MessageId: string;
  MD5OfMessageBody: string;
  MD5OfMessageAttributes?: string;
  MD5OfMessageSystemAttributes?: string;
  SequenceNumber?: string;
}

const asInteger = (v: unknown): number | undefined => {
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : NaN;
};

/** What a message is, whatever queue it goes to: body and attributes, checked and hashed. */
export interface CheckedContent {
  body: string;
  md5Body: string;
  attributes: string | null;
  md5Attributes?: string;
  md5System?: string;
  traceHeader?: string;
  /** the bytes that count against a queue's MaximumMessageSize */
  size: number;
}

/** A validated message, ready to insert. */
export interface PreparedMessage extends Omit<CheckedContent, 'size'> {
  delaySeconds: number;
  groupId?: string;
  dedupId?: string;
  senderId?: string;
  /** an SNS envelope whose signature is made on first receive: where its placeholder starts */
  pendingSignature?: number;
}

/** Validates and hashes a message's body and attributes (the checks that do not need the queue). */
export function checkContent(m: MessageRequest): CheckedContent {
  const body = checkBody(m.MessageBody);
  const attrs = checkMessageAttributes(m.MessageAttributes);
  const system = checkSystemAttributes(m.MessageSystemAttributes);
  return {
    body,
    md5Body: md5OfBody(body),
    attributes: serialiseAttributes(attrs.attributes),
    md5Attributes: attrs.md5,
    md5System: system.md5,
    traceHeader: system.traceHeader,
    size: Buffer.byteLength(body, 'utf8') + attrs.size,
  };
}

/**
 * Validates a message for a queue. `batch` selects the wording SQS uses inside a batch entry
 * for an oversized message and for a missing MessageGroupId. `content` is the message's
 * checkContent(), when the caller already has it (one message going to many queues).
 */
export function prepareMessage(q: EnqueueQueue, m: MessageRequest, batch: boolean, content = checkContent(m)): PreparedMessage {
  const { body, size } = content;
  if (size > q.maximum_message_size) {
    throw invalidParameterValue(
      `One or more parameters ${batch ? 'cannot be validated' : 'are invalid'}. Reason: Message must be shorter than ${q.maximum_message_size} bytes.`,
    );
  }
  const groupId = checkFifoId(m.MessageGroupId, 'MessageGroupId');
  let dedupId = checkFifoId(m.MessageDeduplicationId, 'MessageDeduplicationId');
  const delay = asInteger(m.DelaySeconds);
  if (delay !== undefined) {
    if (Number.isNaN(delay)) throw invalidValue(m.DelaySeconds, 'DelaySeconds', 'DelaySeconds must be >= 0 and <= 900.');
    if (q.fifo && delay !== 0) {
      throw invalidValue(delay, 'DelaySeconds', 'The request include parameter that is not valid for this queue type.');
    }
    if (delay < 0 || delay > 900) throw invalidValue(delay, 'DelaySeconds', 'DelaySeconds must be >= 0 and <= 900.');
  }
  if (q.fifo) {
    if (groupId === undefined) {
      if (batch) throw invalidParameterValue('The request must contain the parameter MessageGroupId.');
      throw missingParameter('MessageGroupId');
    }
    if (dedupId === undefined) {
      if (!q.content_dedup) {
        throw invalidParameterValue(
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      }
      dedupId = sha256Hex(body);
    }
  } else if (dedupId !== undefined) {
    throw invalidValue(dedupId, 'MessageDeduplicationId', 'The request includes a parameter that is not valid for this queue type.');
  }
  return {
    body,
    md5Body: content.md5Body,
    attributes: content.attributes,
    md5Attributes: content.md5Attributes,
    md5System: content.md5System,
    traceHeader: content.traceHeader,
    // a FIFO queue delays by its own setting only; a standard queue's message may override it
    delaySeconds: q.fifo ? q.delay_seconds : (delay ?? q.delay_seconds),
    groupId,
    dedupId,
  };
}

/** The next FIFO sequence number of a queue: 20-odd decimal digits, increasing. */
export function nextSequenceNumber(store: Store, q: EnqueueQueue, now: number): string {
  const last = store.stmt<[number], { last_sequence: string | null }>('SELECT last_sequence FROM sqs_queues WHERE id = ?').get(q.id);
  const fromClock = BigInt(Math.max(0, Math.floor(now))) * 10_000_000n;
  const prev = last?.last_sequence ? BigInt(last.last_sequence) : 0n;
  const next = fromClock > prev ? fromClock : prev + 1n;
  const text = next.toString();
  store.stmt('UPDATE sqs_queues SET last_sequence = ? WHERE id = ?').run(text, q.id);
  return text;
}

export interface InsertOptions {
  now: number;
  /** the account id the message is reported as sent by, when not the queue's owner */
  senderId?: string;
}

interface DedupRow {
  message_id: string;
  sequence_number: string;
  expires_ms: number;
}

/** The row a message is stored as, in the column order of insertRows. */
type MessageValues = [
  number,
  string,
  string,
  string,
  string | null,
  string | null,
  number,
  number,
  number,
  string | null,
  string | null,
  number | null,
];

const INSERT_COLUMNS =
  'INSERT INTO sqs_messages (queue_id, message_id, body, md5_body, attributes, md5_attributes, sent_ms, enqueued_ms, visible_ms, group_id, system, pending_signature) VALUES ';

/** The change-feed topic of a queue: long polls on it wait for this. */
export const queueTopic = (queueId: number): string => `sqs:${queueId}`;

/** Inserts rows with one statement (a batch costs one statement, not ten). */
function insertRows(store: Store, rows: MessageValues[]): void {
  if (rows.length === 0) return;
  const sql = INSERT_COLUMNS + Array(rows.length).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
  store.stmt(sql).run(...rows.flat());
  store.touch(queueTopic(rows[0]![0]));
}

/** Stores a prepared message (or recognises a FIFO duplicate) and returns SendMessage's result. */
export function insertMessage(store: Store, q: EnqueueQueue, p: PreparedMessage, opts: InsertOptions): SendResult {
  return insertMessages(store, q, [p], opts)[0]!;
}

/** Stores prepared messages in order, as one SendMessage each would. */
export function insertMessages(store: Store, q: EnqueueQueue, prepared: readonly PreparedMessage[], opts: InsertOptions): SendResult[] {
  const { now } = opts;
  const rows: MessageValues[] = [];
  const results = prepared.map((p) => {
    const result: SendResult = { MessageId: '', MD5OfMessageBody: p.md5Body };
    if (p.md5Attributes) result.MD5OfMessageAttributes = p.md5Attributes;
    if (p.md5System) result.MD5OfMessageSystemAttributes = p.md5System;
    const system: Record<string, string> = {};
    if (opts.senderId) system.SenderId = opts.senderId;
    if (p.traceHeader !== undefined) system.AWSTraceHeader = p.traceHeader;
    if (q.fifo) {
      const dup = fifoDuplicate(store, q, p, now);
      if (dup) {
        result.MessageId = dup.message_id;
        result.SequenceNumber = dup.sequence_number;
        return result;
      }
      const seq = nextSequenceNumber(store, q, now);
      result.MessageId = randomUUID();
      result.SequenceNumber = seq;
      system.MessageDeduplicationId = p.dedupId!;
      system.SequenceNumber = seq;
      rememberDedup(store, q, p, result.MessageId, seq, now);
    } else {
      result.MessageId = randomUUID();
      if (p.groupId !== undefined) system.MessageGroupId = p.groupId;
    }
    const systemText = Object.keys(system).length > 0 ? JSON.stringify(system) : null;
    const row: MessageValues = [
      q.id,
      result.MessageId,
      p.body,
      p.md5Body,
      p.attributes,
      p.md5Attributes ?? null,
      now,
      now,
      now + p.delaySeconds * 1000,
      q.fifo ? p.groupId! : null,
      systemText,
      p.pendingSignature ?? null,
    ];
    // FIFO messages go in one by one, so a later duplicate in the same batch sees the earlier one
    if (q.fifo) insertRows(store, [row]);
    else rows.push(row);
    return result;
  });
  insertRows(store, rows);
  return results;
}

const dedupScope = (q: EnqueueQueue, p: PreparedMessage): string => (q.dedup_by_group ? p.groupId! : '');

function fifoDuplicate(store: Store, q: EnqueueQueue, p: PreparedMessage, now: number): DedupRow | undefined {
  const dup = store
    .stmt<[number, string, string], DedupRow>(
      'SELECT message_id, sequence_number, expires_ms FROM sqs_fifo_dedup WHERE queue_id = ? AND scope = ? AND dedup_id = ?',
    )
    .get(q.id, dedupScope(q, p), p.dedupId!);
  return dup && dup.expires_ms > now ? dup : undefined;
}

function rememberDedup(store: Store, q: EnqueueQueue, p: PreparedMessage, messageId: string, seq: string, now: number): void {
  store.stmt('DELETE FROM sqs_fifo_dedup WHERE expires_ms <= ?').run(now);
  store
    .stmt(
      `INSERT INTO sqs_fifo_dedup (queue_id, scope, dedup_id, message_id, sequence_number, expires_ms)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (queue_id, scope, dedup_id) DO UPDATE SET
         message_id = excluded.message_id, sequence_number = excluded.sequence_number, expires_ms = excluded.expires_ms`,
    )
    .run(q.id, dedupScope(q, p), p.dedupId!, messageId, seq, now + DEDUP_INTERVAL_MS);
}
