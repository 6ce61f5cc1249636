/**
 * Who a request is for and what it says back about itself: the region from the SigV4
 * credential scope, the account from a 12-digit access key id (else the server's default),
 * queue URLs built from the Host the client addressed, request ids in the header and the XML,
 * and an HTTP Date on wall time whatever the emulated clock says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { kinesisJson, queryPost, sqsJson, testServer, xmlText, type TestServer } from './harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await testServer();
});
afterAll(() => server.stop());

/** A request with a Host header of our choosing (fetch does not let a caller set it). */
function withHost(host: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/', headers: { ...headers, host } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('region from the credential scope', () => {
  it('a queue made in eu-west-1 is not seen from us-east-1, nor from a request with no scope', async () => {
    const made = await sqsJson(server.url, 'CreateQueue', { QueueName: 'regional' }, { region: 'eu-west-1' });
    expect(made.status).toBe(200);
    const url = made.json!.QueueUrl as string;
    expect((await sqsJson(server.url, 'ListQueues', {}, { region: 'eu-west-1' })).json).toEqual({ QueueUrls: [url] });
    expect((await sqsJson(server.url, 'ListQueues', {}, { region: 'us-east-1' })).json).toEqual({});
    expect((await sqsJson(server.url, 'ListQueues', {})).json).toEqual({});
    const missing = await sqsJson(server.url, 'GetQueueUrl', { QueueName: 'regional' }, { region: 'us-east-1' });
    expect(missing.status).toBe(400);
    expect(missing.json!.__type).toBe('com.amazonaws.sqs#QueueDoesNotExist');
    expect(missing.headers.get('x-amzn-query-error')).toBe('AWS.SimpleQueueService.NonExistentQueue;Sender');
    const arn = await sqsJson(server.url, 'GetQueueAttributes', { QueueUrl: url, AttributeNames: ['QueueArn'] }, { region: 'eu-west-1' });
    expect(arn.json).toEqual({ Attributes: { QueueArn: 'arn:aws:sqs:eu-west-1:000000000000:regional' } });
  });

  it('SNS and Kinesis take the region the same way; a presigned query carries it in X-Amz-Credential', async () => {
    const topic = await queryPost(server.url, { Action: 'CreateTopic', Version: '2010-03-31', Name: 'regional' }, { service: 'sns', region: 'ap-south-1' });
    expect(xmlText(topic.text, 'TopicArn')).toBe('arn:aws:sns:ap-south-1:000000000000:regional');
    await kinesisJson(server.url, 'CreateStream', { StreamName: 'regional', ShardCount: 1 }, { region: 'sa-east-1' });
    const summary = await kinesisJson(server.url, 'DescribeStreamSummary', { StreamName: 'regional' }, { region: 'sa-east-1' });
    expect((summary.json!.StreamDescriptionSummary as { StreamARN: string }).StreamARN).toBe('arn:aws:kinesis:sa-east-1:000000000000:stream/regional');
    expect((await kinesisJson(server.url, 'DescribeStreamSummary', { StreamName: 'regional' })).json!.__type).toBe('ResourceNotFoundException');
    const credential = encodeURIComponent('AKIDEXAMPLE/20240101/ap-south-1/sns/aws4_request');
    const presigned = await fetch(`${server.url}/?Action=ListTopics&Version=2010-03-31&X-Amz-Credential=${credential}&X-Amz-Algorithm=AWS4-HMAC-SHA256`);
    expect(xmlText(await presigned.text(), 'TopicArn')).toBe('arn:aws:sns:ap-south-1:000000000000:regional');
  });
});

