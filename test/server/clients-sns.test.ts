/**
 * `awsmsg serve` with the SNS clients (query/XML): @aws-sdk/client-sns and aws-sdk v2. Topics
 * with pagination past a page, SQS queues subscribed through the SDK with filter policies on
 * attributes and on the body, raw and enveloped delivery, message attributes of every SNS
 * type, batches with per-entry failures, FIFO topics, and SNS's error codes.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand,
  NotFoundException,
  PublishBatchCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SNSClient,
  SNSServiceException,
  SubscribeCommand,
  TagResourceCommand,
  UnsubscribeCommand,
  paginateListSubscriptionsByTopic,
  paginateListTopics,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import AWS from 'aws-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, attributesMd5, credentials, md5, REGION, startTestServer, type TestServer } from './clients-support.js';

let t: TestServer;
let sns: SNSClient;
let sqs: SQSClient;

beforeAll(async () => {
  t = await startTestServer();
  sns = new SNSClient({ endpoint: t.url, region: REGION, credentials, maxAttempts: 1 });
  sqs = new SQSClient({ endpoint: t.url, region: REGION, credentials, maxAttempts: 1 });
});

afterAll(async () => {
  sns?.destroy();
  sqs?.destroy();
  await t?.stop();
});

async function caught(p: Promise<unknown>): Promise<SNSServiceException> {
  try {
    await p;
  } catch (e) {
    return e as SNSServiceException;
  }
  throw new Error('expected the call to fail');
}

/** A queue and its ARN. */
async function queue(name: string, attributes?: Record<string, string>): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: QueueUrl!, arn: Attributes!.QueueArn! };
}

async function receiveAll(url: string): Promise<Message[]> {
  const out: Message[] = [];
  for (;;) {
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }));
    if (!got.Messages?.length) return out;
    for (const m of got.Messages) {
      out.push(m);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle! }));
    }
  }
}

