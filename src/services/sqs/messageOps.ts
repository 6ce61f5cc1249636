/** Message operations other than receiving: send, delete and change visibility, single and batched. */
import { isAwsError, type AwsError } from '../../core/errors.js';
import type { Ctx } from '../../core/context.js';
import {
  batchEntryIdsNotDistinct,
  batchRequestTooLong,
  emptyBatchRequest,
  invalidBatchEntryId,
  invalidParameterValue,
  invalidValue,
  missingParameter,
  receiptHandleIsInvalid,
  tooManyEntriesInBatchRequest,
} from './errors.js';
import { insertMessage, insertMessages, prepareMessage, queueTopic, type MessageRequest, type PreparedMessage, type SendResult } from './enqueue.js';
import { optionalList, type Input } from './input.js';
import { isExpired } from './messages.js';
import { inTransaction } from './queueOps.js';
import { deleteMissesACopy, realism } from './realism.js';
import { requireQueue, type QueueRow } from './queues.js';
import { isAuthentic, parseReceiptHandle, receiptKey, type ParsedHandle } from './receipt.js';
import type { Store } from '../../store/db.js';

export const MAX_BATCH_ENTRIES = 10;
/** A batch's total payload limit, whatever the queue's MaximumMessageSize. */
export const MAX_BATCH_BYTES = 1_048_576;
export const MAX_VISIBILITY_TIMEOUT = 43_200;

export interface BatchError {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message: string;
}

const failure = (id: string, e: AwsError): BatchError => ({ Id: id, SenderFault: e.senderFault, Code: e.code, Message: e.message });

/** The request-level checks every batch operation makes before looking at entries one by one. */
function checkBatch(input: Input, entryShape: string): Array<Record<string, unknown>> {
  const entries = optionalList(input, 'Entries');
  if (!entries || entries.length === 0) throw emptyBatchRequest(entryShape);
  if (entries.length > MAX_BATCH_ENTRIES) throw tooManyEntriesInBatchRequest(entries.length);
  const seen = new Set<string>();
  for (const e of entries) {
    const id = (e as Record<string, unknown> | null)?.Id;
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(id)) throw invalidBatchEntryId();
    if (seen.has(id)) throw batchEntryIdsNotDistinct(id);
    seen.add(id);
  }
  return entries as Array<Record<string, unknown>>;
}

// ---------------------------------------------------------------- send

export function sendMessage(ctx: Ctx, input: Input): SendResult {
  return inTransaction(ctx, (now) => {
    const q = requireQueue(ctx, input.QueueUrl);
    const prepared = prepareMessage(q, input as MessageRequest, false);
    return insertMessage(ctx.store, q, prepared, { now });
  });
}

/** Bytes a batch entry counts towards the batch limit: its body and its message attributes. */
function entrySize(e: Record<string, unknown>): number {
  let size = typeof e.MessageBody === 'string' ? Buffer.byteLength(e.MessageBody, 'utf8') : 0;
  const attrs = e.MessageAttributes;
  if (attrs && typeof attrs === 'object') {
    for (const [name, v] of Object.entries(attrs as Record<string, Record<string, unknown>>)) {
      size += Buffer.byteLength(name, 'utf8');
      if (v && typeof v === 'object') {
        if (typeof v.DataType === 'string') size += Buffer.byteLength(v.DataType, 'utf8');
        if (typeof v.StringValue === 'string') size += Buffer.byteLength(v.StringValue, 'utf8');
        if (Buffer.isBuffer(v.BinaryValue) || v.BinaryValue instanceof Uint8Array) size += (v.BinaryValue as Uint8Array).length;
      }
    }
  }
  return size;
}

export interface SendBatchResult {
  Successful?: Array<SendResult & { Id: string }>;
  Failed?: BatchError[];
}

/**
 * A batch's result as SQS's JSON protocol sends it: an empty list is left out (the model calls
 * both members required, but AWS omits `Failed` when nothing failed, and the CLI prints what
 * it received).
 */
function batchResult<T>(successful: T[], failed: BatchError[]): { Successful?: T[]; Failed?: BatchError[] } {
  return { ...(successful.length > 0 ? { Successful: successful } : {}), ...(failed.length > 0 ? { Failed: failed } : {}) };
}

