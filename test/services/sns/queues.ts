/** SQS queues for fan-out tests (through the SQS service's operations). */
import type { Ctx } from '../../../src/core/context.js';
import { stubCreateQueue, stubDeleteQueue, stubMessages } from '../../../src/services/sqs/deliver.js';

export interface ReceivedMessage {
  Body: string;
  MessageAttributes?: Record<string, { DataType: string; StringValue?: string; BinaryValue?: Uint8Array }>;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
}

export function createQueue(ctx: Ctx, name: string): string {
  const arn = `arn:aws:sqs:${ctx.region}:${ctx.accountId}:${name}`;
  stubCreateQueue(ctx, arn);
  return arn;
}

export function deleteQueue(ctx: Ctx, arn: string): void {
  stubDeleteQueue(ctx, arn);
}

/** Every message in the queue, oldest first. */
export function queueMessages(ctx: Ctx, arn: string): ReceivedMessage[] {
  return stubMessages(ctx, arn).map((m) => {
    const attrs = JSON.parse(m.attrs) as ReceivedMessage['MessageAttributes'];
    const r: ReceivedMessage = { Body: m.body };
    if (attrs && Object.keys(attrs).length) r.MessageAttributes = attrs;
    if (m.group_id) r.MessageGroupId = m.group_id;
    if (m.dedup_id) r.MessageDeduplicationId = m.dedup_id;
    return r;
  });
}
