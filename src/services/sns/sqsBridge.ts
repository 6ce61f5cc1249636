/**
 * Delivery into this file's SQS queues, through the SQS service's own delivery function (so a
 * message SNS delivers is a message SQS received), inside the caller's transaction.
 */
import type { Ctx } from '../../core/context.js';
import { AwsError } from '../../core/errors.js';
import { deliverToQueueArn } from '../sqs/deliver.js';
import type { MessageAttributes } from './messages.js';

/** The SenderId SQS shows for messages SNS delivered (observed on AWS for the SNS service). */
export const SNS_SENDER_ID = 'AIDAIT2UOQQY3AUEKVGXU';

export interface QueueMessage {
  body: string;
  messageAttributes?: MessageAttributes;
  messageGroupId?: string;
  messageDeduplicationId?: string;
}

export type QueueDeliveryResult = { ok: true; messageId: string } | { ok: false; error: AwsError };

export function deliverToQueue(ctx: Ctx, queueArn: string, m: QueueMessage): QueueDeliveryResult {
  try {
    // deliverToQueueArn runs in its own savepoint: a refused message leaves nothing behind
    const res = deliverToQueueArn(ctx, queueArn, {
      body: m.body,
      messageAttributes: m.messageAttributes && Object.keys(m.messageAttributes).length ? m.messageAttributes : undefined,
      messageGroupId: m.messageGroupId,
      messageDeduplicationId: m.messageDeduplicationId,
      senderId: SNS_SENDER_ID,
    });
    return { ok: true, messageId: res.MessageId };
  } catch (e) {
    if (e instanceof AwsError) return { ok: false, error: e };
    throw e;
  }
}
