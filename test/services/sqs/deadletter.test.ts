import { describe, expect, it } from 'vitest';
import { awsError, sqsEnv } from './helpers.js';

const ARN = (name: string) => `arn:aws:sqs:us-east-1:000000000000:${name}`;
const redrive = (name: string, count: number | string) => JSON.stringify({ deadLetterTargetArn: ARN(name), maxReceiveCount: count });

describe('dead-letter queues', () => {
  const { env, call } = sqsEnv();

  it('moves a message past maxReceiveCount, keeping its id, attributes and receive count', async () => {
    const dlq = (await call('CreateQueue', { QueueName: 'dlq' })).QueueUrl;
    const src = (await call('CreateQueue', { QueueName: 'src', Attributes: { VisibilityTimeout: '1', RedrivePolicy: redrive('dlq', '1') } })).QueueUrl;
    const sent = await call('SendMessage', {
      QueueUrl: src,
      MessageBody: 'message-1',
      MessageAttributes: { MyAttribute: { DataType: 'String', StringValue: 'foobar' } },
      MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1' } },
    });
    const first = await call('ReceiveMessage', { QueueUrl: src, AttributeNames: ['All'] });
    expect(first.Messages[0].Attributes.ApproximateReceiveCount).toBe('1');
    env().advance(1_000);
    expect(await call('ReceiveMessage', { QueueUrl: src })).toEqual({});
    const moved = await call('ReceiveMessage', { QueueUrl: dlq, AttributeNames: ['All'], MessageAttributeNames: ['All'] });
    const m = moved.Messages[0];
    expect(m.MessageId).toBe(sent.MessageId);
    expect(m.Body).toBe('message-1');
    expect(m.MD5OfMessageAttributes).toBe('adb59cd4678ea5a855436b949cd07ab6');
    expect(m.Attributes).toMatchObject({
      ApproximateReceiveCount: '2',
      ApproximateFirstReceiveTimestamp: first.Messages[0].Attributes.ApproximateFirstReceiveTimestamp,
      SentTimestamp: first.Messages[0].Attributes.SentTimestamp,
      AWSTraceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      DeadLetterQueueSourceArn: ARN('src'),
    });
    expect(Object.keys(m.Attributes).slice(-2)).toEqual(['AWSTraceHeader', 'DeadLetterQueueSourceArn']);
  });

  it('normalises and reports the RedrivePolicy; an empty one removes it', async () => {
    await call('CreateQueue', { QueueName: 'dlq' });
    const src = (await call('CreateQueue', { QueueName: 'src', Attributes: { RedrivePolicy: redrive('dlq', '1000') } })).QueueUrl;
    const got = await call('GetQueueAttributes', { QueueUrl: src, AttributeNames: ['RedrivePolicy'] });
    expect(got.Attributes.RedrivePolicy).toBe(`{"deadLetterTargetArn":"${ARN('dlq')}","maxReceiveCount":1000}`);
    // same policy written differently is the same attribute for CreateQueue
    await call('CreateQueue', { QueueName: 'src', Attributes: { RedrivePolicy: `{"maxReceiveCount": 1000, "deadLetterTargetArn": "${ARN('dlq')}"}` } });
    await call('SetQueueAttributes', { QueueUrl: src, Attributes: { RedrivePolicy: '' } });
    expect(await call('GetQueueAttributes', { QueueUrl: src, AttributeNames: ['RedrivePolicy'] })).toEqual({});
  });

  it.each([
    ['not JSON', '{', /Redrive policy is not a valid JSON map\.$/],
    ['no target', '{"maxReceiveCount":5}', /does not contain mandatory attribute: deadLetterTargetArn\.$/],
    ['no count', `{"deadLetterTargetArn":"${ARN('dlq')}"}`, /does not contain mandatory attribute: maxReceiveCount\.$/],
    ['count 0', redrive('dlq', 0), /Invalid value for maxReceiveCount: 0, valid values are from 1 to 1000 both inclusive\.$/],
    ['count 1001', redrive('dlq', 1001), /Invalid value for maxReceiveCount: 1001/],
    ['missing target queue', redrive('nope', 1), /Dead letter target does not exist\.$/],
    ['target in another region', JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:eu-west-1:000000000000:dlq', maxReceiveCount: 1 }), /Dead letter target does not exist\.$/],
  ])('rejects a RedrivePolicy with %s', async (_what, policy, message) => {
    await call('CreateQueue', { QueueName: 'dlq' });
    const e = await awsError(call('CreateQueue', { QueueName: 'src', Attributes: { RedrivePolicy: policy } }));
    expect(e.code).toBe('InvalidParameterValue');
    expect(e.message).toMatch(/^Value .* for parameter RedrivePolicy is invalid\. Reason: /);
    expect(e.message).toMatch(message);
  });

  it('enforces the dead-letter queue RedriveAllowPolicy', async () => {
    const dlq = (await call('CreateQueue', { QueueName: 'dlq', Attributes: { RedriveAllowPolicy: '{"redrivePermission":"denyAll"}' } })).QueueUrl;
    expect((await awsError(call('CreateQueue', { QueueName: 'a', Attributes: { RedrivePolicy: redrive('dlq', 3) } }))).code).toBe('InvalidParameterValue');
    await call('SetQueueAttributes', {
      QueueUrl: dlq,
      Attributes: { RedriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [ARN('b')] }) },
    });
    expect((await awsError(call('CreateQueue', { QueueName: 'a', Attributes: { RedrivePolicy: redrive('dlq', 3) } }))).code).toBe('InvalidParameterValue');
    await call('CreateQueue', { QueueName: 'b', Attributes: { RedrivePolicy: redrive('dlq', 3) } });
    await call('SetQueueAttributes', { QueueUrl: dlq, Attributes: { RedriveAllowPolicy: '{"redrivePermission":"allowAll"}' } });
    await call('CreateQueue', { QueueName: 'a', Attributes: { RedrivePolicy: redrive('dlq', 3) } });
    for (const bad of [
      '{"redrivePermission":"some"}',
      '{"redrivePermission":"byQueue"}',
      '{"redrivePermission":"allowAll","sourceQueueArns":["x"]}',
      JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: Array.from({ length: 11 }, (_, i) => ARN(`q${i}`)) }),
    ]) {
      expect((await awsError(call('SetQueueAttributes', { QueueUrl: dlq, Attributes: { RedriveAllowPolicy: bad } }))).code).toBe(
        'InvalidParameterValue',
      );
    }
  });

  it('lists the source queues of a dead-letter queue, with pages', async () => {
    const dlq = (await call('CreateQueue', { QueueName: 'dlq' })).QueueUrl;
    expect(await call('ListDeadLetterSourceQueues', { QueueUrl: dlq })).toEqual({ queueUrls: [] });
    for (const n of ['MyQueue', 'MyOtherQueue', 'Third']) await call('CreateQueue', { QueueName: n, Attributes: { RedrivePolicy: redrive('dlq', 5) } });
    await call('CreateQueue', { QueueName: 'Unrelated' });
    const all = await call('ListDeadLetterSourceQueues', { QueueUrl: dlq });
    expect(all).toEqual({
      queueUrls: ['MyOtherQueue', 'MyQueue', 'Third'].map((n) => `https://sqs.us-east-1.amazonaws.com/000000000000/${n}`),
    });
    const p1 = await call('ListDeadLetterSourceQueues', { QueueUrl: dlq, MaxResults: 2 });
    expect(p1.queueUrls).toHaveLength(2);
    const p2 = await call('ListDeadLetterSourceQueues', { QueueUrl: dlq, MaxResults: 2, NextToken: p1.NextToken });
    expect(p2).toEqual({ queueUrls: ['https://sqs.us-east-1.amazonaws.com/000000000000/Third'] });
  });

  it('moves FIFO messages to a FIFO dead-letter queue, in order, keeping the group', async () => {
    const dlq = (await call('CreateQueue', { QueueName: 'dlq.fifo', Attributes: { FifoQueue: 'true' } })).QueueUrl;
    const src = (
      await call('CreateQueue', {
        QueueName: 'src.fifo',
        Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true', VisibilityTimeout: '1', RedrivePolicy: redrive('dlq.fifo', 1) },
      })
    ).QueueUrl;
    for (const b of ['a', 'b']) await call('SendMessage', { QueueUrl: src, MessageBody: b, MessageGroupId: 'g' });
    expect((await call('ReceiveMessage', { QueueUrl: src, MaxNumberOfMessages: 10 })).Messages).toHaveLength(2);
    env().advance(1_000);
    expect(await call('ReceiveMessage', { QueueUrl: src, MaxNumberOfMessages: 10 })).toEqual({});
    const got = await call('ReceiveMessage', { QueueUrl: dlq, MaxNumberOfMessages: 10, AttributeNames: ['MessageGroupId', 'DeadLetterQueueSourceArn'] });
    expect(got.Messages.map((m: { Body: string }) => m.Body)).toEqual(['a', 'b']);
    expect(got.Messages[0].Attributes).toEqual({ MessageGroupId: 'g', DeadLetterQueueSourceArn: ARN('src.fifo') });
  });
});
