import { describe, expect, it } from 'vitest';
import { deliverToQueueArn } from '../../../src/services/sqs/deliver.js';
import { awsError, sqsEnv } from './helpers.js';

describe('deliverToQueueArn (for SNS)', () => {
  const { env, call } = sqsEnv();

  it('enqueues as SendMessage would, by ARN', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'sub' });
    const arn = 'arn:aws:sqs:us-east-1:000000000000:sub';
    const r = deliverToQueueArn(env().ctx, arn, {
      body: '{"Type":"Notification"}',
      messageAttributes: { kind: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]) } },
      senderId: 'AIDAIT2UOQQY3AUEKVGXU',
    });
    expect(Object.keys(r)).toEqual(['MessageId', 'MD5OfMessageBody']);
    const got = await call('ReceiveMessage', { QueueUrl, AttributeNames: ['SenderId'], MessageAttributeNames: ['All'] });
    expect(got.Messages[0]).toMatchObject({
      MessageId: r.MessageId,
      Body: '{"Type":"Notification"}',
      MD5OfBody: r.MD5OfMessageBody,
      Attributes: { SenderId: 'AIDAIT2UOQQY3AUEKVGXU' },
      MessageAttributes: { kind: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]) } },
    });
  });

  it('deduplicates and numbers FIFO deliveries', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'sub.fifo', Attributes: { FifoQueue: 'true' } });
    const arn = 'arn:aws:sqs:us-east-1:000000000000:sub.fifo';
    const d = { body: 'x', messageGroupId: 'g', messageDeduplicationId: 'd' };
    const a = deliverToQueueArn(env().ctx, arn, d);
    const b = deliverToQueueArn(env().ctx, arn, d);
    expect(a.SequenceNumber).toMatch(/^\d+$/);
    expect(b).toEqual(a);
    expect((await call('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10 })).Messages).toHaveLength(1);
    expect((await awsError(() => deliverToQueueArn(env().ctx, arn, { body: 'x' }))).code).toBe('MissingParameter');
  });

  it('fails with NonExistentQueue for a queue that is gone, and works inside the caller\'s transaction', async () => {
    const arn = 'arn:aws:sqs:us-east-1:000000000000:gone';
    for (const target of [arn, 'not an arn']) {
      const e = await awsError(() => deliverToQueueArn(env().ctx, target, { body: 'x' }));
      expect([e.code, e.message]).toEqual(['AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.']);
    }
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'sub' });
    const subArn = 'arn:aws:sqs:us-east-1:000000000000:sub';
    // a caller's transaction that fails after delivering leaves nothing behind
    expect(() =>
      env().store.write(() => {
        deliverToQueueArn(env().ctx, subArn, { body: 'one' });
        throw new Error('publish failed later');
      }),
    ).toThrow('publish failed later');
    // and one that succeeds keeps every delivery, even when one of them failed
    env().store.write(() => {
      deliverToQueueArn(env().ctx, subArn, { body: 'two' });
      expect(() => deliverToQueueArn(env().ctx, subArn, { body: '\u0000' })).toThrow();
      deliverToQueueArn(env().ctx, subArn, { body: 'three' });
    });
    const got = await call('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10 });
    expect(got.Messages.map((m: { Body: string }) => m.Body)).toEqual(['two', 'three']);
  });
});