export function sendMessageBatch(ctx: Ctx, input: Input): SendBatchResult {
  const entries = checkBatch(input, 'SendMessageBatchRequestEntry');
  return inTransaction(ctx, (now) => {
    const q = requireQueue(ctx, input.QueueUrl);
    if (q.fifo) {
      // in a FIFO batch, these two fail the whole request rather than the entry
      const missing = (v: unknown): boolean => v === undefined || v === null;
      if (entries.some((e) => missing(e.MessageGroupId))) {
        throw invalidParameterValue('The request must contain the parameter MessageGroupId.');
      }
      if (!q.content_dedup && entries.some((e) => missing(e.MessageDeduplicationId))) {
        throw invalidParameterValue(
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      }
    }
    const total = entries.reduce((sum, e) => sum + entrySize(e), 0);
    if (total > MAX_BATCH_BYTES) throw batchRequestTooLong(MAX_BATCH_BYTES, total);
    const failed: BatchError[] = [];
    const ids: string[] = [];
    const prepared: PreparedMessage[] = [];
    for (const e of entries) {
      try {
        prepared.push(prepareMessage(q, e, true));
        ids.push(e.Id as string);
      } catch (err) {
        if (!isAwsError(err)) throw err;
        failed.push(failure(e.Id as string, err));
      }
    }
    const sent = insertMessages(ctx.store, q, prepared, { now }).map((r, i) => ({ Id: ids[i]!, ...r }));
    return batchResult(sent, failed);
  });
}

// ---------------------------------------------------------------- delete

interface HandleTarget {
  id: number;
  nonce: number;
  visible_ms: number;
  received_ms: number | null;
  enqueued_ms: number;
}

interface Found {
  row?: HandleTarget;
  /** a genuine handle of this queue */
  valid: boolean;
  /** the latest handle of its message */
  current: boolean;
}

/**
 * The receipt handles of one request, their messages read in one statement. lookup() tells the
 * message a handle names (none if it is gone or past retention), whether the handle is that
 * message's latest, and whether it is a genuine handle of this queue at all.
 */
function handleBook(store: Store, q: QueueRow, handles: readonly unknown[], now: number): { lookup(handle: unknown): Found } {
  const parsed = new Map<unknown, ParsedHandle | undefined>(handles.map((h) => [h, parseReceiptHandle(h)]));
  const ids = [...new Set([...parsed.values()].filter((p) => p !== undefined).map((p) => p.rowId))];
  const rows = new Map<number, HandleTarget>();
  if (ids.length > 0) {
    const sql = `SELECT id, nonce, visible_ms, received_ms, enqueued_ms FROM sqs_messages
      WHERE queue_id = ? AND id IN (${ids.map(() => '?').join(', ')})`;
    for (const r of store.stmt<number[], HandleTarget>(sql).all(q.id, ...ids)) {
      if (isExpired(q, r, now)) store.stmt('DELETE FROM sqs_messages WHERE id = ?').run(r.id);
      else rows.set(r.id, r);
    }
  }
  let key: Buffer | undefined;
  return {
    lookup(handle: unknown): Found {
      const p = parsed.get(handle);
      if (!p) return { valid: false, current: false };
      const row = rows.get(p.rowId);
      const current = row !== undefined && row.nonce === p.nonce;
      // a handle matching its message's secret nonce is genuine; otherwise check its tag
      if (!current && !isAuthentic((key ??= receiptKey(store)), q.arn, p)) return { valid: false, current: false };
      return { row, valid: true, current };
    },
  };
}

const expiredHandle = (handle: string): AwsError =>
  invalidValue(handle, 'ReceiptHandle', 'The receipt handle has expired.');

const requireHandle = (handle: unknown): void => {
  if (handle === undefined || handle === null || handle === '') throw missingParameter('ReceiptHandle');
};

/**
 * Which message a delete by receipt handle removes, if any. A handle from an earlier receive, or
 * of a message already deleted, succeeds without effect (AWS: "the request succeeds, but the
 * message might not be deleted"); a FIFO queue rejects a handle whose visibility timeout has passed.
 */
function toDelete(book: ReturnType<typeof handleBook>, q: QueueRow, handle: unknown, now: number): number | undefined {
  requireHandle(handle);
  const found = book.lookup(handle);
  if (!found.valid) throw receiptHandleIsInvalid(String(handle));
  if (!found.row) return undefined;
  if (q.fifo && (!found.current || found.row.visible_ms <= now)) throw expiredHandle(String(handle));
  return found.current ? found.row.id : undefined;
}

/**
 * Deletes the messages. With standard-queue realism on, a delete now and then misses a copy:
 * the message stays in flight and is received again once its visibility timeout ends, as AWS
 * warns can happen (the request still succeeds).
 */
function deleteRows(store: Store, q: QueueRow, ids: ReadonlySet<number>): void {
  const chances = q.fifo || ids.size === 0 ? undefined : realism(store);
  if (chances) ids = new Set([...ids].filter(() => !deleteMissesACopy(chances)));
  if (ids.size === 0) return;
  store.stmt(`DELETE FROM sqs_messages WHERE id IN (${[...ids].map(() => '?').join(', ')})`).run(...ids);
  // a FIFO group's next message is available once the one in flight is gone: a long poll
  // waiting in this process (a server's) looks again now
  if (q.fifo) store.touch(queueTopic(q.id));
}

export function deleteMessage(ctx: Ctx, input: Input): Record<string, never> {
  return inTransaction(ctx, (now) => {
    const q = requireQueue(ctx, input.QueueUrl);
    const id = toDelete(handleBook(ctx.store, q, [input.ReceiptHandle], now), q, input.ReceiptHandle, now);
    if (id !== undefined) deleteRows(ctx.store, q, new Set([id]));
    return {};
  });
}

export interface IdBatchResult {
  Successful?: Array<{ Id: string }>;
  Failed?: BatchError[];
}

export function deleteMessageBatch(ctx: Ctx, input: Input): IdBatchResult {
  const entries = checkBatch(input, 'DeleteMessageBatchRequestEntry');
  return inTransaction(ctx, (now) => {
    const q = requireQueue(ctx, input.QueueUrl);
    const book = handleBook(ctx.store, q, entries.map((e) => e.ReceiptHandle), now);
    const ids = new Set<number>();
    const done: Array<{ Id: string }> = [];
    const failed: BatchError[] = [];
    for (const e of entries) {
      try {
        const id = toDelete(book, q, e.ReceiptHandle, now);
        if (id !== undefined) ids.add(id);
        done.push({ Id: e.Id as string });
      } catch (err) {
        if (!isAwsError(err)) throw err;
        failed.push(failure(e.Id as string, err));
      }
    }
    deleteRows(ctx.store, q, ids);
    return batchResult(done, failed);
  });
}

// ---------------------------------------------------------------- visibility

function visibilityValue(raw: unknown): number {
  if (raw === undefined || raw === null) throw missingParameter('VisibilityTimeout');
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > MAX_VISIBILITY_TIMEOUT) {
    throw invalidValue(raw, 'VisibilityTimeout', 'Must be >= 0 and <= 43200, if provided.');
  }
  return n;
}

