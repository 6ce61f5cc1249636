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
import { insertMessage, prepareMessage, type MessageRequest, type SendResult } from './enqueue.js';
import { optionalList, type Input } from './input.js';
import { isExpired } from './messages.js';
import { inTransaction } from './queueOps.js';
import { requireQueue, type QueueRow } from './queues.js';
import { isAuthentic, parseReceiptHandle, receiptKey } from './receipt.js';
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
  Successful: Array<SendResult & { Id: string }>;
  Failed: BatchError[];
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
    const out: SendBatchResult = { Successful: [], Failed: [] };
    for (const e of entries) {
      const id = e.Id as string;
      let prepared;
      try {
        prepared = prepareMessage(q, e, true);
      } catch (err) {
        if (!isAwsError(err)) throw err;
        out.Failed.push(failure(id, err));
        continue;
      }
      out.Successful.push({ Id: id, ...insertMessage(ctx.store, q, prepared, { now }) });
    }
    return out;
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

/**
 * The message a receipt handle names (none if it is gone or past retention), whether the handle
 * is its latest, and whether the handle is a genuine one of this queue at all.
 */
function lookupHandle(
  store: Store,
  key: () => Buffer,
  q: QueueRow,
  handle: unknown,
  now: number,
): { row?: HandleTarget; valid: boolean; current: boolean } {
  const parsed = parseReceiptHandle(handle);
  if (!parsed) return { valid: false, current: false };
  let row = store
    .stmt<[number, number], HandleTarget>(
      'SELECT id, nonce, visible_ms, received_ms, enqueued_ms FROM sqs_messages WHERE id = ? AND queue_id = ?',
    )
    .get(parsed.rowId, q.id);
  const current = row !== undefined && row.nonce === parsed.nonce;
  if (!current && !isAuthentic(key(), q.arn, parsed)) return { valid: false, current: false };
  if (row && isExpired(q, row, now)) {
    store.stmt('DELETE FROM sqs_messages WHERE id = ?').run(row.id);
    row = undefined;
  }
  return { row, valid: true, current: current && row !== undefined };
}

/** The receipt key, read once per request and only when a handle needs checking. */
function lazyKey(store: Store): () => Buffer {
  let key: Buffer | undefined;
  return () => (key ??= receiptKey(store));
}

const expiredHandle = (handle: string): AwsError =>
  invalidValue(handle, 'ReceiptHandle', 'The receipt handle has expired.');

/**
 * Deletes by receipt handle. A handle from an earlier receive, or of a message already deleted,
 * succeeds without effect (AWS: "the request succeeds, but the message might not be deleted");
 * a FIFO queue rejects a handle whose visibility timeout has passed.
 */
function deleteOne(store: Store, key: () => Buffer, q: QueueRow, handle: unknown, now: number): void {
  if (handle === undefined || handle === null || handle === '') throw missingParameter('ReceiptHandle');
  const found = lookupHandle(store, key, q, handle, now);
  if (!found.valid) throw receiptHandleIsInvalid(String(handle));
  if (!found.row) return;
  if (q.fifo && (!found.current || found.row.visible_ms <= now)) throw expiredHandle(String(handle));
  if (!found.current) return;
  store.stmt('DELETE FROM sqs_messages WHERE id = ?').run(found.row.id);
}

export function deleteMessage(ctx: Ctx, input: Input): Record<string, never> {
  return inTransaction(ctx, (now) => {
    const q = requireQueue(ctx, input.QueueUrl);
    deleteOne(ctx.store, lazyKey(ctx.store), q, input.ReceiptHandle, now);
    return {};
  });
}

export interface IdBatchResult {
  Successful: Array<{ Id: string }>;
  Failed: BatchError[];
}

export function deleteMessageBatch(ctx: Ctx, input: Input): IdBatchResult {
  const entries = checkBatch(input, 'DeleteMessageBatchRequestEntry');
  return inTransaction(ctx, (now) => {
    const q = requireQueue(ctx, input.QueueUrl);
    const key = lazyKey(ctx.store);
    const out: IdBatchResult = { Successful: [], Failed: [] };
    for (const e of entries) {
      try {
        deleteOne(ctx.store, key, q, e.ReceiptHandle, now);
        out.Successful.push({ Id: e.Id as string });
      } catch (err) {
        if (!isAwsError(err)) throw err;
        out.Failed.push(failure(e.Id as string, err));
      }
    }
    return out;
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
function changeOne(store: Store, key: () => Buffer, q: QueueRow, handle: unknown, timeout: unknown, now: number): void {
  if (handle === undefined || handle === null || handle === '') throw missingParameter('ReceiptHandle');
  const seconds = visibilityValue(timeout);
  const found = lookupHandle(store, key, q, handle, now);
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
  store.stmt('UPDATE sqs_messages SET visible_ms = ? WHERE id = ?').run(now + seconds * 1000, found.row.id);
}

export function changeMessageVisibility(ctx: Ctx, input: Input): Record<string, never> {
  return inTransaction(ctx, (now) => {
    const q = requireQueue(ctx, input.QueueUrl);
    changeOne(ctx.store, lazyKey(ctx.store), q, input.ReceiptHandle, input.VisibilityTimeout, now);
    return {};
  });
}

export function changeMessageVisibilityBatch(ctx: Ctx, input: Input): IdBatchResult {
  const entries = checkBatch(input, 'ChangeMessageVisibilityBatchRequestEntry');
  return inTransaction(ctx, (now) => {
    const q = requireQueue(ctx, input.QueueUrl);
    const key = lazyKey(ctx.store);
    const out: IdBatchResult = { Successful: [], Failed: [] };
    for (const e of entries) {
      try {
        changeOne(ctx.store, key, q, e.ReceiptHandle, e.VisibilityTimeout, now);
        out.Successful.push({ Id: e.Id as string });
      } catch (err) {
        if (!isAwsError(err)) throw err;
        out.Failed.push(failure(e.Id as string, err));
      }
    }
    return out;
  });
}
