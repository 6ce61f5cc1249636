import { describe, expect, it } from 'vitest';
import { awsError, sqsEnv } from './helpers.js';

const ARN = (name: string) => `arn:aws:sqs:us-east-1:000000000000:${name}`;

describe('message move tasks', () => {
  const { env, call } = sqsEnv();

  /** A source queue whose n messages have been dead-lettered into dlq. */
  async function deadLettered(n: number, src = 'src') {
    const dlq = (await call('CreateQueue', { QueueName: 'dlq' })).QueueUrl as string;
    const source = (
      await call('CreateQueue', {
        QueueName: src,
        Attributes: { VisibilityTimeout: '0', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: ARN('dlq'), maxReceiveCount: 1 }) },
      })
    ).QueueUrl as string;
    for (let i = 0; i < n; i++) await call('SendMessage', { QueueUrl: source, MessageBody: `m${i}` });
    for (let i = 0; i < n; i += 10) await call('ReceiveMessage', { QueueUrl: source, MaxNumberOfMessages: 10 });
    expect(await call('ReceiveMessage', { QueueUrl: source, MaxNumberOfMessages: 10 })).toEqual({});
    const count = await call('GetQueueAttributes', { QueueUrl: dlq, AttributeNames: ['ApproximateNumberOfMessages'] });
    expect(count.Attributes.ApproximateNumberOfMessages).toBe(String(n));
    return { dlq, source };
  }
  const visible = async (QueueUrl: string) =>
    Number((await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] })).Attributes.ApproximateNumberOfMessages);

  it('redrives back to the original source queues, at the rate given, as the clock moves', async () => {
    const { dlq, source } = await deadLettered(10);
    const { TaskHandle } = await call('StartMessageMoveTask', { SourceArn: ARN('dlq'), MaxNumberOfMessagesPerSecond: 2 });
    expect(JSON.parse(Buffer.from(TaskHandle, 'base64').toString())).toEqual({ taskId: expect.any(String), sourceArn: ARN('dlq') });
    const list = async () => (await call('ListMessageMoveTasks', { SourceArn: ARN('dlq') })).Results;
    const [running] = await list();
    expect(running).toEqual({
      TaskHandle,
      Status: 'RUNNING',
      SourceArn: ARN('dlq'),
      MaxNumberOfMessagesPerSecond: 2,
      ApproximateNumberOfMessagesMoved: 0,
      ApproximateNumberOfMessagesToMove: 10,
      StartedTimestamp: expect.any(Number),
    });
    env().advance(2_500);
    const [partial] = await list();
    expect(partial.ApproximateNumberOfMessagesMoved).toBe(5);
    expect(await visible(source)).toBe(5);
    expect(await visible(dlq)).toBe(5);
    env().advance(3_000);
    const [done] = await list();
    expect(done).toEqual({
      Status: 'COMPLETED',
      SourceArn: ARN('dlq'),
      MaxNumberOfMessagesPerSecond: 2,
      ApproximateNumberOfMessagesMoved: 10,
      ApproximateNumberOfMessagesToMove: 10,
      StartedTimestamp: running.StartedTimestamp,
    });
    const back = await call('ReceiveMessage', { QueueUrl: source, MaxNumberOfMessages: 10, AttributeNames: ['All'] });
    expect(back.Messages).toHaveLength(10);
    expect(back.Messages[0].Attributes.DeadLetterQueueSourceArn).toBeUndefined();
    expect(back.Messages[0].Attributes.ApproximateReceiveCount).toBe('1');
  });

  it('moves to a destination queue when one is given, and lists the newest tasks first', async () => {
    await deadLettered(3);
    const other = (await call('CreateQueue', { QueueName: 'other' })).QueueUrl;
    await call('StartMessageMoveTask', { SourceArn: ARN('dlq'), DestinationArn: ARN('other') });
    env().advance(1_000);
    expect(await visible(other)).toBe(3);
    await call('StartMessageMoveTask', { SourceArn: ARN('dlq') });
    env().advance(1_000);
    const { Results } = await call('ListMessageMoveTasks', { SourceArn: ARN('dlq'), MaxResults: 10 });
    expect(Results.map((r: { Status: string; DestinationArn?: string; ApproximateNumberOfMessagesToMove: number }) => [r.Status, r.DestinationArn, r.ApproximateNumberOfMessagesToMove])).toEqual([
      ['COMPLETED', undefined, 0],
      ['COMPLETED', ARN('other'), 3],
    ]);
  });

  it('cancels a running task, which reports CANCELLING, then CANCELLED', async () => {
    await deadLettered(10);
    const { TaskHandle } = await call('StartMessageMoveTask', { SourceArn: ARN('dlq'), MaxNumberOfMessagesPerSecond: 1 });
    env().advance(2_500);
    expect(await call('CancelMessageMoveTask', { TaskHandle })).toEqual({ ApproximateNumberOfMessagesMoved: 2 });
    const [cancelling] = (await call('ListMessageMoveTasks', { SourceArn: ARN('dlq') })).Results;
    expect(cancelling.Status).toBe('CANCELLING');
    expect(cancelling.TaskHandle).toBeUndefined();
    env().advance(5_000);
    const [cancelled] = (await call('ListMessageMoveTasks', { SourceArn: ARN('dlq') })).Results;
    expect([cancelled.Status, cancelled.ApproximateNumberOfMessagesMoved]).toEqual(['CANCELLED', 2]);
    const again = await awsError(call('CancelMessageMoveTask', { TaskHandle }));
    expect(again.code).toBe('InvalidParameterValue');
  });

  it('allows one active task per source queue', async () => {
    await deadLettered(5);
    await call('StartMessageMoveTask', { SourceArn: ARN('dlq'), MaxNumberOfMessagesPerSecond: 1 });
    const e = await awsError(call('StartMessageMoveTask', { SourceArn: ARN('dlq') }));
    expect([e.code, e.message]).toEqual([
      'InvalidParameterValue',
      'There is already a task running. Only one active task is allowed for a source queue arn at a given time.',
    ]);
  });

  it('fails a task whose destination disappears', async () => {
    await deadLettered(10);
    const other = (await call('CreateQueue', { QueueName: 'other' })).QueueUrl;
    await call('StartMessageMoveTask', { SourceArn: ARN('dlq'), DestinationArn: ARN('other'), MaxNumberOfMessagesPerSecond: 1 });
    env().advance(3_500);
    await call('DeleteQueue', { QueueUrl: other });
    env().advance(2_000);
    const [failed] = (await call('ListMessageMoveTasks', { SourceArn: ARN('dlq') })).Results;
    expect(failed).toMatchObject({ Status: 'FAILED', FailureReason: 'AWS.SimpleQueueService.NonExistentQueue', ApproximateNumberOfMessagesMoved: 3 });
  });

  it('validates its requests as SQS does', async () => {
    await deadLettered(1);
    await call('CreateQueue', { QueueName: 'plain' });
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      ['StartMessageMoveTask', { SourceArn: ARN('plain') }, 'InvalidParameterValue', 'Source queue must be configured as a Dead Letter Queue.'],
      ['StartMessageMoveTask', { SourceArn: ARN('nope') }, 'ResourceNotFoundException', "The resource that you specified for the SourceArn parameter doesn't exist."],
      ['StartMessageMoveTask', { SourceArn: ARN('dlq'), DestinationArn: ARN('nope') }, 'ResourceNotFoundException', "The resource that you specified for the DestinationArn parameter doesn't exist."],
      ['StartMessageMoveTask', { SourceArn: 'garbage' }, 'InvalidParameterValue', 'You must use this format to specify the SourceArn: arn:<partition>:<service>:<region>:<account-id>:<resource-id>'],
      ['StartMessageMoveTask', { SourceArn: ARN('dlq'), MaxNumberOfMessagesPerSecond: 501 }, 'InvalidParameterValue', "Value 501 for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: You must enter a number that's between 1 and 500."],
      ['CancelMessageMoveTask', { TaskHandle: 'not-a-handle' }, 'InvalidParameterValue', 'Value for parameter TaskHandle is invalid.'],
      ['CancelMessageMoveTask', { TaskHandle: Buffer.from(JSON.stringify({ taskId: 'x', sourceArn: ARN('nope') })).toString('base64') }, 'ResourceNotFoundException', "The resource that you specified for the SourceArn parameter doesn't exist."],
      ['CancelMessageMoveTask', { TaskHandle: Buffer.from(JSON.stringify({ taskId: 'x', sourceArn: ARN('dlq') })).toString('base64') }, 'ResourceNotFoundException', 'Task does not exist.'],
      ['ListMessageMoveTasks', { SourceArn: ARN('nope') }, 'ResourceNotFoundException', "The resource that you specified for the SourceArn parameter doesn't exist."],
      ['ListMessageMoveTasks', { SourceArn: ARN('dlq'), MaxResults: 11 }, 'InvalidParameterValue', "Value 11 for parameter MaxResults is invalid. Reason: You must enter a number that's between 1 and 10."],
    ];
    for (const [op, req, code, message] of cases) {
      const e = await awsError(call(op, req));
      expect([op, e.code, e.message]).toEqual([op, code, message]);
    }
    expect(await call('ListMessageMoveTasks', { SourceArn: ARN('dlq') })).toEqual({ Results: [] });
  });
});
