/**
 * Delivery into this file's SQS queues, through the SQS service's own delivery function (so a
 * message SNS delivers is a message SQS received), inside the caller's transaction.
 */
import type { Ctx } from '../../core/context.js';
import { AwsError } from '../../core/errors.js';
import { checkDelivery, deliverToQueueArn, type DeliveryScope } from '../sqs/deliver.js';
import type { CheckedContent } from '../sqs/enqueue.js';
import type { MessageAttributes } from './messages.js';

export { deliveryScope, preloadQueues, type DeliveryScope } from '../sqs/deliver.js';

/** The SenderId SQS shows for messages SNS delivered (observed on AWS for the SNS service). */
export const SNS_SENDER_ID = 'AIDAIT2UOQQY3AUEKVGXU';

export interface QueueMessage {
  body: string;
  /** where the body's signature placeholder starts, when its signature is deferred */
  pendingSignature?: number;
  messageAttributes?: MessageAttributes;
  messageGroupId?: string;
  messageDeduplicationId?: string;
  /** checkQueueMessage() of this body and these attributes, when it goes to many queues alike */
  checked?: CheckedContent | AwsError;
}

export type QueueDeliveryResult = { ok: true; messageId: string } | { ok: false; error: AwsError };

/** What SQS checks of a message whatever the queue (done once for a copy many queues get alike). */
export const checkQueueMessage = (m: QueueMessage): CheckedContent | AwsError =>
  checkDelivery({ body: m.body, messageAttributes: sqsAttributes(m) });

const sqsAttributes = (m: QueueMessage): MessageAttributes | undefined =>
  m.messageAttributes && Object.keys(m.messageAttributes).length ? m.messageAttributes : undefined;

/** Delivers a message into the queue with this ARN; `scope` remembers queues looked up in this transaction. */
export function deliverToQueue(ctx: Ctx, queueArn: string, m: QueueMessage, scope?: DeliveryScope): QueueDeliveryResult {
  try {
    // deliverToQueueArn checks everything before it writes: a refused message leaves nothing behind
    const res = deliverToQueueArn(ctx, queueArn, {
      body: m.body,
      pendingSignature: m.pendingSignature,
      messageAttributes: sqsAttributes(m),
      messageGroupId: m.messageGroupId,
      messageDeduplicationId: m.messageDeduplicationId,
      senderId: SNS_SENDER_ID,
      checked: m.checked,
    }, scope);
    return { ok: true, messageId: res.MessageId };
  } catch (e) {
    if (e instanceof AwsError) return { ok: false, error: e };
    throw e;
  }
}
