import { describe, expect, it } from 'vitest';
import { awsError, sqsEnv } from './helpers.js';

const URL = (name: string, region = 'us-east-1') => `https://sqs.${region}.amazonaws.com/000000000000/${name}`;

describe('CreateQueue', () => {
  const { env, call } = sqsEnv();

  it('returns the URL in AWS form and is idempotent with the same attributes', async () => {
    const a = await call('CreateQueue', { QueueName: 'q1', Attributes: { VisibilityTimeout: '45' } });
    expect(a).toEqual({ QueueUrl: URL('q1') });
    expect(await call('CreateQueue', { QueueName: 'q1', Attributes: { VisibilityTimeout: '45' } })).toEqual(a);
    expect(await call('CreateQueue', { QueueName: 'q1' })).toEqual(a);
  });

  it('fails with QueueAlreadyExists when an attribute differs', async () => {
    await call('CreateQueue', { QueueName: 'q1', Attributes: { DelaySeconds: '5' } });
    const e = await awsError(call('CreateQueue', { QueueName: 'q1', Attributes: { DelaySeconds: '6' } }));
    expect(e.code).toBe('QueueAlreadyExists');
    expect(e.message).toBe('A queue already exists with the same name and a different value for attribute DelaySeconds');
    const f = await awsError(call('CreateQueue', { QueueName: 'q1', Attributes: { VisibilityTimeout: '31' } }));
    expect(f.message).toMatch(/attribute VisibilityTimeout$/);
  });

  it.each([
    ['', 'MissingParameter', 'The request must contain the parameter QueueName.'],
    ['bad name', 'InvalidParameterValue', 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length'],
    ['x'.repeat(81), 'InvalidParameterValue', 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length'],
    ['q.fifo', 'InvalidParameterValue', 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length'],
  ])('rejects the name %j', async (name, code, message) => {
    const e = await awsError(call('CreateQueue', { QueueName: name }));
    expect([e.code, e.message]).toEqual([code, message]);
  });

  it('requires .fifo for FIFO queues', async () => {
    const e = await awsError(call('CreateQueue', { QueueName: 'q', Attributes: { FifoQueue: 'true' } }));
    expect(e.code).toBe('InvalidParameterValue');
    expect(e.message).toBe(
      'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length',
    );
    expect((await call('CreateQueue', { QueueName: 'q.fifo', Attributes: { FifoQueue: 'True' } })).QueueUrl).toBe(URL('q.fifo'));
  });

  it.each([
    ['DelaySeconds', '901'],
    ['DelaySeconds', '-1'],
    ['DelaySeconds', 'ten'],
    ['MaximumMessageSize', '1023'],
    ['MaximumMessageSize', '1048577'],
    ['MessageRetentionPeriod', '59'],
    ['MessageRetentionPeriod', '1209601'],
    ['ReceiveMessageWaitTimeSeconds', '21'],
    ['VisibilityTimeout', '43201'],
    ['KmsDataKeyReusePeriodSeconds', '59'],
    ['KmsDataKeyReusePeriodSeconds', '86401'],
    ['SqsManagedSseEnabled', 'yes'],
    ['Policy', '{not json'],
  ])('rejects %s=%s with InvalidAttributeValue', async (name, value) => {
    const e = await awsError(call('CreateQueue', { QueueName: 'q', Attributes: { [name]: value } }));
    expect(e.code).toBe('InvalidAttributeValue');
    expect(e.message).toBe(`Invalid value for the parameter ${name}.`);
    expect((await call('ListQueues')).QueueUrls).toBeUndefined();
  });

  it.each([
    ['DelaySeconds', '900'],
    ['MaximumMessageSize', '1024'],
    ['MessageRetentionPeriod', '1209600'],
    ['ReceiveMessageWaitTimeSeconds', '20'],
    ['VisibilityTimeout', '0'],
    ['VisibilityTimeout', '43200'],
  ])('accepts %s=%s at the edge of its range', async (name, value) => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q', Attributes: { [name]: value } });
    const got = await call('GetQueueAttributes', { QueueUrl, AttributeNames: [name] });
    expect(got).toEqual({ Attributes: { [name]: value } });
  });

  it.each([
    ['FifoQueue', 'false', 'Unknown Attribute FifoQueue.'],
    ['ContentBasedDeduplication', 'false', 'Unknown Attribute ContentBasedDeduplication.'],
    ['DeduplicationScope', 'queue', 'You can specify the DeduplicationScope only when FifoQueue is set to true.'],
    ['FifoThroughputLimit', 'perQueue', 'You can specify the FifoThroughputLimit only when FifoQueue is set to true.'],
    ['QueueArn', 'x', 'Unknown Attribute QueueArn.'],
    ['ApproximateNumberOfMessages', '1', 'Unknown Attribute ApproximateNumberOfMessages.'],
    ['Colour', 'red', 'Unknown Attribute Colour.'],
  ])('rejects %s on a standard queue with InvalidAttributeName', async (name, value, message) => {
    const e = await awsError(call('CreateQueue', { QueueName: 'q', Attributes: { [name]: value } }));
    expect([e.code, e.message]).toEqual(['InvalidAttributeName', message]);
  });

  it('checks that perMessageGroupId goes with messageGroup deduplication', async () => {
    const e = await awsError(
      call('CreateQueue', { QueueName: 'q.fifo', Attributes: { FifoQueue: 'true', FifoThroughputLimit: 'perMessageGroupId' } }),
    );
    expect(e.code).toBe('InvalidAttributeValue');
    await call('CreateQueue', {
      QueueName: 'q.fifo',
      Attributes: { FifoQueue: 'true', FifoThroughputLimit: 'perMessageGroupId', DeduplicationScope: 'messageGroup' },
    });
  });

  it('refuses to reuse a name within 60 seconds of its deletion', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q' });
    await call('DeleteQueue', { QueueUrl });
    const e = await awsError(call('CreateQueue', { QueueName: 'q' }));
    expect(e.code).toBe('AWS.SimpleQueueService.QueueDeletedRecently');
    expect(e.message).toBe('You must wait 60 seconds after deleting a queue before you can create another with the same name.');
    env().advance(59_000);
    expect((await awsError(call('CreateQueue', { QueueName: 'q' }))).code).toBe('AWS.SimpleQueueService.QueueDeletedRecently');
    env().advance(1_000);
    expect(await call('CreateQueue', { QueueName: 'q' })).toEqual({ QueueUrl: URL('q') });
  });

  it('tags a queue on creation', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q', tags: { team: 'a', empty: '' } });
    expect(await call('ListQueueTags', { QueueUrl })).toEqual({ Tags: { team: 'a', empty: '' } });
  });
});

