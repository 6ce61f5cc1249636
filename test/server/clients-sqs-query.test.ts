/**
 * `awsmsg serve` with the SQS clients of the query/XML era, still in wide use:
 * @aws-sdk/client-sqs 3.445.0 (installed as client-sqs-query) and aws-sdk 2.1490.0 (v2). Both
 * check the MD5 of bodies; the attribute MD5s are checked here. Errors carry the query codes
 * (AWS.SimpleQueueService.NonExistentQueue). aws-sdk v2 sends every call to the QueueUrl
 * itself (the queue in the path), so the server's queue URLs must point at it.
 */
import { createHash } from 'node:crypto';
import AWS from 'aws-sdk';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueueTagsCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  TagQueueCommand,
  paginateListQueues,
  type MessageAttributeValue,
  type SQSServiceException,
} from 'client-sqs-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, attributesMd5, awsQueueUrl, credentials, md5, REGION, serverQueueUrl, startTestServer, type TestServer } from './clients-support.js';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t?.stop();
});

async function caught<E = Error>(p: Promise<unknown>): Promise<E> {
  try {
    await p;
  } catch (e) {
    return e as E;
  }
  throw new Error('expected the call to fail');
}

const attributes: Record<string, MessageAttributeValue> = {
  text: { DataType: 'String', StringValue: 'héllo & <wörld> ✓' },
  count: { DataType: 'Number', StringValue: '-12.5e3' },
  price: { DataType: 'Number.float', StringValue: '3.14159' },
  blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 253, 254, 255]) },
  picture: { DataType: 'Binary.jpeg', BinaryValue: new Uint8Array([0xff, 0xd8, 0xff, 0xe0]) },
  custom: { DataType: 'String.trace-id', StringValue: 'abc-123' },
};
const BODY = 'Grüße 🌍 <xml> & "quotes" ]]> \ttab\r\nline';

