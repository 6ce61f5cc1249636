/**
 * Requests real clients never send but hand-made ones do, found by probing a running server:
 * each must get its protocol's error and leave the state file as it was.
 */
import AWS from 'aws-sdk';
import { ListMessageMoveTasksCommand, SQSClient as QuerySQSClient } from 'client-sqs-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCbor } from '../../src/server/protocols/cbor.js';
import { credentials } from './clients-support.js';
import { kinesisJson, queryPost, sqsJson, testServer, xmlText, type TestServer } from './harness.js';

let server: TestServer;
let queueUrl: string;
beforeAll(async () => {
  server = await testServer();
  queueUrl = (await sqsJson(server.url, 'CreateQueue', { QueueName: 'bytes' })).json!.QueueUrl as string;
});
afterAll(async () => {
  await server.stop();
});

/** A POST of raw bytes. */
async function post(headers: Record<string, string>, body: Buffer): Promise<{ status: number; headers: Headers; text: string }> {
  const r = await fetch(`${server.url}/`, { method: 'POST', headers, body: new Uint8Array(body) });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

async function messagesInQueue(): Promise<string> {
  const r = await sqsJson(server.url, 'GetQueueAttributes', { QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] });
  return (r.json!.Attributes as Record<string, string>).ApproximateNumberOfMessages!;
}

