/**
 * Differential scenarios for `sqs`: each command line runs through the AWS CLI (v1) against
 * moto_server and through awsmsg, and the normalised outputs or errors must agree. Where moto
 * departs from AWS's documentation (../shared/AWS-NOTES.md), the step asserts AWS's behaviour
 * for awsmsg and the test's name says what moto does instead.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, errorLine, okJson, skipReason, startDifferential, url, type Differential, type Side } from './harness.js';

const skip = skipReason('test/diff/sqs.test.ts');

/** MD5 of string attributes as AWS documents it: per sorted name, length-prefixed name, type, transport 1, value. */
function attributesMd5(attrs: Record<string, [type: string, value: string]>): string {
  const part = (s: string) => {
    const bytes = Buffer.from(s, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(bytes.length);
    return [len, bytes];
  };
  const chunks = Object.keys(attrs)
    .sort()
    .flatMap((name) => [...part(name), ...part(attrs[name]![0]), Buffer.from([1]), ...part(attrs[name]![1])]);
  return createHash('md5').update(Buffer.concat(chunks)).digest('hex');
}
const ARN = (name: string) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;

describe.skipIf(skip)('sqs: AWS CLI + moto_server against awsmsg', () => {
  let d: Differential;
  beforeAll(async () => {
    d = await startDifferential();
  });
  afterAll(() => d?.stop());

  /** Each side's receipt handle for the messages a receive returned, by body. */
  async function receiveHandles(queue: string, extra: string[] = []): Promise<Record<Side, Record<string, string>>> {
    const pair = await d.both(['sqs', 'receive-message', '--queue-url', url(queue), '--max-number-of-messages', '10', ...extra]);
    const handles = (side: Side) =>
      Object.fromEntries((okJson(pair[side])?.Messages ?? []).map((m: any) => [m.Body, m.ReceiptHandle])) as Record<string, string>;
    return { aws: handles('aws'), awsmsg: handles('awsmsg') };
  }

  it('queue lifecycle: create (idempotent, conflicting), get-queue-url, attributes, list by prefix, delete', async () => {
    await d.same(['sqs', 'create-queue', '--queue-name', 'orders', '--attributes', 'VisibilityTimeout=60,DelaySeconds=0']);
    await d.same(['sqs', 'create-queue', '--queue-name', 'orders', '--attributes', 'VisibilityTimeout=60,DelaySeconds=0']);
    // moto: "The specified queue already exists."; AWS names the attribute that differs
    await d.same(['sqs', 'create-queue', '--queue-name', 'orders', '--attributes', 'VisibilityTimeout=61'], {
      awsMessage: 'A queue already exists with the same name and a different value for attribute VisibilityTimeout',
    });
    // moto: "Queue name must end in .fifo for FIFO queues"
    await d.same(['sqs', 'create-queue', '--queue-name', 'standard', '--attributes', 'FifoQueue=true'], {
      awsMessage: 'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length',
    });
    await d.same(['sqs', 'create-queue', '--queue-name', 'orders-archive']);
    await d.same(['sqs', 'get-queue-url', '--queue-name', 'orders']);
    await d.same(['sqs', 'get-queue-url', '--queue-name', 'no-such-queue']);
    const all = await d.same(['sqs', 'get-queue-attributes', '--queue-url', url('orders'), '--attribute-names', 'All']);
    expect(all.awsmsg.Attributes).toMatchObject({ VisibilityTimeout: '60', QueueArn: ARN('orders'), SqsManagedSseEnabled: 'true' });
    await d.same([
      'sqs', 'set-queue-attributes', '--queue-url', url('orders'),
      '--attributes', 'DelaySeconds=5,MaximumMessageSize=2048,MessageRetentionPeriod=3600,ReceiveMessageWaitTimeSeconds=2',
    ]);
    await d.same(['sqs', 'get-queue-attributes', '--queue-url', url('orders'), '--attribute-names', 'DelaySeconds', 'MaximumMessageSize', 'MessageRetentionPeriod', 'ReceiveMessageWaitTimeSeconds']);
    const listed = await d.same(['sqs', 'list-queues', '--queue-name-prefix', 'orders']);
    expect(listed.awsmsg.QueueUrls).toHaveLength(2);
    await d.same(['sqs', 'list-queues', '--queue-name-prefix', 'nothing-here']);
    await d.same(['sqs', 'delete-queue', '--queue-url', url('orders-archive')]);
    await d.same(['sqs', 'get-queue-attributes', '--queue-url', url('orders-archive'), '--attribute-names', 'All']);
  });

  it('CreatedTimestamp and LastModifiedTimestamp are whole seconds (moto: fractional)', async () => {
    const pair = await d.both(['sqs', 'get-queue-attributes', '--queue-url', url('orders'), '--attribute-names', 'CreatedTimestamp', 'LastModifiedTimestamp']);
    expect(okJson(pair.aws).Attributes.CreatedTimestamp).toMatch(/^\d+(\.\d+)?$/);
    const ours = okJson(pair.awsmsg).Attributes;
    expect(ours.CreatedTimestamp).toMatch(/^\d{10}$/);
    expect(ours.LastModifiedTimestamp).toMatch(/^\d{10}$/);
  });

  it('messages: attributes of every type and their MD5s, receive with all attributes, visibility, delete', async () => {
    await d.same(['sqs', 'create-queue', '--queue-name', 'inbox']);
    // the Binary attribute's bytes: CLI v1 takes them as text, v2 as base64
    const attrs = (side: Side) =>
      JSON.stringify({
        City: { DataType: 'String', StringValue: 'Any City' },
        Population: { DataType: 'Number', StringValue: '1250800' },
        Price: { DataType: 'Number.float', StringValue: '12.5' },
        Greeting: { DataType: 'Binary', BinaryValue: side === 'aws' ? 'Hello, World!' : Buffer.from('Hello, World!').toString('base64') },
      });
    const sent = await d.same((side) => ['sqs', 'send-message', '--queue-url', d.queueUrl(side, 'inbox'), '--message-body', 'Information about the largest city in Any Region.', '--message-attributes', attrs(side)]);
    expect(sent.awsmsg.MD5OfMessageBody).toBe('51b0a3256d59467f973009b739163aa0');
    await sendWithTraceHeader();
    const received = await d.same(
      ['sqs', 'receive-message', '--queue-url', url('inbox'), '--max-number-of-messages', '10', '--attribute-names', 'All', '--message-attribute-names', 'All', '--visibility-timeout', '0'],
      { mask: ['SenderId'] },
    );
    expect(received.awsmsg.Messages.map((m: any) => m.Body)).toEqual(['Information about the largest city in Any Region.', 'ünïcödé ✓ body']);
    expect(received.awsmsg.Messages[0].MessageAttributes.Greeting.BinaryValue).toBe(Buffer.from('Hello, World!').toString('base64'));
    expect(received.awsmsg.Messages[1].Attributes.AWSTraceHeader).toBe('Root=1-5759e988-bd862e3fe1be46a994272793');
    // only some attributes, by name and by prefix
    await d.same(
      ['sqs', 'receive-message', '--queue-url', url('inbox'), '--max-number-of-messages', '10', '--attribute-names', 'ApproximateReceiveCount', '--message-attribute-names', 'City', 'Pop.*', '--visibility-timeout', '0'],
    );
    // each side's own receipt handles: change visibility, delete, and the gone message's handle
    const handles = await receiveHandles('inbox', ['--visibility-timeout', '30']);
    const first = 'Information about the largest city in Any Region.';
    await d.same((side) => ['sqs', 'change-message-visibility', '--queue-url', d.queueUrl(side, 'inbox'), '--receipt-handle', handles[side][first]!, '--visibility-timeout', '45']);
    await d.same((side) => ['sqs', 'delete-message', '--queue-url', d.queueUrl(side, 'inbox'), '--receipt-handle', handles[side][first]!]);
    await d.same(['sqs', 'get-queue-attributes', '--queue-url', url('inbox'), '--attribute-names', 'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']);
    await d.same(['sqs', 'receive-message', '--queue-url', url('inbox')]);
  });

  /** The step of the test above whose response moto gets wrong: it leaves out MD5OfMessageSystemAttributes. */
  async function sendWithTraceHeader(): Promise<void> {
    const trace = 'Root=1-5759e988-bd862e3fe1be46a994272793';
    const pair = await d.both(['sqs', 'send-message', '--queue-url', url('inbox'), '--message-body', 'ünïcödé ✓ body', '--message-system-attributes', `AWSTraceHeader={DataType=String,StringValue=${trace}}`]);
    const [a, b] = [okJson(pair.aws), okJson(pair.awsmsg)];
    expect(b.MD5OfMessageBody).toBe(a.MD5OfMessageBody);
    expect(a.MD5OfMessageSystemAttributes).toBeUndefined();
    expect(b.MD5OfMessageSystemAttributes).toBe(attributesMd5({ AWSTraceHeader: ['String', trace] }));
  }

  it('a visibility timeout above 12 hours is refused (moto accepts it)', async () => {
    const pair = await d.both(['sqs', 'set-queue-attributes', '--queue-url', url('inbox'), '--attributes', 'VisibilityTimeout=43201']);
    expect(pair.aws.status).toBe(0);
    expect(pair.awsmsg.status).toBe(254);
    expect(errorLine(pair.awsmsg.stderr)).toEqual({
      code: 'InvalidAttributeValue',
      operation: 'SetQueueAttributes',
      message: 'Invalid value for the parameter VisibilityTimeout.',
    });
  });

  it('an empty message body is refused (moto accepts it)', async () => {
    const pair = await d.both(['sqs', 'send-message', '--queue-url', url('inbox'), '--message-body', '']);
    expect(pair.aws.status).toBe(0);
    expect(pair.awsmsg.status).toBe(254);
    expect(errorLine(pair.awsmsg.stderr)?.code).toBe('MissingParameter');
  });

  it('batches: per-entry successes, ids not distinct, bad receipt handles, visibility changes', async () => {
    await d.same(['sqs', 'create-queue', '--queue-name', 'batch']);
    // moto sends "Failed": [] where AWS (JSON protocol) leaves an empty list out
    const noFailed = { absentWhenEmpty: ['Failed'] };
    await d.same(['sqs', 'send-message-batch', '--queue-url', url('batch'), '--entries',
      'Id=a,MessageBody=one', 'Id=b,MessageBody=two,DelaySeconds=0', 'Id=c,MessageBody=three,MessageAttributes={k={DataType=String,StringValue=v}}'], noFailed);
    await d.same(['sqs', 'send-message-batch', '--queue-url', url('batch'), '--entries', 'Id=a,MessageBody=one', 'Id=a,MessageBody=two']);
    await d.same(['sqs', 'send-message-batch', '--queue-url', url('batch'), '--entries', 'Id=bad id!,MessageBody=one']);
    const handles = await receiveHandles('batch');
    expect(Object.keys(handles.awsmsg).sort()).toEqual(['one', 'three', 'two']);
    await d.same((side) => ['sqs', 'change-message-visibility-batch', '--queue-url', d.queueUrl(side, 'batch'), '--entries',
      JSON.stringify([{ Id: 'one', ReceiptHandle: handles[side].one, VisibilityTimeout: 60 }, { Id: 'two', ReceiptHandle: handles[side].two, VisibilityTimeout: 90 }])], noFailed);
    await d.same((side) => ['sqs', 'delete-message-batch', '--queue-url', d.queueUrl(side, 'batch'), '--entries',
      JSON.stringify([{ Id: 'one', ReceiptHandle: handles[side].one }, { Id: 'three', ReceiptHandle: handles[side].three }, { Id: 'x', ReceiptHandle: 'bogus' }])]);
    await d.same(['sqs', 'get-queue-attributes', '--queue-url', url('batch'), '--attribute-names', 'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']);
  });

  it('a failed batch entry has a boolean SenderFault and an unescaped message (moto: "true" and &gt;)', async () => {
    const pair = await d.both(['sqs', 'send-message-batch', '--queue-url', url('batch'), '--entries', 'Id=ok,MessageBody=fine', 'Id=late,MessageBody=x,DelaySeconds=1000']);
    const [a, b] = [okJson(pair.aws), okJson(pair.awsmsg)];
    expect(b.Successful.map((s: any) => [s.Id, s.MD5OfMessageBody])).toEqual(a.Successful.map((s: any) => [s.Id, s.MD5OfMessageBody]));
    expect(a.Failed[0].SenderFault).toBe('true');
    expect(b.Failed).toEqual([
      { Id: 'late', SenderFault: true, Code: 'InvalidParameterValue', Message: 'Value 1000 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.' },
    ]);
  });

  it('FIFO: group order, sequence numbers, a delay refused, content-based deduplication', async () => {
    await d.same(['sqs', 'create-queue', '--queue-name', 'jobs.fifo', '--attributes', 'FifoQueue=true,ContentBasedDeduplication=true']);
    await d.same(['sqs', 'get-queue-attributes', '--queue-url', url('jobs.fifo'), '--attribute-names', 'FifoQueue', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);
    await d.same(['sqs', 'send-message', '--queue-url', url('jobs.fifo'), '--message-body', 'no group']);
    await d.same(['sqs', 'send-message', '--queue-url', url('jobs.fifo'), '--message-body', 'late', '--message-group-id', 'g', '--delay-seconds', '5']);
    for (const [body, group] of [['g1-1', 'g1'], ['g2-1', 'g2'], ['g1-2', 'g1']] as const) {
      await d.same(['sqs', 'send-message', '--queue-url', url('jobs.fifo'), '--message-body', body, '--message-group-id', group, '--message-deduplication-id', body], { mask: ['SequenceNumber'] });
    }
    // AWS orders messages within a group only: the receive is compared with groups in a fixed order
    const received = await d.same(
      ['sqs', 'receive-message', '--queue-url', url('jobs.fifo'), '--max-number-of-messages', '10', '--attribute-names', 'MessageGroupId', 'MessageDeduplicationId',
        '--query', 'sort_by(Messages, &Attributes.MessageGroupId)'],
    );
    expect(received.awsmsg.map((m: any) => m.Body)).toEqual(['g1-1', 'g1-2', 'g2-1']);
    // every group has messages in flight: nothing more until they are deleted or visible again
    await d.same(['sqs', 'receive-message', '--queue-url', url('jobs.fifo')]);
    await d.same(['sqs', 'send-message-batch', '--queue-url', url('jobs.fifo'), '--entries', 'Id=1,MessageBody=b1,MessageGroupId=g3,MessageDeduplicationId=b1', 'Id=2,MessageBody=b2,MessageGroupId=g3,MessageDeduplicationId=b2'], { mask: ['SequenceNumber'], absentWhenEmpty: ['Failed'] });
  });

  it('FIFO: a deduplicated resend returns the first MessageId and a SequenceNumber without an explicit dedup id (moto: a new id, no SequenceNumber)', async () => {
    const args = ['sqs', 'send-message', '--queue-url', url('jobs.fifo'), '--message-body', 'same body', '--message-group-id', 'dedup'];
    const first = await d.both(args);
    const again = await d.both(args);
    const [m1, m2] = [okJson(first.awsmsg), okJson(again.awsmsg)];
    expect(m2.MessageId).toBe(m1.MessageId);
    expect(m1.SequenceNumber).toMatch(/^\d{20}$/);
    expect(m2.MD5OfMessageBody).toBe(okJson(again.aws).MD5OfMessageBody);
    expect(okJson(again.aws).MessageId).not.toBe(okJson(first.aws).MessageId);
  });

  it('dead-letter queues: redrive after maxReceiveCount, source queues listed', async () => {
    await d.same(['sqs', 'create-queue', '--queue-name', 'dead']);
    const policy = JSON.stringify({ deadLetterTargetArn: ARN('dead'), maxReceiveCount: '2' });
    await d.same(['sqs', 'create-queue', '--queue-name', 'work', '--attributes', JSON.stringify({ RedrivePolicy: policy })]);
    const got = await d.both(['sqs', 'get-queue-attributes', '--queue-url', url('work'), '--attribute-names', 'RedrivePolicy']);
    // moto re-serialises the policy with spaces; AWS returns it compact, maxReceiveCount as a number
    expect(JSON.parse(okJson(got.awsmsg).Attributes.RedrivePolicy)).toEqual(JSON.parse(okJson(got.aws).Attributes.RedrivePolicy));
    expect(okJson(got.awsmsg).Attributes.RedrivePolicy).toBe(`{"deadLetterTargetArn":"${ARN('dead')}","maxReceiveCount":2}`);
    await d.same(['sqs', 'list-dead-letter-source-queues', '--queue-url', url('dead')]);
    await d.same(['sqs', 'send-message', '--queue-url', url('work'), '--message-body', 'poison']);
    const receive = ['sqs', 'receive-message', '--queue-url', url('work'), '--visibility-timeout', '0', '--attribute-names', 'ApproximateReceiveCount', '--query', 'Messages[].[Body,Attributes.ApproximateReceiveCount]', '--output', 'text'];
    for (let i = 0; i < 3; i++) await d.same(receive);
    await d.same(['sqs', 'get-queue-attributes', '--queue-url', url('dead'), '--attribute-names', 'ApproximateNumberOfMessages']);
  });

  it('a message moved to a dead-letter queue carries DeadLetterQueueSourceArn (moto: absent)', async () => {
    const pair = await d.both(['sqs', 'receive-message', '--queue-url', url('dead'), '--attribute-names', 'All']);
    const [a, b] = [okJson(pair.aws).Messages[0], okJson(pair.awsmsg).Messages[0]];
    expect(b.Body).toBe(a.Body);
    expect(b.Attributes.ApproximateReceiveCount).toBe(a.Attributes.ApproximateReceiveCount);
    expect(a.Attributes.DeadLetterQueueSourceArn).toBeUndefined();
    expect(b.Attributes.DeadLetterQueueSourceArn).toBe(ARN('work'));
  });

  it('tags: create-queue --tags, tag-queue, list-queue-tags, untag-queue', async () => {
    await d.same(['sqs', 'create-queue', '--queue-name', 'tagged', '--tags', 'team=core,env=test']);
    await d.same(['sqs', 'tag-queue', '--queue-url', url('tagged'), '--tags', 'cost=42,env=prod']);
    await d.same(['sqs', 'list-queue-tags', '--queue-url', url('tagged')]);
    await d.same(['sqs', 'untag-queue', '--queue-url', url('tagged'), '--tag-keys', 'team', 'missing']);
    await d.same(['sqs', 'list-queue-tags', '--queue-url', url('tagged')]);
    await d.same(['sqs', 'untag-queue', '--queue-url', url('tagged'), '--tag-keys', 'cost', 'env']);
  });

  it('a queue without tags lists no Tags member, so the CLI prints nothing (moto: {"Tags": {}})', async () => {
    const pair = await d.both(['sqs', 'list-queue-tags', '--queue-url', url('tagged')]);
    expect(okJson(pair.aws)).toEqual({ Tags: {} });
    expect(pair.awsmsg).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('FIFO-only attributes on a standard queue are unknown attributes (moto accepts FifoQueue=false)', async () => {
    const pair = await d.both(['sqs', 'create-queue', '--queue-name', 'plain', '--attributes', 'FifoQueue=false']);
    expect(pair.aws.status).toBe(0);
    expect(errorLine(pair.awsmsg.stderr)).toEqual({ code: 'InvalidAttributeName', operation: 'CreateQueue', message: 'Unknown Attribute FifoQueue.' });
    expect((await d.aws(['sqs', 'delete-queue', '--queue-url', d.queueUrl('aws', 'plain')])).status).toBe(0);
  });

  it('permissions: add-permission, the Policy it writes, remove-permission', async () => {
    await d.same(['sqs', 'add-permission', '--queue-url', url('tagged'), '--label', 'SendPerm', '--aws-account-ids', '111122223333', '--actions', 'SendMessage']);
    const got = await d.both(['sqs', 'get-queue-attributes', '--queue-url', url('tagged'), '--attribute-names', 'Policy']);
    const [a, b] = [JSON.parse(okJson(got.aws).Attributes.Policy), JSON.parse(okJson(got.awsmsg).Attributes.Policy)];
    // moto writes Version 2012-10-17; the policies SQS writes itself say 2008-10-17
    expect({ ...b, Version: undefined }).toEqual({ ...a, Version: undefined });
    await d.same(['sqs', 'add-permission', '--queue-url', url('tagged'), '--label', 'SendPerm', '--aws-account-ids', '111122223333', '--actions', 'ReceiveMessage']);
    await d.same(['sqs', 'remove-permission', '--queue-url', url('tagged'), '--label', 'SendPerm']);
    await d.same(['sqs', 'remove-permission', '--queue-url', url('tagged'), '--label', 'SendPerm']);
  });

  it('purge-queue empties the queue; a second purge within 60 s is refused (moto allows it)', async () => {
    await d.same(['sqs', 'send-message', '--queue-url', url('tagged'), '--message-body', 'x']);
    await d.same(['sqs', 'purge-queue', '--queue-url', url('tagged')]);
    await d.same(['sqs', 'get-queue-attributes', '--queue-url', url('tagged'), '--attribute-names', 'ApproximateNumberOfMessages']);
    const again = await d.both(['sqs', 'purge-queue', '--queue-url', url('tagged')]);
    expect(again.aws.status).toBe(0);
    expect(errorLine(again.awsmsg.stderr)).toEqual({
      code: 'AWS.SimpleQueueService.PurgeQueueInProgress',
      operation: 'PurgeQueue',
      message: 'Only one PurgeQueue operation on tagged is allowed every 60 seconds.',
    });
  });

  it('listing: --max-items/--starting-token pages, --page-size, --no-paginate, text and table output', async () => {
    const all = await d.same(['sqs', 'list-queues', '--query', 'sort(QueueUrls)']);
    expect(all.awsmsg.length).toBeGreaterThan(5);
    // the order of ListQueues is AWS's own (awsmsg: by name, moto: by creation), so pages are compared as sets
    const pages: Record<Side, string[]> = { aws: [], awsmsg: [] };
    let tokens: Record<Side, string | undefined> = { aws: undefined, awsmsg: undefined };
    do {
      const pair = await d.both((side) => ['sqs', 'list-queues', '--max-items', '3', ...(tokens[side] ? ['--starting-token', tokens[side]!] : [])]);
      const [a, b] = [okJson(pair.aws), okJson(pair.awsmsg)];
      expect(b.QueueUrls.length).toBe(a.QueueUrls.length);
      pages.aws.push(...a.QueueUrls);
      pages.awsmsg.push(...b.QueueUrls);
      expect(b.NextToken === undefined).toBe(a.NextToken === undefined);
      tokens = { aws: a.NextToken, awsmsg: b.NextToken };
    } while (tokens.aws);
    expect(pages.awsmsg.map((u) => u.split('/').pop()).sort()).toEqual(pages.aws.map((u) => u.split('/').pop()).sort());
    await d.same(['sqs', 'list-queues', '--page-size', '2', '--query', 'length(QueueUrls)']);
    await d.same(['sqs', 'list-queues', '--queue-name-prefix', 'jobs', '--no-paginate', '--query', 'sort(QueueUrls)']);
    await d.same(['sqs', 'list-queues', '--queue-name-prefix', 'inbox', '--output', 'text']);
    await d.same(['sqs', 'get-queue-attributes', '--queue-url', url('orders'), '--attribute-names', 'VisibilityTimeout', 'DelaySeconds', '--output', 'table']);
    await d.same(['sqs', 'get-queue-url', '--queue-name', 'orders', '--output', 'text']);
  });

  it('usage errors: a missing required argument, a bad choice, bad JSON', async () => {
    await d.same(['sqs', 'send-message', '--queue-url', url('inbox')]);
    await d.same(['sqs', 'get-queue-attributes', '--queue-url', url('inbox'), '--attribute-names', 'NotAnAttribute']);
    const bad = await d.both(['sqs', 'send-message-batch', '--queue-url', url('inbox'), '--entries', '[{"Id":']);
    expect(bad.aws.status).toBe(255);
    expect(bad.awsmsg.status).toBe(252);
    expect(bad.awsmsg.stderr).toContain('Error parsing parameter \'--entries\': Invalid JSON:');
    expect(bad.aws.stderr).toContain('Error parsing parameter \'--entries\': Invalid JSON:');
  });
});