describe('@aws-sdk/client-sqs 3.445.0 (query protocol)', () => {
  let sqs: SQSClient;
  beforeAll(() => {
    sqs = new SQSClient({ endpoint: t.url, region: REGION, credentials, maxAttempts: 1 });
  });
  afterAll(() => sqs?.destroy());

  const create = async (name: string, attrs?: Record<string, string>): Promise<string> =>
    (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attrs }))).QueueUrl!;

  it('creates queues, pages ListQueues and reads attributes and tags', async () => {
    const names = Array.from({ length: 5 }, (_, i) => `clients-q3-page-${i}`);
    for (const n of names) expect(await create(n, { VisibilityTimeout: '40' })).toBe(serverQueueUrl(t.url, n));
    const pages: string[][] = [];
    for await (const page of paginateListQueues({ client: sqs, pageSize: 2 }, { QueueNamePrefix: 'clients-q3-page-' })) pages.push(page.QueueUrls ?? []);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat().sort()).toEqual(names.map((n) => serverQueueUrl(t.url, n)));

    const url = serverQueueUrl(t.url, names[0]!);
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    expect(Attributes).toMatchObject({ VisibilityTimeout: '40', QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:clients-q3-page-0` });
    await sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { a: '1', b: 'two' } }));
    expect((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags).toEqual({ a: '1', b: 'two' });
  });

  it('sends and receives attributes of every type with matching MD5s', async () => {
    const url = await create('clients-q3-attrs');
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: BODY, MessageAttributes: attributes }));
    expect(sent.MD5OfMessageBody).toBe(md5(BODY));
    expect(sent.MD5OfMessageAttributes).toBe(attributesMd5(attributes));
    const got = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['All'], AttributeNames: ['All'], VisibilityTimeout: 5 }),
    );
    const m = got.Messages![0]!;
    expect(m.Body).toBe(BODY);
    expect(m.MessageId).toBe(sent.MessageId);
    expect(m.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(attributesMd5(m.MessageAttributes!)).toBe(m.MD5OfMessageAttributes);
    expect(m.MessageAttributes!.count).toEqual({ DataType: 'Number', StringValue: '-12.5e3' });
    expect(Buffer.from(m.MessageAttributes!.blob!.BinaryValue!)).toEqual(Buffer.from([0, 1, 2, 253, 254, 255]));
    expect(m.Attributes).toMatchObject({ ApproximateReceiveCount: '1' });
    expect(Number(m.Attributes!.SentTimestamp)).toBeGreaterThan(1_600_000_000_000);

    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 0 }));
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    expect(again.Messages![0]!.Attributes!.ApproximateReceiveCount).toBe('2');
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: again.Messages![0]!.ReceiptHandle! }));
  });

  it('names QueueDoesNotExist by its query code', async () => {
    const e = await caught<SQSServiceException & { Code?: string }>(sqs.send(new GetQueueUrlCommand({ QueueName: 'clients-q3-nope' })));
    expect(e.name).toBe('QueueDoesNotExist');
    expect(e.$fault).toBe('client');
    expect(e.$metadata.httpStatusCode).toBe(400);
    // this SDK version builds the message of QueueDoesNotExist (a shape with no members) from
    // nothing, so it reads "UnknownError" against AWS too; the query error itself is kept
    const error = (e as unknown as { Error: Record<string, unknown> }).Error;
    expect(error).toMatchObject({ Type: 'Sender', Code: 'AWS.SimpleQueueService.NonExistentQueue', Message: 'The specified queue does not exist.' });
    expect(e.$metadata.requestId).toMatch(/\S/);
  });

  it('reports per-entry batch failures with SenderFault as a boolean', async () => {
    const url = await create('clients-q3-batch', { MaximumMessageSize: '1024' });
    const out = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok', MessageBody: 'one', MessageAttributes: { n: { DataType: 'Number', StringValue: '1' } } },
          { Id: 'big', MessageBody: 'x'.repeat(2000) },
        ],
      }),
    );
    expect(out.Successful!.map((s) => [s.Id, s.MD5OfMessageBody, s.MD5OfMessageAttributes])).toEqual([
      ['ok', md5('one'), attributesMd5({ n: { DataType: 'Number', StringValue: '1' } })],
    ]);
    expect(out.Failed!.map((f) => [f.Id, f.SenderFault])).toEqual([['big', true]]);
    expect(out.Failed![0]!.Code).toMatch(/\S/);

    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    const del = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'good', ReceiptHandle: got.Messages![0]!.ReceiptHandle! },
          { Id: 'bad', ReceiptHandle: 'garbage' },
        ],
      }),
    );
    expect(del.Successful!.map((s) => s.Id)).toEqual(['good']);
    expect(del.Failed!.map((f) => [f.Id, f.Code, f.SenderFault])).toEqual([['bad', 'ReceiptHandleIsInvalid', true]]);
  });

  it('keeps FIFO order, deduplicates and reports the FIFO attributes', async () => {
    const url = await create('clients-q3.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    const a = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'one', MessageGroupId: 'g' }));
    const dup = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'one', MessageGroupId: 'g' }));
    expect(dup.MessageId).toBe(a.MessageId);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'two', MessageGroupId: 'g' }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, AttributeNames: ['All'] }));
    expect(got.Messages!.map((m) => m.Body)).toEqual(['one', 'two']);
    expect(got.Messages![0]!.Attributes).toMatchObject({ MessageGroupId: 'g', SequenceNumber: a.SequenceNumber, MessageDeduplicationId: sha256('one') });
  });

  it('long-polls until bin/awsmsg sends from another process', async () => {
    const url = await create('clients-q3-poll');
    const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
    const r = await t.cliAsync(['sqs', 'send-message', '--queue-url', awsQueueUrl('clients-q3-poll'), '--message-body', 'shell']);
    expect(r.status).toBe(0);
    expect((await polling).Messages!.map((m) => m.Body)).toEqual(['shell']);
  });
});

describe('aws-sdk 2.1490.0 (v2, query protocol)', () => {
  let sqs: AWS.SQS;
  beforeAll(() => {
    sqs = new AWS.SQS({ endpoint: t.url, region: REGION, credentials, maxRetries: 0 });
  });

  const create = async (name: string, attrs?: Record<string, string>): Promise<string> =>
    (await sqs.createQueue({ QueueName: name, Attributes: attrs }).promise()).QueueUrl!;

  it('creates a queue whose URL points at the server, and pages ListQueues', async () => {
    const names = Array.from({ length: 3 }, (_, i) => `clients-v2-page-${i}`);
    for (const n of names) expect(await create(n)).toBe(serverQueueUrl(t.url, n));
    const first = await sqs.listQueues({ QueueNamePrefix: 'clients-v2-page-', MaxResults: 2 }).promise();
    expect(first.QueueUrls).toHaveLength(2);
    expect(first.NextToken).toBeTruthy();
    const second = await sqs.listQueues({ QueueNamePrefix: 'clients-v2-page-', MaxResults: 2, NextToken: first.NextToken }).promise();
    expect([...first.QueueUrls!, ...second.QueueUrls!].sort()).toEqual(names.map((n) => serverQueueUrl(t.url, n)));
    expect(second.NextToken).toBeUndefined();
  });

  it('sends and receives attributes of every type, the SDK checking body MD5s', async () => {
    const url = await create('clients-v2-attrs');
    const v2attrs: AWS.SQS.MessageBodyAttributeMap = Object.fromEntries(
      Object.entries(attributes).map(([k, v]) => [k, v.BinaryValue ? { DataType: v.DataType!, BinaryValue: Buffer.from(v.BinaryValue) } : { DataType: v.DataType!, StringValue: v.StringValue }]),
    );
    const sent = await sqs.sendMessage({ QueueUrl: url, MessageBody: BODY, MessageAttributes: v2attrs }).promise();
    expect(sent.MD5OfMessageBody).toBe(md5(BODY));
    expect(sent.MD5OfMessageAttributes).toBe(attributesMd5(attributes));
    const got = await sqs.receiveMessage({ QueueUrl: url, MessageAttributeNames: ['All'], AttributeNames: ['All'] }).promise();
    const m = got.Messages![0]!;
    expect(m.Body).toBe(BODY);
    expect(m.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(attributesMd5(m.MessageAttributes as Record<string, MessageAttributeValue>)).toBe(m.MD5OfMessageAttributes);
    expect(Buffer.from(m.MessageAttributes!.picture!.BinaryValue as Buffer)).toEqual(Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    expect(m.Attributes!.ApproximateReceiveCount).toBe('1');
    await sqs.deleteMessage({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }).promise();
    expect((await sqs.receiveMessage({ QueueUrl: url }).promise()).Messages ?? []).toEqual([]);
  });

  it('sends batches and reports per-entry failures', async () => {
    const url = await create('clients-v2-batch');
    const out = await sqs
      .sendMessageBatch({
        QueueUrl: url,
        Entries: [
          { Id: 'a', MessageBody: 'alpha' },
          { Id: 'b', MessageBody: 'beta', MessageAttributes: { x: { DataType: 'Number', StringValue: 'NaN-ish' } } },
          { Id: 'c', MessageBody: 'gamma', DelaySeconds: 1 },
        ],
      })
      .promise();
    expect(out.Successful.map((s) => s.Id).sort()).toEqual(['a', 'c']);
    expect(out.Failed.map((f) => [f.Id, f.SenderFault])).toEqual([['b', true]]);
    const got = await sqs.receiveMessage({ QueueUrl: url, MaxNumberOfMessages: 10 }).promise();
    expect(got.Messages!.map((m) => m.Body)).toEqual(['alpha']);
  });

  it('answers AWS.SimpleQueueService.NonExistentQueue with status 400', async () => {
    const e = await caught<AWS.AWSError>(sqs.getQueueUrl({ QueueName: 'clients-v2-nope' }).promise());
    expect(e.code).toBe('AWS.SimpleQueueService.NonExistentQueue');
    expect(e.statusCode).toBe(400);
    expect(e.message).toBe('The specified queue does not exist.');
    expect(e.requestId).toMatch(/\S/);
    const onUrl = await caught<AWS.AWSError>(sqs.receiveMessage({ QueueUrl: serverQueueUrl(t.url, 'clients-v2-nope') }).promise());
    expect(onUrl.code).toBe('AWS.SimpleQueueService.NonExistentQueue');
  });

  it('a visibility timeout ends when the clock endpoint moves past it', async () => {
    const url = await create('clients-v2-visibility', { VisibilityTimeout: '30' });
    await sqs.sendMessage({ QueueUrl: url, MessageBody: 'again' }).promise();
    expect((await sqs.receiveMessage({ QueueUrl: url }).promise()).Messages).toHaveLength(1);
    expect((await sqs.receiveMessage({ QueueUrl: url }).promise()).Messages ?? []).toEqual([]);
    await t.advance('31s');
    const again = await sqs.receiveMessage({ QueueUrl: url, AttributeNames: ['ApproximateReceiveCount'] }).promise();
    expect(again.Messages![0]!.Attributes!.ApproximateReceiveCount).toBe('2');
  });

  it('long-polls until another client sends', async () => {
    const url = await create('clients-v2-poll');
    const polling = sqs.receiveMessage({ QueueUrl: url, WaitTimeSeconds: 20 }).promise();
    await new Promise((r) => setTimeout(r, 100));
    const other = new AWS.SQS({ endpoint: t.url, region: REGION, credentials, maxRetries: 0 });
    await other.sendMessage({ QueueUrl: url, MessageBody: 'wake' }).promise();
    expect((await polling).Messages!.map((m) => m.Body)).toEqual(['wake']);
  });

  it('FIFO: a message group waits for its in-flight message', async () => {
    const url = await create('clients-v2.fifo', { FifoQueue: 'true' });
    for (const [body, group] of [
      ['a1', 'a'],
      ['a2', 'a'],
      ['b1', 'b'],
    ]) {
      await sqs.sendMessage({ QueueUrl: url, MessageBody: body!, MessageGroupId: group, MessageDeduplicationId: body }).promise();
    }
    const first = await sqs.receiveMessage({ QueueUrl: url, MaxNumberOfMessages: 1 }).promise();
    expect(first.Messages!.map((m) => m.Body)).toEqual(['a1']);
    const next = await sqs.receiveMessage({ QueueUrl: url, MaxNumberOfMessages: 10 }).promise();
    expect(next.Messages!.map((m) => m.Body)).toEqual(['b1']);
  });
});