describe('queues are scoped by region', () => {
  const { env, call } = sqsEnv();

  it('keeps same-named queues apart and lists only the region asked', async () => {
    const west = env().inRegion('us-west-2');
    await call('CreateQueue', { QueueName: 'q' });
    await call('CreateQueue', { QueueName: 'q', Attributes: { DelaySeconds: '3' } }, west);
    expect(await call('ListQueues', {}, west)).toEqual({ QueueUrls: [URL('q', 'us-west-2')] });
    expect(await call('GetQueueUrl', { QueueName: 'q' }, west)).toEqual({ QueueUrl: URL('q', 'us-west-2') });
    const a = await call('GetQueueAttributes', { QueueUrl: URL('q'), AttributeNames: ['DelaySeconds'] });
    expect(a.Attributes.DelaySeconds).toBe('0');
    // the URL's region decides, whatever region the request is for
    const b = await call('GetQueueAttributes', { QueueUrl: URL('q', 'us-west-2'), AttributeNames: ['DelaySeconds'] });
    expect(b.Attributes.DelaySeconds).toBe('3');
    const e = await awsError(call('GetQueueUrl', { QueueName: 'q' }, env().inRegion('eu-west-1')));
    expect([e.code, e.message]).toEqual(['AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.']);
  });

  it('accepts every queue URL form for the same queue', async () => {
    await call('CreateQueue', { QueueName: 'MyQueue' });
    for (const url of [
      'https://sqs.us-east-1.amazonaws.com/80398EXAMPLE/MyQueue',
      'https://queue.amazonaws.com/80398EXAMPLE/MyQueue',
      'https://us-east-1.queue.amazonaws.com/000000000000/MyQueue',
      'http://localhost:4566/000000000000/MyQueue',
    ]) {
      await call('SendMessage', { QueueUrl: url, MessageBody: url });
    }
    const got = await call('GetQueueAttributes', { QueueUrl: URL('MyQueue'), AttributeNames: ['ApproximateNumberOfMessages'] });
    expect(got.Attributes.ApproximateNumberOfMessages).toBe('4');
  });
});

