/** SQS queues for fan-out tests, through the SQS service's own operations. */
import type { Ctx } from '../../../src/core/context.js';
import { handlers } from '../../../src/services/sqs/index.js';

export interface ReceivedMessage {
  Body: string;
  MessageAttributes?: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }>;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
  SenderId?: string;
}

type Res = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Calls an SQS operation by its AWS name. */
export async function sqs(ctx: Ctx, op: string, input: Record<string, unknown>): Promise<Res> {
  return ((await handlers[op]!(ctx, input)) ?? {}) as Res;
}

/** The URL of the queue with this ARN. */
export const urlOf = (arn: string): string => {
  const [, , , region, account, name] = arn.split(':');
  return `https://sqs.${region}.amazonaws.com/${account}/${name}`;
};

/** Creates a queue (FIFO when the name ends in .fifo) and returns its ARN. */
export async function createQueue(ctx: Ctx, name: string): Promise<string> {
  const { QueueUrl } = await sqs(ctx, 'CreateQueue', { QueueName: name, Attributes: name.endsWith('.fifo') ? { FifoQueue: 'true' } : {} });
  const { Attributes } = await sqs(ctx, 'GetQueueAttributes', { QueueUrl, AttributeNames: ['QueueArn'] });
  return Attributes.QueueArn as string;
}

export async function deleteQueue(ctx: Ctx, arn: string): Promise<void> {
  await sqs(ctx, 'DeleteQueue', { QueueUrl: (await sqs(ctx, 'GetQueueUrl', { QueueName: arn.split(':')[5] })).QueueUrl });
}

/** Receives and deletes every message of the queue, oldest first. */
export async function queueMessages(ctx: Ctx, arn: string): Promise<ReceivedMessage[]> {
  const { QueueUrl } = await sqs(ctx, 'GetQueueUrl', { QueueName: arn.split(':')[5], QueueOwnerAWSAccountId: arn.split(':')[4] });
  const out: ReceivedMessage[] = [];
  for (;;) {
    const r = await sqs(ctx, 'ReceiveMessage', {
      QueueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      VisibilityTimeout: 30,
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
    });
    const messages = (r.Messages ?? []) as Res[];
    if (messages.length === 0) return out;
    for (const m of messages) {
      const got: ReceivedMessage = { Body: m.Body };
      if (m.MessageAttributes) got.MessageAttributes = m.MessageAttributes;
      if (m.Attributes?.MessageGroupId) got.MessageGroupId = m.Attributes.MessageGroupId;
      if (m.Attributes?.MessageDeduplicationId) got.MessageDeduplicationId = m.Attributes.MessageDeduplicationId;
      if (m.Attributes?.SenderId) got.SenderId = m.Attributes.SenderId;
      out.push(got);
      await sqs(ctx, 'DeleteMessage', { QueueUrl, ReceiptHandle: m.ReceiptHandle });
    }
  }
}