describe('a body that is not UTF-8', () => {
  // 0xff never occurs in UTF-8; decoding it as U+FFFD would store a body the client never sent
  const bad = Buffer.from([0xff, 0xfe, 0x41]);

  it('in SQS JSON is a SerializationException, and no message is sent', async () => {
    const body = Buffer.concat([Buffer.from(`{"QueueUrl":"${queueUrl}","MessageBody":"`), bad, Buffer.from('"}')]);
    const r = await post({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' }, body);
    expect(r.status).toBe(400);
    expect(r.headers.get('x-amzn-query-error')).toBe('SerializationException;Sender');
    expect(JSON.parse(r.text).__type).toBe('com.amazonaws.sqs#SerializationException');
    expect(await messagesInQueue()).toBe('0');
  });

  it('in an SQS query form is MalformedQueryString, and no message is sent', async () => {
    const body = Buffer.concat([Buffer.from(`Action=SendMessage&Version=2012-11-05&QueueUrl=${encodeURIComponent(queueUrl)}&MessageBody=`), bad]);
    const r = await post({ 'content-type': 'application/x-www-form-urlencoded' }, body);
    expect(r.status).toBe(400);
    expect(xmlText(r.text, 'Code')).toBe('MalformedQueryString');
    expect(xmlText(r.text, 'Type')).toBe('Sender');
    expect(await messagesInQueue()).toBe('0');
  });

  it('in an SNS query form is MalformedQueryString, and no topic is made', async () => {
    const body = Buffer.concat([Buffer.from('Action=CreateTopic&Version=2010-03-31&Name=t'), bad]);
    const r = await post({ 'content-type': 'application/x-www-form-urlencoded' }, body);
    expect(r.status).toBe(400);
    expect(xmlText(r.text, 'Code')).toBe('MalformedQueryString');
    const topics = await queryPost(server.url, { Action: 'ListTopics', Version: '2010-03-31' }, { service: 'sns' });
    expect(topics.text).not.toContain('<TopicArn>');
  });

  it('in Kinesis JSON and in a CBOR text string is a SerializationException, and no stream is made', async () => {
    const json = Buffer.concat([Buffer.from('{"StreamName":"s'), bad, Buffer.from('","ShardCount":1}')]);
    const r = await post({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.CreateStream' }, json);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).__type).toBe('SerializationException');

    // a CBOR map {"StreamName": <text string of the bad bytes>, "ShardCount": 1}
    const good = encodeCbor({ StreamName: 'sxyz', ShardCount: 1 });
    const cbor = Buffer.from(good.toString('latin1').replace('sxyz', 's\xff\xfeA'), 'latin1');
    const c = await post({ 'content-type': 'application/x-amz-cbor-1.1', 'x-amz-target': 'Kinesis_20131202.CreateStream' }, cbor);
    expect(c.status).toBe(400);

    const streams = await kinesisJson(server.url, 'ListStreams', {});
    expect(streams.json!.StreamNames).toEqual([]);
  });

  it('is told apart from valid multi-byte text, which is kept as sent', async () => {
    const r = await sqsJson(server.url, 'SendMessage', { QueueUrl: queueUrl, MessageBody: 'é€😀' });
    expect(r.status).toBe(200);
    const got = await sqsJson(server.url, 'ReceiveMessage', { QueueUrl: queueUrl });
    expect((got.json!.Messages as { Body: string }[])[0]!.Body).toBe('é€😀');
    await sqsJson(server.url, 'PurgeQueue', { QueueUrl: queueUrl });
  });
});

describe('names that every JavaScript object inherits', () => {
  it('are no SQS queue attributes: CreateQueue and SetQueueAttributes refuse them, in JSON and in query', async () => {
    for (const name of ['toString', 'constructor', 'hasOwnProperty', '__proto__']) {
      const created = await sqsJson(server.url, 'CreateQueue', { QueueName: 'inherited', Attributes: { [name]: '1' } });
      expect(created.status).toBe(400);
      expect(created.headers.get('x-amzn-query-error')).toBe('InvalidAttributeName;Sender');
      expect(created.json!.message).toBe(`Unknown Attribute ${name}.`);

      const set = await queryPost(server.url, {
        Action: 'SetQueueAttributes',
        Version: '2012-11-05',
        QueueUrl: queueUrl,
        'Attribute.1.Name': name,
        'Attribute.1.Value': '1',
      });
      expect(set.status).toBe(400);
      expect(xmlText(set.text, 'Code')).toBe('InvalidAttributeName');
    }
    const listed = await sqsJson(server.url, 'ListQueues', { QueueNamePrefix: 'inherited' });
    expect(listed.json).toEqual({});
  });

  it('are SQS tag keys like any other: "__proto__" is kept, on CreateQueue and TagQueue', async () => {
    // sent as text: a JavaScript object literal would take "__proto__" for its prototype
    const created = await post(
      { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.CreateQueue' },
      Buffer.from('{"QueueName":"protokeys","tags":{"__proto__":"a","team":"b"}}'),
    );
    expect(created.status).toBe(200);
    const url = JSON.parse(created.text).QueueUrl as string;
    expect((await sqsJson(server.url, 'ListQueueTags', { QueueUrl: url })).text).toContain('"__proto__":"a"');
    const raw = await post(
      { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.TagQueue' },
      Buffer.from(`{"QueueUrl":"${url}","Tags":{"__proto__":"p","constructor":"c"}}`),
    );
    expect(raw.status).toBe(200);
    const tags = await sqsJson(server.url, 'ListQueueTags', { QueueUrl: url });
    expect(tags.text).toContain('"__proto__":"p"');
    expect(Object.entries(tags.json!.Tags as object).sort()).toEqual([
      ['__proto__', 'p'],
      ['constructor', 'c'],
      ['team', 'b'],
    ]);
    const untagged = await sqsJson(server.url, 'UntagQueue', { QueueUrl: url, TagKeys: ['__proto__'] });
    expect(untagged.status).toBe(200);
    const after = await sqsJson(server.url, 'ListQueueTags', { QueueUrl: url });
    expect(after.text).not.toContain('__proto__');
  });
});

describe('ListMessageMoveTasks in the query protocol', () => {
  it('names each task ListMessageMoveTasksResultEntry, so query-era clients see the tasks', async () => {
    const dlq = (await sqsJson(server.url, 'CreateQueue', { QueueName: 'movedlq' })).json!.QueueUrl as string;
    const dlqArn = ((await sqsJson(server.url, 'GetQueueAttributes', { QueueUrl: dlq, AttributeNames: ['QueueArn'] })).json!.Attributes as Record<string, string>).QueueArn!;
    await sqsJson(server.url, 'CreateQueue', {
      QueueName: 'movesource',
      Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }) },
    });
    expect((await sqsJson(server.url, 'StartMessageMoveTask', { SourceArn: dlqArn })).status).toBe(200);

    const xml = await queryPost(server.url, { Action: 'ListMessageMoveTasks', Version: '2012-11-05', SourceArn: dlqArn });
    expect(xml.text).toContain('<ListMessageMoveTasksResult><ListMessageMoveTasksResultEntry><Status>COMPLETED</Status>');

    const v2 = new AWS.SQS({ endpoint: server.url, region: 'us-east-1', credentials, maxRetries: 0 });
    const fromV2 = await v2.listMessageMoveTasks({ SourceArn: dlqArn }).promise();
    expect(fromV2.Results?.map((r) => [r.Status, r.SourceArn])).toEqual([['COMPLETED', dlqArn]]);

    const v3 = new QuerySQSClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    const fromV3 = await v3.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }));
    expect(fromV3.Results?.map((r) => [r.Status, r.SourceArn])).toEqual([['COMPLETED', dlqArn]]);
    v3.destroy();
  });
});