describe('GetQueueUrl, DeleteQueue, ListQueues', () => {
  const { call } = sqsEnv();

  it('GetQueueUrl answers for existing queues only, in this account', async () => {
    await call('CreateQueue', { QueueName: 'q' });
    expect(await call('GetQueueUrl', { QueueName: 'q' })).toEqual({ QueueUrl: URL('q') });
    expect(await call('GetQueueUrl', { QueueName: 'q', QueueOwnerAWSAccountId: '000000000000' })).toEqual({ QueueUrl: URL('q') });
    expect((await awsError(call('GetQueueUrl', { QueueName: 'q', QueueOwnerAWSAccountId: '123456789012' }))).code).toBe(
      'AWS.SimpleQueueService.NonExistentQueue',
    );
    expect((await awsError(call('GetQueueUrl', { QueueName: 'nope' }))).code).toBe('AWS.SimpleQueueService.NonExistentQueue');
  });

  it('DeleteQueue removes the queue and its messages; a second delete fails', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q' });
    await call('SendMessage', { QueueUrl, MessageBody: 'x' });
    expect(await call('DeleteQueue', { QueueUrl })).toEqual({});
    expect((await awsError(call('DeleteQueue', { QueueUrl }))).code).toBe('AWS.SimpleQueueService.NonExistentQueue');
    expect((await awsError(call('SendMessage', { QueueUrl, MessageBody: 'x' }))).code).toBe(
      'AWS.SimpleQueueService.NonExistentQueue',
    );
  });

  it('ListQueues filters by prefix (case-sensitive) and prints nothing when there is nothing', async () => {
    expect(await call('ListQueues')).toEqual({});
    for (const n of ['MyQueue', 'MyDeadLetterQueue', 'my-other', 'TestQueue1']) await call('CreateQueue', { QueueName: n });
    expect(await call('ListQueues', { QueueNamePrefix: 'My' })).toEqual({ QueueUrls: [URL('MyDeadLetterQueue'), URL('MyQueue')] });
    expect(await call('ListQueues', { QueueNamePrefix: 'Zed' })).toEqual({});
    expect((await call('ListQueues')).QueueUrls).toHaveLength(4);
  });

  it('ListQueues pages with MaxResults and NextToken', async () => {
    for (let i = 0; i < 5; i++) await call('CreateQueue', { QueueName: `q${i}` });
    const p1 = await call('ListQueues', { MaxResults: 2 });
    expect(p1.QueueUrls).toEqual([URL('q0'), URL('q1')]);
    expect(typeof p1.NextToken).toBe('string');
    const p2 = await call('ListQueues', { MaxResults: 2, NextToken: p1.NextToken });
    expect(p2.QueueUrls).toEqual([URL('q2'), URL('q3')]);
    const p3 = await call('ListQueues', { MaxResults: 2, NextToken: p2.NextToken });
    expect(p3).toEqual({ QueueUrls: [URL('q4')] });
    expect((await awsError(call('ListQueues', { MaxResults: 0 }))).code).toBe('InvalidParameterValue');
    expect((await awsError(call('ListQueues', { MaxResults: 1001 }))).code).toBe('InvalidParameterValue');
    expect((await awsError(call('ListQueues', { NextToken: '%%%' }))).code).toBe('InvalidParameterValue');
  });
});