describe('@aws-sdk/client-sns', () => {
  it('creates topics and pages ListTopics past its 100-topic page', async () => {
    const arns: string[] = [];
    for (let i = 0; i < 105; i++) {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: `clients-page-${String(i).padStart(3, '0')}` }));
      arns.push(TopicArn!);
    }
    expect(arns[0]).toBe(`arn:aws:sns:${REGION}:${ACCOUNT}:clients-page-000`);
    const pages: number[] = [];
    const seen: string[] = [];
    for await (const page of paginateListTopics({ client: sns }, {})) {
      pages.push(page.Topics!.length);
      seen.push(...page.Topics!.map((x) => x.TopicArn!));
    }
    expect(pages[0]).toBe(100);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const a of arns) expect(seen).toContain(a);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('reads topic attributes and tags', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'clients-attrs', Attributes: { DisplayName: 'Orders & more' }, Tags: [{ Key: 'team', Value: 'blue' }] }));
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    expect(Attributes).toMatchObject({ TopicArn, DisplayName: 'Orders & more', Owner: ACCOUNT, SubscriptionsConfirmed: '0' });
    await sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'env', Value: 'test' }] }));
    const tags = await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }));
    expect(tags.Tags!.map((x) => `${x.Key}=${x.Value}`).sort()).toEqual(['env=test', 'team=blue']);
  });

  it('fans a publish out to subscribed queues: enveloped, raw, and filtered by attributes and by body', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'clients-fanout' }));
    const all = await queue('clients-fanout-all');
    const raw = await queue('clients-fanout-raw');
    const red = await queue('clients-fanout-red');
    const big = await queue('clients-fanout-big-order');
    const subAll = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: all.arn, ReturnSubscriptionArn: true }));
    expect(subAll.SubscriptionArn).toMatch(new RegExp(`^${TopicArn}:[0-9a-f-]{36}$`));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: raw.arn, Attributes: { RawMessageDelivery: 'true' } }));
    await sns.send(
      new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: red.arn, Attributes: { FilterPolicy: JSON.stringify({ color: ['red'], size: [{ numeric: ['>=', 10] }] }) } }),
    );
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: big.arn,
        Attributes: { FilterPolicyScope: 'MessageBody', FilterPolicy: JSON.stringify({ order: { total: [{ numeric: ['>', 100] }] } }) },
      }),
    );

    const attributes = {
      color: { DataType: 'String', StringValue: 'red' },
      size: { DataType: 'Number', StringValue: '12' },
      tags: { DataType: 'String.Array', StringValue: '["a","b"]' },
      blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3, 250]) },
    };
    const p1 = await sns.send(new PublishCommand({ TopicArn, Message: JSON.stringify({ order: { total: 150 } }), Subject: 'first', MessageAttributes: attributes }));
    expect(p1.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const p2 = await sns.send(
      new PublishCommand({ TopicArn, Message: JSON.stringify({ order: { total: 5 } }), MessageAttributes: { color: { DataType: 'String', StringValue: 'blue' } } }),
    );

    const enveloped = await receiveAll(all.url);
    expect(enveloped).toHaveLength(2);
    const env = JSON.parse(enveloped.find((m) => m.Body!.includes(p1.MessageId!))!.Body!);
    expect(env).toMatchObject({
      Type: 'Notification',
      MessageId: p1.MessageId,
      TopicArn,
      Subject: 'first',
      Message: JSON.stringify({ order: { total: 150 } }),
      SignatureVersion: '1',
      MessageAttributes: {
        color: { Type: 'String', Value: 'red' },
        size: { Type: 'Number', Value: '12' },
        tags: { Type: 'String.Array', Value: '["a","b"]' },
        blob: { Type: 'Binary', Value: Buffer.from([1, 2, 3, 250]).toString('base64') },
      },
    });
    expect(Date.parse(env.Timestamp)).toBeGreaterThan(0);
    expect(env.Signature).toMatch(/\S/);
    expect(env.SigningCertURL).toMatch(/^https?:\/\//);
    expect(env.UnsubscribeURL).toBe(`${t.url}/?Action=Unsubscribe&SubscriptionArn=${subAll.SubscriptionArn}`);

    const raws = await receiveAll(raw.url);
    expect(raws.map((m) => m.Body).sort()).toEqual([JSON.stringify({ order: { total: 150 } }), JSON.stringify({ order: { total: 5 } })].sort());
    const raw1 = raws.find((m) => m.Body!.includes('150'))!;
    expect(raw1.MessageAttributes!.color).toEqual({ DataType: 'String', StringValue: 'red' });
    expect(raw1.MessageAttributes!.tags).toEqual({ DataType: 'String.Array', StringValue: '["a","b"]' });
    expect(Buffer.from(raw1.MessageAttributes!.blob!.BinaryValue!)).toEqual(Buffer.from([1, 2, 3, 250]));
    expect(raw1.MD5OfMessageAttributes).toBe(attributesMd5(raw1.MessageAttributes!));
    expect(raw1.MD5OfBody).toBe(md5(raw1.Body!));

    expect((await receiveAll(red.url)).map((m) => JSON.parse(m.Body!).MessageId)).toEqual([p1.MessageId]);
    expect((await receiveAll(big.url)).map((m) => JSON.parse(m.Body!).MessageId)).toEqual([p1.MessageId]);
    expect(p2.MessageId).not.toBe(p1.MessageId);
  });

  it('changes a filter policy through SetSubscriptionAttributes and lists subscriptions by topic', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'clients-resubscribe' }));
    const q = await queue('clients-resubscribe-q');
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn, ReturnSubscriptionArn: true }));
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: '{"k":["yes"]}' }));
    const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    expect(Attributes).toMatchObject({ FilterPolicy: '{"k":["yes"]}', Protocol: 'sqs', Endpoint: q.arn, TopicArn, PendingConfirmation: 'false' });
    await sns.send(new PublishCommand({ TopicArn, Message: 'no', MessageAttributes: { k: { DataType: 'String', StringValue: 'no' } } }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'yes', MessageAttributes: { k: { DataType: 'String', StringValue: 'yes' } } }));
    expect((await receiveAll(q.url)).map((m) => JSON.parse(m.Body!).Message)).toEqual(['yes']);

    const subs: string[] = [];
    for await (const page of paginateListSubscriptionsByTopic({ client: sns }, { TopicArn })) subs.push(...page.Subscriptions!.map((s) => s.SubscriptionArn!));
    expect(subs).toEqual([SubscriptionArn]);
    await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'after', MessageAttributes: { k: { DataType: 'String', StringValue: 'yes' } } }));
    expect(await receiveAll(q.url)).toEqual([]);
  });

  it('reports per-entry failures of PublishBatch', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'clients-batch' }));
    const q = await queue('clients-batch-q');
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn, Attributes: { RawMessageDelivery: 'true' } }));
    const out = await sns.send(
      new PublishBatchCommand({
        TopicArn,
        PublishBatchRequestEntries: [
          { Id: 'one', Message: 'first', MessageAttributes: { n: { DataType: 'Number', StringValue: '1' } } },
          { Id: 'bad', Message: '' },
          { Id: 'two', Message: 'third' },
        ],
      }),
    );
    expect(out.Successful!.map((s) => s.Id).sort()).toEqual(['one', 'two']);
    expect(out.Failed!.map((f) => [f.Id, f.SenderFault])).toEqual([['bad', true]]);
    expect(out.Failed![0]!.Code).toMatch(/\S/);
    expect((await receiveAll(q.url)).map((m) => m.Body).sort()).toEqual(['first', 'third']);

    // an attribute that is not what its type says fails the whole call
    const badAttribute = await caught(
      sns.send(
        new PublishBatchCommand({
          TopicArn,
          PublishBatchRequestEntries: [{ Id: 'n', Message: 'x', MessageAttributes: { n: { DataType: 'Number', StringValue: 'one' } } }],
        }),
      ),
    );
    expect(badAttribute.name).toBe('InvalidParameterValueException');
    expect(badAttribute.message).toBe("Could not cast message attribute 'n' value to number.");

    const dup = await caught(
      sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: [{ Id: 'x', Message: '1' }, { Id: 'x', Message: '2' }] })),
    );
    expect(dup.name).toBe('BatchEntryIdsNotDistinctException');
    expect(dup.$metadata.httpStatusCode).toBe(400);
  });

  it('delivers a FIFO topic to a FIFO queue in order, deduplicated', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'clients-orders.fifo', Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' } }));
    const q = await queue('clients-orders-q.fifo', { FifoQueue: 'true' });
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn, Attributes: { RawMessageDelivery: 'true' } }));
    const a = await sns.send(new PublishCommand({ TopicArn, Message: 'one', MessageGroupId: 'g' }));
    const dup = await sns.send(new PublishCommand({ TopicArn, Message: 'one', MessageGroupId: 'g' }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'two', MessageGroupId: 'g' }));
    expect(a.SequenceNumber).toMatch(/^\d+$/);
    expect(dup.MessageId).toBe(a.MessageId);
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['MessageGroupId'] }));
    expect(got.Messages!.map((m) => m.Body)).toEqual(['one', 'two']);
    expect(got.Messages![0]!.Attributes!.MessageGroupId).toBe('g');
  });

  it('delivers to an HTTP endpoint without being asked; SubscribeURL and UnsubscribeURL point at the server', async () => {
    const posts: { headers: IncomingHttpHeaders; body: string }[] = [];
    const waiting: (() => void)[] = [];
    const app = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (d: string) => (body += d));
      req.on('end', () => {
        posts.push({ headers: req.headers, body });
        res.end('ok');
        waiting.splice(0).forEach((w) => w());
      });
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', () => r()));
    const nthPost = async (n: number) => {
      while (posts.length < n) await new Promise<void>((r) => waiting.push(r));
      return posts[n - 1]!;
    };
    try {
      const endpoint = `http://127.0.0.1:${(app.address() as AddressInfo).port}/hook`;
      // a call that leaves nothing due comes first: the server must still deliver what later calls make due
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'clients-http' }));
      const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: endpoint, ReturnSubscriptionArn: true }));
      const confirmation = await nthPost(1);
      expect(confirmation.headers['x-amz-sns-message-type']).toBe('SubscriptionConfirmation');
      const doc = JSON.parse(confirmation.body);
      expect(doc).toMatchObject({ Type: 'SubscriptionConfirmation', TopicArn });
      // a subscriber confirms by visiting SubscribeURL, which points at the server
      expect(doc.SubscribeURL.startsWith(`${t.url}/?Action=ConfirmSubscription&`)).toBe(true);
      const visit = await fetch(doc.SubscribeURL);
      expect(visit.status).toBe(200);
      expect(await visit.text()).toContain(`<SubscriptionArn>${SubscriptionArn}</SubscriptionArn>`);
      await sns.send(new PublishCommand({ TopicArn, Message: 'over http', Subject: 's' }));
      const notification = await nthPost(2);
      expect(notification.headers['x-amz-sns-message-type']).toBe('Notification');
      expect(notification.headers['x-amz-sns-subscription-arn']).toBe(SubscriptionArn);
      const envelope = JSON.parse(notification.body);
      expect(envelope).toMatchObject({ Type: 'Notification', Message: 'over http', Subject: 's', TopicArn });
      // and unsubscribes by visiting UnsubscribeURL; AWS then sends an UnsubscribeConfirmation
      expect(envelope.UnsubscribeURL).toBe(`${t.url}/?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn}`);
      expect((await fetch(envelope.UnsubscribeURL)).status).toBe(200);
      expect((await nthPost(3)).headers['x-amz-sns-message-type']).toBe('UnsubscribeConfirmation');
      const subs = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
      expect(subs.Subscriptions).toEqual([]);

      // ConfirmSubscription through the SDK works as well
      const again = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: endpoint, ReturnSubscriptionArn: true }));
      const second = JSON.parse((await nthPost(4)).body);
      const confirmed = await sns.send(new ConfirmSubscriptionCommand({ TopicArn, Token: second.Token }));
      expect(confirmed.SubscriptionArn).toBe(again.SubscriptionArn);
    } finally {
      app.close();
    }
  });

  it('answers NotFound (404) and InvalidParameter as the SDK names them', async () => {
    const e = await caught(sns.send(new PublishCommand({ TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:clients-nope`, Message: 'x' })));
    expect(e).toBeInstanceOf(NotFoundException);
    expect(e.name).toBe('NotFoundException');
    expect(e.$metadata.httpStatusCode).toBe(404);
    expect(e.$fault).toBe('client');
    expect(e.message).toBe('Topic does not exist');

    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'clients-errors' }));
    const bad = await caught(
      sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: `arn:aws:sqs:${REGION}:${ACCOUNT}:x`, Attributes: { FilterPolicy: '{"a": "not-an-array"' } })),
    );
    expect(bad.name).toBe('InvalidParameterException');
    expect(bad.$metadata.httpStatusCode).toBe(400);
    expect(bad.message).toMatch(/^Invalid parameter: /);
  });
});

describe('aws-sdk v2 SNS', () => {
  let v2sns: AWS.SNS;
  let v2sqs: AWS.SQS;
  beforeAll(() => {
    v2sns = new AWS.SNS({ endpoint: t.url, region: REGION, credentials, maxRetries: 0 });
    v2sqs = new AWS.SQS({ endpoint: t.url, region: REGION, credentials, maxRetries: 0 });
  });

  it('publishes to a queue subscribed through the v2 SDK, with attributes', async () => {
    const { TopicArn } = await v2sns.createTopic({ Name: 'clients-v2-topic' }).promise();
    const { QueueUrl } = await v2sqs.createQueue({ QueueName: 'clients-v2-topic-q' }).promise();
    const { Attributes } = await v2sqs.getQueueAttributes({ QueueUrl: QueueUrl!, AttributeNames: ['QueueArn'] }).promise();
    const sub = await v2sns.subscribe({ TopicArn: TopicArn!, Protocol: 'sqs', Endpoint: Attributes!.QueueArn, Attributes: { RawMessageDelivery: 'true' } }).promise();
    expect(sub.SubscriptionArn).toMatch(/^arn:aws:sns:/);
    const p = await v2sns
      .publish({ TopicArn, Message: 'hello v2', MessageAttributes: { n: { DataType: 'Number', StringValue: '3' }, b: { DataType: 'Binary', BinaryValue: Buffer.from([9, 8]) } } })
      .promise();
    expect(p.MessageId).toMatch(/\S/);
    const got = await v2sqs.receiveMessage({ QueueUrl: QueueUrl!, MessageAttributeNames: ['All'] }).promise();
    expect(got.Messages!.map((m) => m.Body)).toEqual(['hello v2']);
    expect(got.Messages![0]!.MessageAttributes!.n).toMatchObject({ DataType: 'Number', StringValue: '3' });
    expect(Buffer.from(got.Messages![0]!.MessageAttributes!.b!.BinaryValue as Buffer)).toEqual(Buffer.from([9, 8]));
    const subs = await v2sns.listSubscriptionsByTopic({ TopicArn: TopicArn! }).promise();
    expect(subs.Subscriptions!.map((s) => s.SubscriptionArn)).toEqual([sub.SubscriptionArn]);
  });

  it('answers NotFound with status 404', async () => {
    try {
      await v2sns.getTopicAttributes({ TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:clients-v2-nope` }).promise();
      throw new Error('expected the call to fail');
    } catch (e) {
      const err = e as AWS.AWSError;
      expect(err.code).toBe('NotFound');
      expect(err.statusCode).toBe(404);
      expect(err.message).toBe('Topic does not exist');
    }
  });
});