/**
 * Changes the visibility of the message a receipt handle received. The timeout counts from now;
 * the total since that receive may not pass 12 hours. A handle whose visibility has already run
 * out changes nothing (as AWS answers); one of a deleted or re-received message is invalid.
 */
function changeOne(
  store: Store,
  book: ReturnType<typeof handleBook>,
  q: QueueRow,
  handle: unknown,
  timeout: unknown,
  now: number,
): void {
  requireHandle(handle);
  const seconds = visibilityValue(timeout);
  const found = book.lookup(handle);
  if (!found.valid) throw receiptHandleIsInvalid(String(handle));
  if (!found.row || !found.current) {
    throw invalidValue(handle, 'ReceiptHandle', 'Message does not exist or is not available for visibility timeout change.');
  }
  if (found.row.visible_ms <= now) return;
  const receivedAt = found.row.received_ms ?? now;
  if (now + seconds * 1000 - receivedAt > MAX_VISIBILITY_TIMEOUT * 1000) {
    throw invalidValue(
      seconds,
      'VisibilityTimeout',
      `Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_TIMEOUT} seconds]`,
    );
  }
  found.row.visible_ms = now + seconds * 1000;
  store.stmt('UPDATE sqs_messages SET visible_ms = ? WHERE id = ?').run(found.row.visible_ms, found.row.id);
  store.touch(queueTopic(q.id));
}

export function changeMessageVisibility(ctx: Ctx, input: Input): Record<string, never> {
  return inTransaction(ctx, (now) => {
    const q = requireQueue(ctx, input.QueueUrl);
    const book = handleBook(ctx.store, q, [input.ReceiptHandle], now);
    changeOne(ctx.store, book, q, input.ReceiptHandle, input.VisibilityTimeout, now);
    return {};
  });
}

export function changeMessageVisibilityBatch(ctx: Ctx, input: Input): IdBatchResult {
  const entries = checkBatch(input, 'ChangeMessageVisibilityBatchRequestEntry');
  return inTransaction(ctx, (now) => {
    const q = requireQueue(ctx, input.QueueUrl);
    const book = handleBook(ctx.store, q, entries.map((e) => e.ReceiptHandle), now);
    const done: Array<{ Id: string }> = [];
    const failed: BatchError[] = [];
    for (const e of entries) {
      try {
        changeOne(ctx.store, book, q, e.ReceiptHandle, e.VisibilityTimeout, now);
        done.push({ Id: e.Id as string });
      } catch (err) {
        if (!isAwsError(err)) throw err;
        failed.push(failure(e.Id as string, err));
      }
    }
    return batchResult(done, failed);
  });
}