describe('GetQueueAttributes / SetQueueAttributes', () => {
  const { env, call } = sqsEnv();

  it('reports every attribute of a new standard queue, in order', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q' });
    const created = Math.floor(env().store.clock.now() / 1000);
    const { Attributes } = await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['All'] });
    expect(Object.keys(Attributes)).toEqual([
      'QueueArn',
      'ApproximateNumberOfMessages',
      'ApproximateNumberOfMessagesNotVisible',
      'ApproximateNumberOfMessagesDelayed',
      'CreatedTimestamp',
      'LastModifiedTimestamp',
      'VisibilityTimeout',
      'MaximumMessageSize',
      'MessageRetentionPeriod',
      'DelaySeconds',
      'ReceiveMessageWaitTimeSeconds',
      'SqsManagedSseEnabled',
    ]);
    expect(Attributes).toMatchObject({
      QueueArn: 'arn:aws:sqs:us-east-1:000000000000:q',
      ApproximateNumberOfMessages: '0',
      VisibilityTimeout: '30',
      MaximumMessageSize: '1048576',
      MessageRetentionPeriod: '345600',
      DelaySeconds: '0',
      ReceiveMessageWaitTimeSeconds: '0',
      SqsManagedSseEnabled: 'true',
    });
    expect(Math.abs(Number(Attributes.CreatedTimestamp) - created)).toBeLessThanOrEqual(1);
    expect(Attributes.CreatedTimestamp).toMatch(/^\d{10}$/);
  });

  it('reports FIFO attributes of a FIFO queue', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q.fifo', Attributes: { FifoQueue: 'true' } });
    const { Attributes } = await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['All'] });
    expect(Attributes).toMatchObject({
      FifoQueue: 'true',
      DeduplicationScope: 'queue',
      FifoThroughputLimit: 'perQueue',
      ContentBasedDeduplication: 'false',
    });
  });

  it('returns nothing without attribute names, and rejects unknown names', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q' });
    expect(await call('GetQueueAttributes', { QueueUrl })).toEqual({});
    const e = await awsError(call('GetQueueAttributes', { QueueUrl, AttributeNames: ['Bogus'] }));
    expect([e.code, e.message]).toEqual(['InvalidAttributeName', 'Unknown Attribute Bogus.']);
    expect(await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['RedrivePolicy'] })).toEqual({});
  });

  it('sets attributes, updating LastModifiedTimestamp, and validates them', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q' });
    env().advance(5_000);
    await call('SetQueueAttributes', { QueueUrl, Attributes: { VisibilityTimeout: '60', DelaySeconds: '10' } });
    const { Attributes } = await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['All'] });
    expect(Attributes.VisibilityTimeout).toBe('60');
    expect(Attributes.DelaySeconds).toBe('10');
    expect(Number(Attributes.LastModifiedTimestamp) - Number(Attributes.CreatedTimestamp)).toBeGreaterThanOrEqual(4);
    const e = await awsError(call('SetQueueAttributes', { QueueUrl, Attributes: { VisibilityTimeout: '60', DelaySeconds: '1000' } }));
    expect(e.code).toBe('InvalidAttributeValue');
    // a failed request changes nothing
    const after = await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['DelaySeconds'] });
    expect(after.Attributes.DelaySeconds).toBe('10');
  });

  it('does not change the queue type', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q' });
    expect((await awsError(call('SetQueueAttributes', { QueueUrl, Attributes: { FifoQueue: 'true' } }))).message).toBe(
      'Unknown Attribute FifoQueue.',
    );
    const fifo = (await call('CreateQueue', { QueueName: 'f.fifo', Attributes: { FifoQueue: 'true' } })).QueueUrl;
    await call('SetQueueAttributes', { QueueUrl: fifo, Attributes: { FifoQueue: 'true' } });
    const e = await awsError(call('SetQueueAttributes', { QueueUrl: fifo, Attributes: { FifoQueue: 'false' } }));
    expect([e.code, e.message]).toEqual([
      'InvalidAttributeValue',
      'Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.',
    ]);
  });

  it('keeps one server-side encryption option at a time', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q' });
    await call('SetQueueAttributes', { QueueUrl, Attributes: { KmsMasterKeyId: 'testKeyId', KmsDataKeyReusePeriodSeconds: '6000' } });
    const names = ['KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds', 'SqsManagedSseEnabled'];
    expect(await call('GetQueueAttributes', { QueueUrl, AttributeNames: names })).toEqual({
      Attributes: { KmsMasterKeyId: 'testKeyId', KmsDataKeyReusePeriodSeconds: '6000', SqsManagedSseEnabled: 'false' },
    });
    await call('SetQueueAttributes', { QueueUrl, Attributes: { KmsMasterKeyId: '', KmsDataKeyReusePeriodSeconds: '300' } });
    expect(await call('GetQueueAttributes', { QueueUrl, AttributeNames: names })).toEqual({
      Attributes: { SqsManagedSseEnabled: 'false' },
    });
    await call('SetQueueAttributes', { QueueUrl, Attributes: { SqsManagedSseEnabled: 'true' } });
    expect(await call('GetQueueAttributes', { QueueUrl, AttributeNames: names })).toEqual({
      Attributes: { SqsManagedSseEnabled: 'true' },
    });
  });

  it('rejects a KMS key together with SqsManagedSseEnabled=true and changes nothing', async () => {
    const both = { KmsMasterKeyId: 'alias/aws/sqs', SqsManagedSseEnabled: 'true' };
    const expected = [
      'InvalidAttributeName',
      'You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.',
    ];
    const c = await awsError(call('CreateQueue', { QueueName: 'both', Attributes: both }));
    expect([c.code, c.message]).toEqual(expected);
    expect(await call('ListQueues')).toEqual({});

    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q', Attributes: { KmsMasterKeyId: 'k1' } });
    const s = await awsError(call('SetQueueAttributes', { QueueUrl, Attributes: { ...both, DelaySeconds: '7' } }));
    expect([s.code, s.message]).toEqual(expected);
    const names = ['KmsMasterKeyId', 'SqsManagedSseEnabled', 'DelaySeconds'];
    expect(await call('GetQueueAttributes', { QueueUrl, AttributeNames: names })).toEqual({
      Attributes: { KmsMasterKeyId: 'k1', SqsManagedSseEnabled: 'false', DelaySeconds: '0' },
    });
    // an existing queue's CreateQueue checks the request before comparing attributes
    const again = await awsError(call('CreateQueue', { QueueName: 'q', Attributes: { ...both, KmsMasterKeyId: 'k1' } }));
    expect([again.code, again.message]).toEqual(expected);
    // removing the key ('') while turning SSE-SQS on is one option, not two
    await call('SetQueueAttributes', { QueueUrl, Attributes: { KmsMasterKeyId: '', SqsManagedSseEnabled: 'true' } });
    expect(await call('GetQueueAttributes', { QueueUrl, AttributeNames: names.slice(0, 2) })).toEqual({
      Attributes: { SqsManagedSseEnabled: 'true' },
    });
  });

  it('counts visible, in-flight and delayed messages exactly as time passes', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q', Attributes: { VisibilityTimeout: '10' } });
    await call('SendMessage', { QueueUrl, MessageBody: 'a' });
    await call('SendMessage', { QueueUrl, MessageBody: 'b' });
    await call('SendMessage', { QueueUrl, MessageBody: 'c', DelaySeconds: 5 });
    await call('ReceiveMessage', { QueueUrl });
    const counts = async () => {
      const { Attributes } = await call('GetQueueAttributes', {
        QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
      });
      return [Attributes.ApproximateNumberOfMessages, Attributes.ApproximateNumberOfMessagesNotVisible, Attributes.ApproximateNumberOfMessagesDelayed].map(Number);
    };
    expect(await counts()).toEqual([1, 1, 1]);
    env().advance(5_000);
    expect(await counts()).toEqual([2, 1, 0]);
    env().advance(5_000);
    expect(await counts()).toEqual([3, 0, 0]);
  });
});

