/**
 * The AWS CLI's own examples for sqs (awscli/examples/sqs/*.rst), run at the operation level with
 * the requests as written (placeholder receipt handles and task handles replaced by real ones,
 * placeholder accounts in ARNs by this account). Values AWS generates differ; shapes must not.
 */
import { describe, expect, it } from 'vitest';
import { sqsEnv } from './helpers.js';

const EXAMPLE_URL = (name: string) => `https://sqs.us-east-1.amazonaws.com/80398EXAMPLE/${name}`;
const OUR_ARN = (name: string) => `arn:aws:sqs:us-east-1:000000000000:${name}`;
const OUR_URL = (name: string) => `https://sqs.us-east-1.amazonaws.com/000000000000/${name}`;

describe('AWS CLI examples for sqs', () => {
  const { env, call } = sqsEnv();

  it('create-queue, get-queue-url, list-queues, get-queue-attributes, set-queue-attributes, delete-queue', async () => {
    await call('CreateQueue', { QueueName: 'MyDeadLetterQueue' });
    // create-queue --queue-name MyQueue --attributes file://create-queue.json
    const created = await call('CreateQueue', {
      QueueName: 'MyQueue',
      Attributes: {
        RedrivePolicy: `{"deadLetterTargetArn":"${OUR_ARN('MyDeadLetterQueue')}","maxReceiveCount":"1000"}`,
        MessageRetentionPeriod: '259200',
      },
    });
    expect(created).toEqual({ QueueUrl: OUR_URL('MyQueue') });
    // get-queue-url --queue-name MyQueue
    expect(await call('GetQueueUrl', { QueueName: 'MyQueue' })).toEqual({ QueueUrl: OUR_URL('MyQueue') });
    for (const n of ['MyOtherQueue', 'TestQueue1', 'TestQueue2']) await call('CreateQueue', { QueueName: n });
    // list-queues; list-queues --queue-name-prefix My
    expect((await call('ListQueues')).QueueUrls).toEqual(
      ['MyDeadLetterQueue', 'MyOtherQueue', 'MyQueue', 'TestQueue1', 'TestQueue2'].map(OUR_URL),
    );
    expect((await call('ListQueues', { QueueNamePrefix: 'My' })).QueueUrls).toEqual(['MyDeadLetterQueue', 'MyOtherQueue', 'MyQueue'].map(OUR_URL));
    // get-queue-attributes --queue-url .../MyQueue --attribute-names All
    const all = await call('GetQueueAttributes', { QueueUrl: EXAMPLE_URL('MyQueue'), AttributeNames: ['All'] });
    expect(all.Attributes).toMatchObject({
      ApproximateNumberOfMessagesNotVisible: '0',
      RedrivePolicy: `{"deadLetterTargetArn":"${OUR_ARN('MyDeadLetterQueue')}","maxReceiveCount":1000}`,
      MessageRetentionPeriod: '259200',
      ApproximateNumberOfMessagesDelayed: '0',
      MaximumMessageSize: '1048576',
      ApproximateNumberOfMessages: '0',
      ReceiveMessageWaitTimeSeconds: '0',
      DelaySeconds: '0',
      VisibilityTimeout: '30',
      QueueArn: OUR_ARN('MyQueue'),
    });
    // set-queue-attributes --queue-url .../MyNewQueue --attributes file://set-queue-attributes.json
    await call('CreateQueue', { QueueName: 'MyNewQueue' });
    expect(
      await call('SetQueueAttributes', {
        QueueUrl: EXAMPLE_URL('MyNewQueue'),
        Attributes: {
          DelaySeconds: '10',
          MaximumMessageSize: '131072',
          MessageRetentionPeriod: '259200',
          ReceiveMessageWaitTimeSeconds: '20',
          RedrivePolicy: `{"deadLetterTargetArn":"${OUR_ARN('MyDeadLetterQueue')}","maxReceiveCount":"1000"}`,
          VisibilityTimeout: '60',
        },
      }),
    ).toEqual({});
    // get-queue-attributes --attribute-names MaximumMessageSize VisibilityTimeout
    expect(
      await call('GetQueueAttributes', { QueueUrl: EXAMPLE_URL('MyNewQueue'), AttributeNames: ['MaximumMessageSize', 'VisibilityTimeout'] }),
    ).toEqual({ Attributes: { VisibilityTimeout: '60', MaximumMessageSize: '131072' } });
    // list-dead-letter-source-queues --queue-url .../MyDeadLetterQueue
    expect(await call('ListDeadLetterSourceQueues', { QueueUrl: EXAMPLE_URL('MyDeadLetterQueue') })).toEqual({
      queueUrls: [OUR_URL('MyNewQueue'), OUR_URL('MyQueue')],
    });
    // delete-queue --queue-url .../MyNewerQueue (created here first)
    await call('CreateQueue', { QueueName: 'MyNewerQueue' });
    expect(await call('DeleteQueue', { QueueUrl: EXAMPLE_URL('MyNewerQueue') })).toEqual({});
  });

  it('send-message, send-message-batch, receive-message, change-message-visibility(-batch), delete-message(-batch), purge-queue', async () => {
    await call('CreateQueue', { QueueName: 'MyQueue' });
    const QueueUrl = EXAMPLE_URL('MyQueue');
    // send-message --message-body "Information about the largest city in Any Region." --delay-seconds 10 --message-attributes file://send-message.json
    const sent = await call('SendMessage', {
      QueueUrl,
      MessageBody: 'Information about the largest city in Any Region.',
      DelaySeconds: 10,
      MessageAttributes: {
        City: { DataType: 'String', StringValue: 'Any City' },
        // the example's output was produced by a CLI that sent the base64 text of "Hello, World!"
        // as the value's bytes; sending those bytes reproduces AWS's MD5 exactly
        Greeting: { DataType: 'Binary', BinaryValue: Buffer.from(Buffer.from('Hello, World!').toString('base64')) },
        Population: { DataType: 'Number', StringValue: '1250800' },
      },
    });
    expect(Object.keys(sent)).toEqual(['MessageId', 'MD5OfMessageBody', 'MD5OfMessageAttributes']);
    // as in the example's output ("51b0a325...39163aa0", "00484c68...59e48f06")
    expect(sent.MD5OfMessageBody).toMatch(/^51b0a325.*39163aa0$/);
    expect(sent.MD5OfMessageAttributes).toMatch(/^00484c68.*59e48f06$/);
    // send-message-batch --entries file://send-message-batch.json
    const batch = await call('SendMessageBatch', {
      QueueUrl,
      Entries: [
        {
          Id: 'FuelReport-0001-2015-09-16T140731Z',
          MessageBody: 'Fuel report for account 0001 on 2015-09-16 at 02:07:31 PM.',
          DelaySeconds: 10,
          MessageAttributes: {
            SellerName: { DataType: 'String', StringValue: 'Example Store' },
            City: { DataType: 'String', StringValue: 'Any City' },
            Region: { DataType: 'String', StringValue: 'WA' },
            PostalCode: { DataType: 'String', StringValue: '99065' },
            PricePerGallon: { DataType: 'Number', StringValue: '1.99' },
          },
        },
        {
          Id: 'FuelReport-0002-2015-09-16T140930Z',
          MessageBody: 'Fuel report for account 0002 on 2015-09-16 at 02:09:30 PM.',
          DelaySeconds: 10,
          MessageAttributes: {
            SellerName: { DataType: 'String', StringValue: 'Example Fuels' },
            City: { DataType: 'String', StringValue: 'North Town' },
            Region: { DataType: 'String', StringValue: 'WA' },
            PostalCode: { DataType: 'String', StringValue: '99123' },
            PricePerGallon: { DataType: 'Number', StringValue: '1.87' },
          },
        },
      ],
    });
    expect(batch.Failed).toBeUndefined();
    expect(batch.Successful.map((s: Record<string, string>) => s.Id)).toEqual(['FuelReport-0001-2015-09-16T140731Z', 'FuelReport-0002-2015-09-16T140930Z']);
    // as in the example's output
    expect(batch.Successful[0].MD5OfMessageBody).toMatch(/^203c4a38.*7943237e$/);
    expect(batch.Successful[0].MD5OfMessageAttributes).toMatch(/^10809b55.*baf283ef$/);
    expect(batch.Successful[1].MD5OfMessageBody).toMatch(/^2cf0159a.*c1980595$/);
    expect(batch.Successful[1].MD5OfMessageAttributes).toMatch(/^55623928.*ae354a25$/);
    env().advance(10_000);
    // receive-message --attribute-names All --message-attribute-names All --max-number-of-messages 10
    const got = await call('ReceiveMessage', { QueueUrl, AttributeNames: ['All'], MessageAttributeNames: ['All'], MaxNumberOfMessages: 10 });
    expect(got.Messages).toHaveLength(3);
    for (const m of got.Messages) {
      expect(Object.keys(m)).toEqual(['MessageId', 'ReceiptHandle', 'MD5OfBody', 'Body', 'Attributes', 'MD5OfMessageAttributes', 'MessageAttributes']);
      expect(Object.keys(m.Attributes)).toEqual(['SenderId', 'ApproximateFirstReceiveTimestamp', 'ApproximateReceiveCount', 'SentTimestamp']);
    }
    const [a, b, c] = got.Messages.map((m: { ReceiptHandle: string }) => m.ReceiptHandle);
    // change-message-visibility --visibility-timeout 36000
    expect(await call('ChangeMessageVisibility', { QueueUrl, ReceiptHandle: a, VisibilityTimeout: 36000 })).toEqual({});
    // change-message-visibility-batch --entries file://change-message-visibility-batch.json
    const cv = await call('ChangeMessageVisibilityBatch', {
      QueueUrl,
      Entries: [
        { Id: 'FirstMessage', ReceiptHandle: b, VisibilityTimeout: 36000 },
        { Id: 'SecondMessage', ReceiptHandle: c, VisibilityTimeout: 36000 },
      ],
    });
    expect(cv).toEqual({ Successful: [{ Id: 'FirstMessage' }, { Id: 'SecondMessage' }] });
    // delete-message; delete-message-batch --entries file://delete-message-batch.json
    expect(await call('DeleteMessage', { QueueUrl, ReceiptHandle: a })).toEqual({});
    const del = await call('DeleteMessageBatch', {
      QueueUrl,
      Entries: [
        { Id: 'FirstMessage', ReceiptHandle: b },
        { Id: 'SecondMessage', ReceiptHandle: c },
      ],
    });
    expect(del).toEqual({ Successful: [{ Id: 'FirstMessage' }, { Id: 'SecondMessage' }] });
    // purge-queue --queue-url .../MyNewQueue
    await call('CreateQueue', { QueueName: 'MyNewQueue' });
    expect(await call('PurgeQueue', { QueueUrl: EXAMPLE_URL('MyNewQueue') })).toEqual({});
  });

  it('receive-message with --attribute-names SenderId SentTimestamp --message-attribute-names PostalCode', async () => {
    await call('CreateQueue', { QueueName: 'MyQueue' });
    const QueueUrl = EXAMPLE_URL('MyQueue');
    await call('SendMessage', {
      QueueUrl,
      MessageBody: 'My first message.',
      MessageAttributes: { PostalCode: { DataType: 'String', StringValue: 'ABC123' }, City: { DataType: 'String', StringValue: 'Any City' } },
    });
    const got = await call('ReceiveMessage', { QueueUrl, AttributeNames: ['SenderId', 'SentTimestamp'], MessageAttributeNames: ['PostalCode'] });
    const m = got.Messages[0];
    expect(m.Body).toBe('My first message.');
    expect(m.MD5OfBody).toBe('01cdf1b34e8351b604422a26270c2c5f');
    expect(Object.keys(m.Attributes)).toEqual(['SenderId', 'SentTimestamp']);
    expect(m.MessageAttributes).toEqual({ PostalCode: { DataType: 'String', StringValue: 'ABC123' } });
  });

  it('add-permission, remove-permission, tag-queue, untag-queue, list-queue-tags', async () => {
    await call('CreateQueue', { QueueName: 'MyQueue' });
    // add-permission --label SendMessagesFromMyQueue --aws-account-ids 12345EXAMPLE --actions SendMessage
    expect(
      await call('AddPermission', { QueueUrl: EXAMPLE_URL('MyQueue'), Label: 'SendMessagesFromMyQueue', AWSAccountIds: ['12345EXAMPLE'], Actions: ['SendMessage'] }),
    ).toEqual({});
    // remove-permission --label SendMessagesFromMyQueue
    expect(await call('RemovePermission', { QueueUrl: EXAMPLE_URL('MyQueue'), Label: 'SendMessagesFromMyQueue' })).toEqual({});
    const QueueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/MyQueue';
    // tag-queue --tags Priority=Highest; list-queue-tags; untag-queue --tag-keys "Priority"
    expect(await call('TagQueue', { QueueUrl, Tags: { Priority: 'Highest', Team: 'Alpha' } })).toEqual({});
    await call('UntagQueue', { QueueUrl, TagKeys: ['Priority'] });
    expect(await call('ListQueueTags', { QueueUrl })).toEqual({ Tags: { Team: 'Alpha' } });
  });

  it('start-message-move-task, list-message-move-tasks, cancel-message-move-task', async () => {
    await call('CreateQueue', { QueueName: 'MyQueue1' });
    await call('CreateQueue', { QueueName: 'MyQueue2' });
    const src = (
      await call('CreateQueue', {
        QueueName: 'Source',
        Attributes: { VisibilityTimeout: '0', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: OUR_ARN('MyQueue1'), maxReceiveCount: 1 }) },
      })
    ).QueueUrl;
    for (let i = 0; i < 100; i++) await call('SendMessage', { QueueUrl: src, MessageBody: `m${i}` });
    for (let i = 0; i < 30; i++) await call('ReceiveMessage', { QueueUrl: src, MaxNumberOfMessages: 10 });
    // start-message-move-task --source-arn ...:MyQueue1 --destination-arn ...:MyQueue2 --max-number-of-messages-per-second 50
    const { TaskHandle } = await call('StartMessageMoveTask', {
      SourceArn: OUR_ARN('MyQueue1'),
      DestinationArn: OUR_ARN('MyQueue2'),
      MaxNumberOfMessagesPerSecond: 50,
    });
    expect(TaskHandle).toMatch(/^[A-Za-z0-9+/]+=*$/);
    // list-message-move-tasks --source-arn ...:MyQueue1 --max-results 2
    const listed = await call('ListMessageMoveTasks', { SourceArn: OUR_ARN('MyQueue1'), MaxResults: 2 });
    expect(Object.keys(listed.Results[0])).toEqual([
      'Status',
      'SourceArn',
      'ApproximateNumberOfMessagesMoved',
      'ApproximateNumberOfMessagesToMove',
      'StartedTimestamp',
      'TaskHandle',
      'DestinationArn',
      'MaxNumberOfMessagesPerSecond',
    ]);
    env().advance(1_000);
    // cancel-message-move-task --task-handle ...
    const cancelled = await call('CancelMessageMoveTask', { TaskHandle });
    expect(Object.keys(cancelled)).toEqual(['ApproximateNumberOfMessagesMoved']);
    expect(cancelled.ApproximateNumberOfMessagesMoved).toBeGreaterThanOrEqual(50);
    expect(cancelled.ApproximateNumberOfMessagesMoved).toBeLessThan(100);
  });
});
