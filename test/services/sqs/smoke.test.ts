import { describe, expect, it } from 'vitest';
import { sqsEnv } from './helpers.js';

describe('sqs smoke', () => {
  const { env, call } = sqsEnv();
  it('creates, sends, receives, deletes', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'demo' });
    expect(QueueUrl).toBe('https://sqs.us-east-1.amazonaws.com/000000000000/demo');
    const sent = await call('SendMessage', { QueueUrl, MessageBody: 'hello' });
    expect(sent.MD5OfMessageBody).toBe('5d41402abc4b2a76b9719d911017c592');
    const r = await call('ReceiveMessage', { QueueUrl, AttributeNames: ['All'] });
    expect(r.Messages).toHaveLength(1);
    expect(r.Messages[0].Body).toBe('hello');
    const attrs = await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['All'] });
    expect(attrs.Attributes.ApproximateNumberOfMessagesNotVisible).toBe('1');
    await call('DeleteMessage', { QueueUrl, ReceiptHandle: r.Messages[0].ReceiptHandle });
    const attrs2 = await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['All'] });
    expect(attrs2.Attributes.ApproximateNumberOfMessagesNotVisible).toBe('0');
    env();
  });
});
