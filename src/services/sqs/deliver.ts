/**
 * Delivery into a queue named by ARN, for other services (SNS subscriptions). Enqueues exactly
 * as SendMessage would — same validation, delay, FIFO deduplication and sequence numbers — and
 * works inside the caller's own store.write() transaction. Everything that can refuse a
 * delivery (a gone queue, an invalid message) is checked before the first write, so inside a
 * caller's transaction no savepoint is needed: a publish to a hundred queues pays for none.
 */
import type { Ctx } from '../../core/context.js';
import { AwsError } from '../../core/errors.js';
import { signDeferred } from '../sns/signatures.js';
import { queueDoesNotExist } from './errors.js';
import { checkContent, ENQUEUE_COLUMNS, insertMessage, prepareMessage, type CheckedContent, type EnqueueQueue } from './enqueue.js';

export interface Delivery {
  body: string;
  /**
   * where a signature placeholder starts in an SNS envelope whose signature is deferred to the
   * first receive (see sns/signatures.ts)
   */
  pendingSignature?: number;
  messageAttributes?: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Buffer }>;
  messageGroupId?: string;
  messageDeduplicationId?: string;
  /** reported as the message's SenderId (defaults to the queue owner's account) */
  senderId?: string;
  /**
   * checkDelivery() of this body and these attributes, when the caller sends the same message
   * to many queues; an error it found is the delivery's error once the queue is found
   */
  checked?: CheckedContent | AwsError;
}

/**
 * Queues looked up by ARN during one transaction (a fan-out to many queues, or a batch of
 * publishes to the same ones, looks each up once). Valid only inside the transaction.
 */
export type DeliveryScope = Map<string, EnqueueQueue | undefined>;

export const deliveryScope = (): DeliveryScope => new Map();

/** Looks up many queues by ARN with one statement (the queues of a fan-out), into the scope. */
export function preloadQueues(ctx: Ctx, scope: DeliveryScope, arns: readonly string[]): void {
  const wanted = [...new Set(arns)].filter((a) => !scope.has(a));
  if (wanted.length === 0) return;
  // one queue (the commonest fan-out) by its index alone: json_each costs more than the look-up
  if (wanted.length === 1) {
    scope.set(wanted[0]!, queueByArn(ctx, wanted[0]!));
    return;
  }
  const found = ctx.store
    .stmt<[string], EnqueueQueue>(`SELECT ${ENQUEUE_COLUMNS} FROM sqs_queues WHERE arn IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(wanted));
  for (const arn of wanted) scope.set(arn, undefined);
  for (const q of found) scope.set(q.arn, q);
}

/** The queue-independent checks of a delivery, made once for a message going to many queues. */
export function checkDelivery(d: Pick<Delivery, 'body' | 'messageAttributes'>): CheckedContent | AwsError {
  try {
    return checkContent({ MessageBody: d.body, MessageAttributes: d.messageAttributes });
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
}

export interface DeliveryResult {
  MessageId: string;
  MD5OfMessageBody: string;
  SequenceNumber?: string;
}

function queueByArn(ctx: Ctx, arn: string): EnqueueQueue | undefined {
  return ctx.store.stmt<[string], EnqueueQueue>(`SELECT ${ENQUEUE_COLUMNS} FROM sqs_queues WHERE arn = ?`).get(arn);
}

/** Enqueues a message on the queue with this ARN; throws AWS.SimpleQueueService.NonExistentQueue if it is gone. */
export function deliverToQueueArn(ctx: Ctx, queueArn: string, d: Delivery, scope?: DeliveryScope): DeliveryResult {
  const deliver = (): DeliveryResult => {
    let q: EnqueueQueue | undefined;
    if (scope?.has(queueArn)) q = scope.get(queueArn);
    else {
      q = queueByArn(ctx, queueArn);
      scope?.set(queueArn, q);
    }
    if (!q) throw queueDoesNotExist();
    if (d.checked instanceof AwsError) throw d.checked;
    const now = ctx.store.clock.now();
    const request = {
      MessageBody: d.body,
      MessageAttributes: d.messageAttributes,
      MessageGroupId: d.messageGroupId,
      MessageDeduplicationId: d.messageDeduplicationId,
    };
    // checked as it is (a signature placeholder is as long as the signature)
    let prepared = prepareMessage(q, request, false, d.checked);
    if (d.pendingSignature !== undefined) {
      if (q.fifo) {
        // a FIFO queue may deduplicate on the body's hash: it takes the signed body now
        prepared = prepareMessage(q, { ...request, MessageBody: signDeferred(ctx.store, d.body, d.pendingSignature, now) }, false);
      } else {
        prepared.pendingSignature = d.pendingSignature;
      }
    }
    const r = insertMessage(ctx.store, q, prepared, { now, senderId: d.senderId });
    const out: DeliveryResult = { MessageId: r.MessageId, MD5OfMessageBody: r.MD5OfMessageBody };
    if (r.SequenceNumber !== undefined) out.SequenceNumber = r.SequenceNumber;
    return out;
  };
  return ctx.store.db.inTransaction ? deliver() : ctx.store.write(deliver);
}