describe('PurgeQueue', () => {
  const { env, call } = sqsEnv();

  it('deletes every message, in flight too, once a minute', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q' });
    for (const b of ['1', '2', '3']) await call('SendMessage', { QueueUrl, MessageBody: b });
    const { Messages } = await call('ReceiveMessage', { QueueUrl });
    expect(await call('PurgeQueue', { QueueUrl })).toEqual({});
    expect(await call('ReceiveMessage', { QueueUrl })).toEqual({});
    await call('DeleteMessage', { QueueUrl, ReceiptHandle: Messages[0].ReceiptHandle });
    const e = await awsError(call('PurgeQueue', { QueueUrl }));
    expect([e.code, e.message, e.httpStatus]).toEqual([
      'AWS.SimpleQueueService.PurgeQueueInProgress',
      'Only one PurgeQueue operation on q is allowed every 60 seconds.',
      403,
    ]);
    env().advance(60_000);
    expect(await call('PurgeQueue', { QueueUrl })).toEqual({});
  });
});

describe('tags', () => {
  const { call } = sqsEnv();

  it('adds, overwrites, lists and removes tags', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q' });
    expect(await call('ListQueueTags', { QueueUrl })).toEqual({});
    await call('TagQueue', { QueueUrl, Tags: { Priority: 'Highest', Team: 'Alpha' } });
    await call('TagQueue', { QueueUrl, Tags: { Priority: 'Low' } });
    expect(await call('ListQueueTags', { QueueUrl })).toEqual({ Tags: { Priority: 'Low', Team: 'Alpha' } });
    await call('UntagQueue', { QueueUrl, TagKeys: ['Priority', 'NotThere'] });
    expect(await call('ListQueueTags', { QueueUrl })).toEqual({ Tags: { Team: 'Alpha' } });
    await call('UntagQueue', { QueueUrl, TagKeys: ['Team'] });
    expect(await call('ListQueueTags', { QueueUrl })).toEqual({});
  });

  it('enforces the tag limits', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q' });
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    await call('TagQueue', { QueueUrl, Tags: fifty });
    const e = await awsError(call('TagQueue', { QueueUrl, Tags: { one: 'more' } }));
    expect([e.code, e.message]).toEqual(['InvalidParameterValue', 'Too many tags added for queue q.']);
    for (const tags of [{ ['k'.repeat(129)]: 'v' }, { k: 'v'.repeat(257) }, { 'aws:x': 'v' }, { 'bad*key': 'v' }]) {
      expect((await awsError(call('TagQueue', { QueueUrl, Tags: tags }))).code).toBe('InvalidParameterValue');
    }
    expect((await awsError(call('TagQueue', { QueueUrl, Tags: {} }))).code).toBe('MissingParameter');
    expect(Object.keys((await call('ListQueueTags', { QueueUrl })).Tags)).toHaveLength(50);
  });
});

