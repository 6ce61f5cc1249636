/**
 * `awsmsg serve` with the current AWS SDK for JavaScript's SQS client (@aws-sdk/client-sqs,
 * JSON 1.0 protocol with query-compatible errors): queues, messages with attributes of every
 * type and the SDK's own MD5 checks, errors as the SDK exposes them, FIFO, batches with
 * per-entry failures, long polling woken by another client and by another process, visibility
 * timeouts on the clock, and the command line sharing the server's state file.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListMessageMoveTasksCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  QueueDoesNotExist,
  ReceiptHandleIsInvalid,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  SQSServiceException,
  StartMessageMoveTaskCommand,
  TagQueueCommand,
  paginateListQueues,
  paginateListDeadLetterSourceQueues,
  type MessageAttributeValue,
} from '@aws-sdk/client-sqs';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, attributesMd5, awsQueueUrl, credentials, md5, REGION, serverQueueUrl, startTestServer, type TestServer } from './clients-support.js';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

let t: TestServer;
let sqs: SQSClient;

beforeAll(async () => {
  t = await startTestServer();
  sqs = new SQSClient({ endpoint: t.url, region: REGION, credentials, maxAttempts: 1 });
});

afterAll(async () => {
  sqs?.destroy();
  await t?.stop();
});

async function createQueue(name: string, attributes?: Record<string, string>): Promise<string> {
  const out = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return out.QueueUrl!;
}

async function caught(p: Promise<unknown>): Promise<SQSServiceException> {
  try {
    await p;
  } catch (e) {
    return e as SQSServiceException;
  }
  throw new Error('expected the call to fail');
}

describe('queues', () => {
  it('hands out queue URLs that point at the server, and finds them again', async () => {
    const url = await createQueue('clients-v3-orders');
    expect(url).toBe(serverQueueUrl(t.url, 'clients-v3-orders'));
    const got = await sqs.send(new GetQueueUrlCommand({ QueueName: 'clients-v3-orders' }));
    expect(got.QueueUrl).toBe(url);
    expect(got.$metadata.httpStatusCode).toBe(200);
    expect(got.$metadata.requestId).toMatch(/\S/);
  });

  it('pages ListQueues with MaxResults through the SDK paginator', async () => {
    const names = Array.from({ length: 7 }, (_, i) => `clients-v3-page-${i}`);
    for (const n of names) await createQueue(n);
    const pages: string[][] = [];
    for await (const page of paginateListQueues({ client: sqs, pageSize: 3 }, { QueueNamePrefix: 'clients-v3-page-' })) {
      pages.push(page.QueueUrls ?? []);
    }
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat().sort()).toEqual(names.map((n) => serverQueueUrl(t.url, n)).sort());
  });

  it('reads and sets attributes and tags', async () => {
    const url = await createQueue('clients-v3-attrs', { VisibilityTimeout: '45', DelaySeconds: '2' });
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { MaximumMessageSize: '2048' } }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    expect(Attributes).toMatchObject({
      VisibilityTimeout: '45',
      DelaySeconds: '2',
      MaximumMessageSize: '2048',
      QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:clients-v3-attrs`,
      ApproximateNumberOfMessages: '0',
    });
    expect(Number(Attributes!.CreatedTimestamp)).toBeGreaterThan(1_600_000_000);
    await sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { team: 'blue', env: 'test' } }));
    const tags = await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }));
    expect(tags.Tags).toEqual({ team: 'blue', env: 'test' });
  });

  it('lists the sources of a dead-letter queue through the paginator', async () => {
    const dlq = await createQueue('clients-v3-dlq');
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }));
    const redrive = JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: 2 });
    const sources = ['a', 'b', 'c'].map((s) => `clients-v3-src-${s}`);
    for (const s of sources) await createQueue(s, { RedrivePolicy: redrive });
    const found: string[] = [];
    for await (const page of paginateListDeadLetterSourceQueues({ client: sqs, pageSize: 2 }, { QueueUrl: dlq })) {
      expect(page.queueUrls!.length).toBeLessThanOrEqual(2);
      found.push(...page.queueUrls!);
    }
    expect(found.sort()).toEqual(sources.map((s) => serverQueueUrl(t.url, s)));
    const first = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq, MaxResults: 2 }));
    expect(first.NextToken).toBeTruthy();
  });

  it('answers QueueDoesNotExist as the SDK exposes a query-compatible error', async () => {
    const e = await caught(sqs.send(new GetQueueUrlCommand({ QueueName: 'clients-v3-nope' })));
    expect(e).toBeInstanceOf(QueueDoesNotExist);
    expect(e.name).toBe('QueueDoesNotExist');
    expect((e as unknown as { Code: string }).Code).toBe('AWS.SimpleQueueService.NonExistentQueue');
    expect((e as unknown as { Type: string }).Type).toBe('Sender');
    expect(e.$fault).toBe('client');
    expect(e.$metadata.httpStatusCode).toBe(400);
    expect(e.$metadata.requestId).toMatch(/\S/);
    expect(e.message).toBe('The specified queue does not exist.');

    const send = await caught(sqs.send(new SendMessageCommand({ QueueUrl: serverQueueUrl(t.url, 'clients-v3-nope'), MessageBody: 'x' })));
    expect(send).toBeInstanceOf(QueueDoesNotExist);
  });

  it('deletes a queue; calls on it then fail', async () => {
    const url = await createQueue('clients-v3-gone');
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    const e = await caught(sqs.send(new ReceiveMessageCommand({ QueueUrl: url })));
    expect(e.name).toBe('QueueDoesNotExist');
  });

  it('refuses a bad attribute value with InvalidAttributeValue', async () => {
    const e = await caught(createQueue('clients-v3-bad', { VisibilityTimeout: '99999' }));
    expect(e.$metadata.httpStatusCode).toBe(400);
    expect(e.name).toBe('InvalidAttributeValue');
    expect((e as unknown as { Code: string }).Code).toBe('InvalidAttributeValue');
  });
});

describe('messages', () => {
  const attributes: Record<string, MessageAttributeValue> = {
    text: { DataType: 'String', StringValue: 'héllo wörld ✓' },
    count: { DataType: 'Number', StringValue: '42' },
    price: { DataType: 'Number.float', StringValue: '3.14159' },
    blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 253, 254, 255]) },
    picture: { DataType: 'Binary.jpeg', BinaryValue: new Uint8Array([0xff, 0xd8, 0xff, 0xe0]) },
    custom: { DataType: 'String.trace-id', StringValue: 'abc-123' },
  };

  it('sends and receives attributes of every type with matching MD5s', async () => {
    const url = await createQueue('clients-v3-attributes');
    const body = 'Grüße 🌍 <xml> & "quotes"\n\ttabs';
    const before = await t.now();
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: body,
        MessageAttributes: attributes,
        MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1' } },
      }),
    );
    expect(sent.MD5OfMessageBody).toBe(md5(body));
    expect(sent.MD5OfMessageAttributes).toBe(attributesMd5(attributes));
    expect(sent.MD5OfMessageSystemAttributes).toBe(
      attributesMd5({ AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1' } }),
    );
    expect(sent.MessageId).toMatch(/^[0-9a-f-]{36}$/);

    const got = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }),
    );
    expect(got.Messages).toHaveLength(1);
    const m = got.Messages![0]!;
    expect(m.Body).toBe(body);
    expect(m.MessageId).toBe(sent.MessageId);
    expect(m.MD5OfBody).toBe(md5(body));
    expect(m.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(m.MessageAttributes!.text).toEqual({ DataType: 'String', StringValue: 'héllo wörld ✓' });
    expect(m.MessageAttributes!.price).toEqual({ DataType: 'Number.float', StringValue: '3.14159' });
    expect(m.MessageAttributes!.custom).toEqual({ DataType: 'String.trace-id', StringValue: 'abc-123' });
    expect(Buffer.from(m.MessageAttributes!.blob!.BinaryValue!)).toEqual(Buffer.from([0, 1, 2, 253, 254, 255]));
    expect(m.MessageAttributes!.picture!.DataType).toBe('Binary.jpeg');
    expect(attributesMd5(m.MessageAttributes!)).toBe(m.MD5OfMessageAttributes);
    expect(m.Attributes).toMatchObject({ ApproximateReceiveCount: '1', AWSTraceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1' });
    // SentTimestamp is epoch milliseconds on the state file's clock
    expect(Number(m.Attributes!.SentTimestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(m.Attributes!.SentTimestamp)).toBeLessThanOrEqual(await t.now());
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }));
  });

  it('filters attributes by name and prefix on receive', async () => {
    const url = await createQueue('clients-v3-attr-names');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes: attributes }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['text', 'p.*'] }));
    const m = got.Messages![0]!;
    expect(Object.keys(m.MessageAttributes!).sort()).toEqual(['picture', 'price', 'text']);
    expect(m.MD5OfMessageAttributes).toBe(attributesMd5(m.MessageAttributes!));
  });

  it('makes an in-flight message visible again when the clock passes its visibility timeout', async () => {
    const url = await createQueue('clients-v3-visibility', { VisibilityTimeout: '30' });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'again' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    expect(first.Messages![0]!.Attributes!.ApproximateReceiveCount).toBe('1');
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages ?? []).toEqual([]);
    await t.advance('31s');
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    expect(second.Messages![0]!.Body).toBe('again');
    expect(second.Messages![0]!.Attributes!.ApproximateReceiveCount).toBe('2');
    const stale = await caught(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'not-a-handle' })));
    expect(stale).toBeInstanceOf(ReceiptHandleIsInvalid);
    expect((stale as unknown as { Code: string }).Code).toBe('ReceiptHandleIsInvalid');
  });

  it('moves a message received too often to its dead-letter queue, and a move task brings it back on the clock', async () => {
    const dlq = await createQueue('clients-v3-redrive-dlq');
    const dlqArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:clients-v3-redrive-dlq`;
    const src = await createQueue('clients-v3-redrive-src', { VisibilityTimeout: '30', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) });
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: src, Entries: ['a', 'b', 'c'].map((b) => ({ Id: b, MessageBody: b })) }));
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: src, MaxNumberOfMessages: 10 }))).Messages).toHaveLength(3);
    await t.advance('31s');
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: src, MaxNumberOfMessages: 10 }))).Messages ?? []).toEqual([]);
    const inDlq = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['ApproximateNumberOfMessages'] }));
    expect(inDlq.Attributes!.ApproximateNumberOfMessages).toBe('3');

    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn, MaxNumberOfMessagesPerSecond: 1 }));
    expect(TaskHandle).toMatch(/\S/);
    await t.advance('5s');
    const tasks = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }));
    expect(tasks.Results!.map((r) => [r.Status, r.ApproximateNumberOfMessagesMoved])).toEqual([['COMPLETED', 3]]);
    const back = await sqs.send(new ReceiveMessageCommand({ QueueUrl: src, MaxNumberOfMessages: 10 }));
    expect(back.Messages!.map((m) => m.Body).sort()).toEqual(['a', 'b', 'c']);
  });

  it('refuses a message that is too long, with the SDK seeing InvalidParameterValue', async () => {
    const url = await createQueue('clients-v3-small', { MaximumMessageSize: '1024' });
    const e = await caught(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(2000) })));
    expect(e.$metadata.httpStatusCode).toBe(400);
    expect(e.name).toBe('InvalidParameterValue');
  });

  it('purges a queue', async () => {
    const url = await createQueue('clients-v3-purge');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }));
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages ?? []).toEqual([]);
    const again = await caught(sqs.send(new PurgeQueueCommand({ QueueUrl: url })));
    expect(again.name).toBe('PurgeQueueInProgress');
    expect((again as unknown as { Code: string }).Code).toBe('AWS.SimpleQueueService.PurgeQueueInProgress');
    expect(again.$metadata.httpStatusCode).toBe(403);
  });
});

describe('FIFO queues', () => {
  it('deduplicates, keeps group order and reports sequence numbers', async () => {
    const url = await createQueue('clients-v3-orders.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    const a = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'first', MessageGroupId: 'g1' }));
    const dup = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'first', MessageGroupId: 'g1' }));
    expect(dup.MessageId).toBe(a.MessageId);
    expect(a.SequenceNumber).toMatch(/^\d{20}$/);
    const b = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'second', MessageGroupId: 'g1', MessageDeduplicationId: 'd2' }));
    expect(BigInt(b.SequenceNumber!)).toBeGreaterThan(BigInt(a.SequenceNumber!));

    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }));
    expect(got.Messages!.map((m) => m.Body)).toEqual(['first', 'second']);
    expect(got.Messages![0]!.Attributes).toMatchObject({ MessageGroupId: 'g1', SequenceNumber: a.SequenceNumber, MessageDeduplicationId: sha256('first') });
    expect(got.Messages![1]!.Attributes!.MessageDeduplicationId).toBe('d2');
  });

  it('requires MessageGroupId', async () => {
    const url = await createQueue('clients-v3-nogroup.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    const e = await caught(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })));
    expect(e.name).toBe('MissingParameter');
    expect(e.$metadata.httpStatusCode).toBe(400);
  });
});

describe('batches', () => {
  it('reports per-entry failures of SendMessageBatch and still sends the good entries', async () => {
    const url = await createQueue('clients-v3-batch', { MaximumMessageSize: '1024' });
    const out = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok1', MessageBody: 'one', MessageAttributes: { n: { DataType: 'Number', StringValue: '1' } } },
          { Id: 'big', MessageBody: 'x'.repeat(2000) },
          { Id: 'ok2', MessageBody: 'two', DelaySeconds: 0 },
          { Id: 'badattr', MessageBody: 'three', MessageAttributes: { n: { DataType: 'Number', StringValue: 'not a number' } } },
        ],
      }),
    );
    expect(out.Successful!.map((s) => s.Id).sort()).toEqual(['ok1', 'ok2']);
    const ok1 = out.Successful!.find((s) => s.Id === 'ok1')!;
    expect(ok1.MD5OfMessageBody).toBe(md5('one'));
    expect(ok1.MD5OfMessageAttributes).toBe(attributesMd5({ n: { DataType: 'Number', StringValue: '1' } }));
    expect(out.Failed!.map((f) => f.Id).sort()).toEqual(['badattr', 'big']);
    for (const f of out.Failed!) {
      expect(f.SenderFault).toBe(true);
      expect(f.Code).toMatch(/\S/);
      expect(f.Message).toMatch(/\S/);
    }
  });

  it('deletes and changes visibility in batches, with a bad receipt handle failing alone', async () => {
    const url = await createQueue('clients-v3-batch-ops');
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: ['a', 'b', 'c'].map((b) => ({ Id: b, MessageBody: b })) }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(got.Messages).toHaveLength(3);
    const [m1, m2, m3] = got.Messages!;
    const vis = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'v1', ReceiptHandle: m1!.ReceiptHandle!, VisibilityTimeout: 0 },
          { Id: 'bad', ReceiptHandle: 'garbage', VisibilityTimeout: 0 },
        ],
      }),
    );
    expect(vis.Successful!.map((s) => s.Id)).toEqual(['v1']);
    expect(vis.Failed!.map((f) => [f.Id, f.Code, f.SenderFault])).toEqual([['bad', 'ReceiptHandleIsInvalid', true]]);

    const del = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'd2', ReceiptHandle: m2!.ReceiptHandle! },
          { Id: 'd3', ReceiptHandle: m3!.ReceiptHandle! },
          { Id: 'bad', ReceiptHandle: 'garbage' },
        ],
      }),
    );
    expect(del.Successful!.map((s) => s.Id).sort()).toEqual(['d2', 'd3']);
    expect(del.Failed!.map((f) => [f.Id, f.Code, f.SenderFault])).toEqual([['bad', 'ReceiptHandleIsInvalid', true]]);
    const left = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(left.Messages!.map((m) => m.Body)).toEqual([m1!.Body]);
  });

  it('rejects a whole batch with repeated ids as the SDK names it', async () => {
    const url = await createQueue('clients-v3-batch-ids');
    const e = await caught(
      sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'x', MessageBody: '1' }, { Id: 'x', MessageBody: '2' }] })),
    );
    expect(e.name).toBe('BatchEntryIdsNotDistinct');
    expect((e as unknown as { Code: string }).Code).toBe('AWS.SimpleQueueService.BatchEntryIdsNotDistinct');
    const empty = await caught(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] })));
    expect(empty.name).toBe('EmptyBatchRequest');
  });
});

describe('long polling', () => {
  it('returns a message another client sends while the poll waits', async () => {
    const url = await createQueue('clients-v3-longpoll');
    const other = new SQSClient({ endpoint: t.url, region: REGION, credentials, maxAttempts: 1 });
    try {
      const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
      // the send happens after the poll is waiting: the poll has nothing until then
      await new Promise((r) => setTimeout(r, 100));
      await other.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'woken' }));
      const got = await polling;
      expect(got.Messages!.map((m) => m.Body)).toEqual(['woken']);
    } finally {
      other.destroy();
    }
  });

  it('returns a message that bin/awsmsg sends from another process while the poll waits', async () => {
    const url = await createQueue('clients-v3-longpoll-cli');
    const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20, MessageAttributeNames: ['All'] }));
    const sent = await t.cliAsync([
      'sqs',
      'send-message',
      '--queue-url',
      awsQueueUrl('clients-v3-longpoll-cli'),
      '--message-body',
      'from the shell',
      '--message-attributes',
      '{"k":{"DataType":"String","StringValue":"v"}}',
    ]);
    expect(sent.stderr).toBe('');
    expect(sent.status).toBe(0);
    const got = await polling;
    expect(got.Messages!.map((m) => m.Body)).toEqual(['from the shell']);
    expect(got.Messages![0]!.MessageAttributes).toEqual({ k: { DataType: 'String', StringValue: 'v' } });
    expect(got.Messages![0]!.MessageId).toBe(JSON.parse(sent.stdout).MessageId);
  });

  it('answers an empty long poll when the clock passes its wait time', async () => {
    const url = await createQueue('clients-v3-longpoll-empty');
    let settled = false;
    const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 })).finally(() => (settled = true));
    // moves the clock past the wait until the poll answers (a move before the poll arrived does not end it)
    while (!settled) {
      await t.advance('21s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const got = await polling;
    expect(got.Messages ?? []).toEqual([]);
  });
});

describe('with the command line on the same state file', () => {
  it('receives with bin/awsmsg what the SDK sent, by the queue URL in AWS form', async () => {
    const url = await createQueue('clients-v3-cross');
    const sent = await sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'sdk → cli', MessageAttributes: { n: { DataType: 'Number', StringValue: '7' } } }),
    );
    const r = t.cli(['sqs', 'receive-message', '--queue-url', awsQueueUrl('clients-v3-cross'), '--message-attribute-names', 'All']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { Messages: { MessageId: string; Body: string; MD5OfBody: string; MD5OfMessageAttributes: string }[] };
    expect(out.Messages).toHaveLength(1);
    expect(out.Messages[0]).toMatchObject({
      MessageId: sent.MessageId,
      Body: 'sdk → cli',
      MD5OfBody: sent.MD5OfMessageBody,
      MD5OfMessageAttributes: sent.MD5OfMessageAttributes,
    });
    // the CLI also takes the server's form of the URL
    const again = t.cli(['sqs', 'get-queue-attributes', '--queue-url', url, '--attribute-names', 'ApproximateNumberOfMessagesNotVisible']);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout).Attributes.ApproximateNumberOfMessagesNotVisible).toBe('1');
  });

  it('takes the queue URL in AWS form, as the command line prints it, from an SDK given the endpoint', async () => {
    await createQueue('clients-v3-aws-form');
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: awsQueueUrl('clients-v3-aws-form'), MessageBody: 'by AWS form' }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: awsQueueUrl('clients-v3-aws-form') }));
    expect(got.Messages!.map((m) => m.MessageId)).toEqual([sent.MessageId]);
  });

  it('`awsmsg clock advance 31s` in another process makes the SDK’s in-flight message visible again', async () => {
    const url = await createQueue('clients-v3-cross-clock', { VisibilityTimeout: '30' });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'in flight' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    expect(first.Messages).toHaveLength(1);
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages ?? []).toEqual([]);
    const r = t.cli(['clock', 'advance', '31s']);
    expect(r.status).toBe(0);
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    expect(again.Messages!.map((m) => m.Body)).toEqual(['in flight']);
  });

  it('sees a queue the command line created and its messages', async () => {
    const created = t.cli(['sqs', 'create-queue', '--queue-name', 'clients-v3-from-cli']);
    expect(created.status).toBe(0);
    expect(JSON.parse(created.stdout).QueueUrl).toBe(awsQueueUrl('clients-v3-from-cli'));
    t.cli(['sqs', 'send-message', '--queue-url', awsQueueUrl('clients-v3-from-cli'), '--message-body', 'hello']);
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'clients-v3-from-cli' }));
    expect(QueueUrl).toBe(serverQueueUrl(t.url, 'clients-v3-from-cli'));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(got.Messages![0]!.Body).toBe('hello');
    expect(got.Messages![0]!.MD5OfBody).toBe(md5('hello'));
  });
});

describe('accounts and regions', () => {
  it('a 12-digit access key id names the account; the signing region names the region', async () => {
    const other = new SQSClient({ endpoint: t.url, region: 'eu-west-1', credentials: { accessKeyId: '111122223333', secretAccessKey: 'x' }, maxAttempts: 1 });
    try {
      const { QueueUrl } = await other.send(new CreateQueueCommand({ QueueName: 'clients-v3-account' }));
      expect(QueueUrl).toBe(`${t.url}/111122223333/clients-v3-account`);
      const { Attributes } = await other.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      expect(Attributes!.QueueArn).toBe('arn:aws:sqs:eu-west-1:111122223333:clients-v3-account');
      // not in the default account, nor in the default region
      const e = await caught(sqs.send(new GetQueueUrlCommand({ QueueName: 'clients-v3-account' })));
      expect(e.name).toBe('QueueDoesNotExist');
      const listed = t.cli(['sqs', 'list-queues', '--region', 'eu-west-1', '--queue-name-prefix', 'clients-v3-account']);
      expect(listed.stdout).toBe('');
    } finally {
      other.destroy();
    }
  });
});

describe('configured through AWS_ENDPOINT_URL', () => {
  it('follows the server’s queue URLs (the SDK sends each call to the QueueUrl’s host)', async () => {
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = t.url;
    const client = new SQSClient({ region: REGION, credentials, maxAttempts: 1 });
    try {
      const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'clients-v3-env' }));
      expect(QueueUrl).toBe(serverQueueUrl(t.url, 'clients-v3-env'));
      await client.send(new SendMessageCommand({ QueueUrl, MessageBody: 'via env' }));
      const got = await client.send(new ReceiveMessageCommand({ QueueUrl }));
      expect(got.Messages![0]!.Body).toBe('via env');
    } finally {
      client.destroy();
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
  });
});