describe('account', () => {
  it('a 12-digit access key id names the account; any other key is the default account', async () => {
    const mine = await sqsJson(server.url, 'CreateQueue', { QueueName: 'owned' }, { accessKeyId: '111122223333' });
    expect(mine.json!.QueueUrl).toBe(`${server.url}/111122223333/owned`);
    const topic = await queryPost(server.url, { Action: 'CreateTopic', Version: '2010-03-31', Name: 'owned' }, { service: 'sns', accessKeyId: '111122223333' });
    expect(xmlText(topic.text, 'TopicArn')).toBe('arn:aws:sns:us-east-1:111122223333:owned');
    const other = await sqsJson(server.url, 'CreateQueue', { QueueName: 'owned' }, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
    expect(other.json!.QueueUrl).toBe(`${server.url}/000000000000/owned`);
    // each account sees its own
    expect((await sqsJson(server.url, 'ListQueues', { QueueNamePrefix: 'owned' }, { accessKeyId: '111122223333' })).json).toEqual({ QueueUrls: [`${server.url}/111122223333/owned`] });
  });

  it('the default account is the accountId option, else AWSMSG_ACCOUNT_ID, else 000000000000', async () => {
    const byOption = await testServer({ accountId: '444455556666' });
    const saved = process.env.AWSMSG_ACCOUNT_ID;
    process.env.AWSMSG_ACCOUNT_ID = '777788889999';
    const byEnv = await testServer();
    if (saved === undefined) delete process.env.AWSMSG_ACCOUNT_ID;
    else process.env.AWSMSG_ACCOUNT_ID = saved;
    try {
      expect((await sqsJson(byOption.url, 'CreateQueue', { QueueName: 'q' })).json!.QueueUrl).toBe(`${byOption.url}/444455556666/q`);
      expect((await sqsJson(byEnv.url, 'CreateQueue', { QueueName: 'q' })).json!.QueueUrl).toBe(`${byEnv.url}/777788889999/q`);
      // a 12-digit key still wins
      expect((await sqsJson(byEnv.url, 'CreateQueue', { QueueName: 'q' }, { accessKeyId: '111122223333' })).json!.QueueUrl).toBe(`${byEnv.url}/111122223333/q`);
    } finally {
      await byOption.stop();
      await byEnv.stop();
    }
  });
});

describe('queue URLs', () => {
  it('are built from the Host the client addressed, in JSON and in XML', async () => {
    const json = await withHost('localhost.localstack.cloud:4566', { 'x-amz-target': 'AmazonSQS.CreateQueue', 'content-type': 'application/x-amz-json-1.0' }, '{"QueueName":"hosted"}');
    expect(JSON.parse(json.body)).toEqual({ QueueUrl: 'http://localhost.localstack.cloud:4566/000000000000/hosted' });
    const xml = await withHost('sqs.local:9324', { 'content-type': 'application/x-www-form-urlencoded' }, 'Action=GetQueueUrl&Version=2012-11-05&QueueName=hosted');
    expect(xmlText(xml.body, 'QueueUrl')).toBe('http://sqs.local:9324/000000000000/hosted');
    const list = await withHost('[::1]:4566', { 'x-amz-target': 'AmazonSQS.ListQueues', 'content-type': 'application/x-amz-json-1.0' }, '{"QueueNamePrefix":"hosted"}');
    expect(JSON.parse(list.body)).toEqual({ QueueUrls: ['http://[::1]:4566/000000000000/hosted'] });
  });

  it('any form of a queue URL names the same queue: the server\'s, another host\'s, AWS\'s', async () => {
    await sqsJson(server.url, 'CreateQueue', { QueueName: 'forms' });
    for (const form of [
      `${server.url}/000000000000/forms`,
      'http://elsewhere:1234/000000000000/forms',
      'https://sqs.us-east-1.amazonaws.com/000000000000/forms',
      'https://us-east-1.queue.amazonaws.com/000000000000/forms',
    ]) {
      const r = await sqsJson(server.url, 'SendMessage', { QueueUrl: form, MessageBody: form });
      expect(r.status, form).toBe(200);
    }
    const attrs = await sqsJson(server.url, 'GetQueueAttributes', { QueueUrl: `${server.url}/000000000000/forms`, AttributeNames: ['ApproximateNumberOfMessages'] });
    expect(attrs.json).toEqual({ Attributes: { ApproximateNumberOfMessages: '4' } });
  });
});

describe('request ids and the Date header', () => {
  it('every answer has a fresh request id; XML carries the same one in ResponseMetadata or the error', async () => {
    const answers = await Promise.all([
      sqsJson(server.url, 'ListQueues', {}),
      sqsJson(server.url, 'GetQueueUrl', { QueueName: 'nope' }),
      kinesisJson(server.url, 'ListStreams', {}),
      kinesisJson(server.url, 'DescribeStream', { StreamName: 'nope' }),
      queryPost(server.url, { Action: 'ListTopics', Version: '2010-03-31' }),
      queryPost(server.url, { Action: 'GetTopicAttributes', Version: '2010-03-31', TopicArn: 'arn:aws:sns:us-east-1:000000000000:nope' }),
      queryPost(server.url, { Action: 'NoSuchAction', Version: '2012-11-05' }),
    ]);
    const ids = answers.map((a) => a.headers.get('x-amzn-requestid'));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of answers.slice(4)) expect(xmlText(a.text, 'RequestId')).toBe(a.headers.get('x-amzn-requestid'));
    expect(answers[4]!.text).toMatch(/<ResponseMetadata><RequestId>[^<]+<\/RequestId><\/ResponseMetadata>/);
    expect(answers[5]!.status).toBe(404);
    expect(xmlText(answers[5]!.text, 'Code')).toBe('NotFound');
  });

  it('the HTTP Date is wall time even after the clock moved a day; the messages carry the moved clock', async () => {
    const moved = await fetch(`${server.url}/_awsmsg/clock`, { method: 'POST', body: '{"advance":"1d"}' });
    expect(((await moved.json()) as { offsetSeconds: number }).offsetSeconds).toBeGreaterThanOrEqual(86_400);
    const url = (await sqsJson(server.url, 'CreateQueue', { QueueName: 'dated' })).json!.QueueUrl as string;
    await sqsJson(server.url, 'SendMessage', { QueueUrl: url, MessageBody: 'x' });
    const r = await sqsJson(server.url, 'ReceiveMessage', { QueueUrl: url, AttributeNames: ['SentTimestamp'] });
    const wall = Date.now();
    const date = Date.parse(r.headers.get('date')!);
    // an hour either way: far less than the day the clock moved, whatever the machine's speed
    expect(Math.abs(date - wall)).toBeLessThan(3_600_000);
    const sent = Number((r.json!.Messages as { Attributes: { SentTimestamp: string } }[])[0]!.Attributes.SentTimestamp);
    expect(sent - wall).toBeGreaterThan(86_400_000 - 3_600_000);
  });
});