describe('AddPermission / RemovePermission', () => {
  const { call } = sqsEnv();

  it('builds the queue policy as AWS does, and removes statements by label', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q' });
    await call('AddPermission', { QueueUrl, Label: 'one', AWSAccountIds: ['111111111111'], Actions: ['SendMessage'] });
    await call('AddPermission', {
      QueueUrl,
      Label: 'two',
      AWSAccountIds: ['111111111111', '222222222222'],
      Actions: ['ReceiveMessage', 'DeleteMessage'],
    });
    const { Attributes } = await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['Policy'] });
    expect(JSON.parse(Attributes.Policy)).toEqual({
      Version: '2008-10-17',
      Id: 'arn:aws:sqs:us-east-1:000000000000:q/SQSDefaultPolicy',
      Statement: [
        {
          Sid: 'one',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:root' },
          Action: 'SQS:SendMessage',
          Resource: 'arn:aws:sqs:us-east-1:000000000000:q',
        },
        {
          Sid: 'two',
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::111111111111:root', 'arn:aws:iam::222222222222:root'] },
          Action: ['SQS:ReceiveMessage', 'SQS:DeleteMessage'],
          Resource: 'arn:aws:sqs:us-east-1:000000000000:q',
        },
      ],
    });
    const dup = await awsError(call('AddPermission', { QueueUrl, Label: 'one', AWSAccountIds: ['111111111111'], Actions: ['*'] }));
    expect(dup.message).toBe('Value one for parameter Label is invalid. Reason: Already exists.');
    await call('RemovePermission', { QueueUrl, Label: 'one' });
    const after = JSON.parse((await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['Policy'] })).Attributes.Policy);
    expect(after.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['two']);
    await call('RemovePermission', { QueueUrl, Label: 'two' });
    expect(await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['Policy'] })).toEqual({});
    const gone = await awsError(call('RemovePermission', { QueueUrl, Label: 'two' }));
    expect(gone.message).toBe("Value two for parameter Label is invalid. Reason: can't find label on existing policy.");
  });

  it('validates actions, accounts and labels', async () => {
    const { QueueUrl } = await call('CreateQueue', { QueueName: 'q' });
    const base = { QueueUrl, Label: 'l', AWSAccountIds: ['111111111111'] };
    const e1 = await awsError(call('AddPermission', { ...base, Actions: ['CreateQueue'] }));
    expect(e1.message).toBe('Value SQS:CreateQueue for parameter ActionName is invalid. Reason: Only the queue owner is allowed to invoke this action.');
    const e2 = await awsError(call('AddPermission', { ...base, Actions: ['Fly'] }));
    expect(e2.message).toMatch(/^Value SQS:Fly for parameter ActionName is invalid/);
    const e3 = await awsError(call('AddPermission', { ...base, Actions: Array(8).fill('SendMessage') }));
    expect([e3.code, e3.message]).toEqual(['OverLimit', '8 Actions were found, maximum allowed is 7.']);
    const e4 = await awsError(call('AddPermission', { ...base, AWSAccountIds: [], Actions: ['*'] }));
    expect(e4.message).toBe('Value [] for parameter PrincipalId is invalid. Reason: Unable to verify.');
    const e5 = await awsError(call('AddPermission', { ...base, Label: 'no spaces', Actions: ['*'] }));
    expect(e5.code).toBe('InvalidParameterValue');
  });
});
