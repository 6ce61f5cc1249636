/**
 * Delivery into a queue named by ARN, for other services (SNS subscriptions). Enqueues exactly
 * as SendMessage would — same validation, delay, FIFO deduplication and sequence numbers — and
 * works inside the caller's own store.write() transaction. Everything that can refuse a
 * delivery (a gone queue, an invalid message) is checked before the first write, so inside a
 * caller's transaction no savepoint is needed: a publish to a hundred queues pays for none.
 */
import type { Ctx } from '../../core/context.js';
import { queueDoesNotExist } from './errors.js';
import { insertMessage, prepareMessage } from './enqueue.js';
import { parseQueueArn } from './names.js';
import { findQueue, type QueueRow } from './queues.js';

export interface Delivery {
  body: string;
  messageAttributes?: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Buffer }>;
  messageGroupId?: string;
  messageDeduplicationId?: string;
  /** reported as the message's SenderId (defaults to the queue owner's account) */
  senderId?: string;
}

export interface DeliveryResult {
  MessageId: string;
  MD5OfMessageBody: string;
  SequenceNumber?: string;
}

function queueByArn(ctx: Ctx, arn: string): QueueRow | undefined {
  const loc = parseQueueArn(arn);
  if (!loc) return undefined;
  const q = findQueue(ctx.store, loc.region, loc.accountId, loc.name);
  return q && q.arn === arn ? q : undefined;
}

export function queueExistsByArn(ctx: Ctx, arn: string): boolean {
  return queueByArn(ctx, arn) !== undefined;
}

/** Enqueues a message on the queue with this ARN; throws AWS.SimpleQueueService.NonExistentQueue if it is gone. */
export function deliverToQueueArn(ctx: Ctx, queueArn: string, d: Delivery): DeliveryResult {
  const deliver = (): DeliveryResult => {
    const q = queueByArn(ctx, queueArn);
    if (!q) throw queueDoesNotExist();
    const prepared = prepareMessage(
      q,
      {
        MessageBody: d.body,
        MessageAttributes: d.messageAttributes,
        MessageGroupId: d.messageGroupId,
        MessageDeduplicationId: d.messageDeduplicationId,
      },
      false,
    );
    const r = insertMessage(ctx.store, q, prepared, { now: ctx.store.clock.now(), senderId: d.senderId });
    const out: DeliveryResult = { MessageId: r.MessageId, MD5OfMessageBody: r.MD5OfMessageBody };
    if (r.SequenceNumber !== undefined) out.SequenceNumber = r.SequenceNumber;
    return out;
  };
  return ctx.store.db.inTransaction ? deliver() : ctx.store.write(deliver);
}
