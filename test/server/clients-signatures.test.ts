/**
 * `awsmsg serve` checking SigV4 signatures (startServer({ credentials }), as --verify-signatures
 * does) against what the real SDKs sign: every client's canonical request must come out the
 * same on the server (queue paths, form bodies with reserved characters, HTTP/2's :authority
 * for the host), and a wrong secret or an unknown key gets the error the SDK expects.
 */
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateStreamCommand, KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import AWS from 'aws-sdk';
import { SendMessageCommand as QuerySendMessageCommand, SQSClient as QuerySQSClient } from 'client-sqs-query';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from 'awsmsg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT } from './clients-support.js';

const REGION = 'eu-west-1';
const good = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'se/cret+with=odd chars' };
const wrongSecret = { ...good, secretAccessKey: 'not the secret' };
const unknownKey = { accessKeyId: 'AKIDSOMEONEELSE', secretAccessKey: good.secretAccessKey };
const BODY = "reserved: !*'();:@&=+$,/?#[] spaces, ü € 😀 ~";

let dir: string;
let server: RunningServer;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'awsmsg-clients-sig-'));
  server = await startServer({ port: 0, db: join(dir, 'state.db'), credentials: new Map([[good.accessKeyId, good.secretAccessKey]]) });
  url = server.url;
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<{ name: string; code?: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; code?: string; statusCode?: number; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, code: err.code, status: err.$metadata?.httpStatusCode ?? err.statusCode };
  }
  throw new Error('expected the call to fail');
}

describe('SigV4 checked against the SDKs', () => {
  it('@aws-sdk/client-sqs (JSON): signed right passes, a wrong secret or an unknown key does not', async () => {
    const sqs = new SQSClient({ endpoint: url, region: REGION, credentials: good, maxAttempts: 1 });
    try {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'sig-json' }));
      expect(QueueUrl).toBe(`${url}/${ACCOUNT}/sig-json`);
      const sent = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: BODY }));
      expect(sent.MessageId).toMatch(/\S/);
    } finally {
      sqs.destroy();
    }
    for (const [credentials, name] of [
      [wrongSecret, 'SignatureDoesNotMatch'],
      [unknownKey, 'InvalidClientTokenId'],
    ] as const) {
      const other = new SQSClient({ endpoint: url, region: REGION, credentials, maxAttempts: 1 });
      try {
        const e = await failure(other.send(new CreateQueueCommand({ QueueName: 'sig-json' })));
        // SQS in JSON answers as SQS always has: 403, its query code in x-amzn-query-error
        expect(e).toMatchObject({ name, status: 403 });
      } finally {
        other.destroy();
      }
    }
  });

  it('the query-era SQS clients: 3.445 and aws-sdk v2, to the queue path', async () => {
    const v2 = new AWS.SQS({ endpoint: url, region: REGION, credentials: good, maxRetries: 0 });
    const { QueueUrl } = await v2.createQueue({ QueueName: 'sig-query' }).promise();
    expect((await v2.sendMessage({ QueueUrl: QueueUrl!, MessageBody: BODY, MessageAttributes: { 'a.b-c_d': { DataType: 'String', StringValue: BODY } } }).promise()).MessageId).toMatch(/\S/);
    const q = new QuerySQSClient({ endpoint: url, region: REGION, credentials: good, maxAttempts: 1 });
    try {
      expect((await q.send(new QuerySendMessageCommand({ QueueUrl: QueueUrl!, MessageBody: BODY }))).MessageId).toMatch(/\S/);
    } finally {
      q.destroy();
    }
    const bad = new AWS.SQS({ endpoint: url, region: REGION, credentials: wrongSecret, maxRetries: 0 });
    expect(await failure(bad.sendMessage({ QueueUrl: QueueUrl!, MessageBody: 'x' }).promise())).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
    const unknown = new AWS.SQS({ endpoint: url, region: REGION, credentials: unknownKey, maxRetries: 0 });
    expect(await failure(unknown.listQueues().promise())).toMatchObject({ code: 'InvalidClientTokenId', status: 403 });
  });

  it('@aws-sdk/client-sns and aws-sdk v2 SNS', async () => {
    const sns = new SNSClient({ endpoint: url, region: REGION, credentials: good, maxAttempts: 1 });
    try {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'sig-topic' }));
      expect((await sns.send(new PublishCommand({ TopicArn, Message: BODY, Subject: 'a b' }))).MessageId).toMatch(/\S/);
    } finally {
      sns.destroy();
    }
    const v2 = new AWS.SNS({ endpoint: url, region: REGION, credentials: wrongSecret, maxRetries: 0 });
    expect(await failure(v2.listTopics().promise())).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
  });

  it('@aws-sdk/client-kinesis over HTTP/2 and HTTP/1.1, and aws-sdk v2 Kinesis', async () => {
    const h2 = new KinesisClient({ endpoint: url, region: REGION, credentials: good, maxAttempts: 1 });
    const h1 = new KinesisClient({ endpoint: url, region: REGION, credentials: good, maxAttempts: 1, requestHandler: new NodeHttpHandler() });
    const bad = new KinesisClient({ endpoint: url, region: REGION, credentials: wrongSecret, maxAttempts: 1 });
    try {
      await h2.send(new CreateStreamCommand({ StreamName: 'sig-stream', ShardCount: 1 }));
      expect((await h1.send(new ListStreamsCommand({}))).StreamNames).toEqual(['sig-stream']);
      expect(await failure(bad.send(new ListStreamsCommand({})))).toMatchObject({ name: 'InvalidSignatureException', status: 400 });
    } finally {
      h2.destroy();
      h1.destroy();
      bad.destroy();
    }
    const v2 = new AWS.Kinesis({ endpoint: url, region: REGION, credentials: good, maxRetries: 0 });
    expect((await v2.listStreams({}).promise()).StreamNames).toEqual(['sig-stream']);
  });

  it('an unsigned or half-signed request gets the error of its protocol', async () => {
    const post = (headers: Record<string, string>, body: string) => fetch(url, { method: 'POST', headers, body });
    const json = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.ListStreams' };
    const query = { 'content-type': 'application/x-www-form-urlencoded' };
    const unsignedJson = await post(json, '{}');
    expect(unsignedJson.status).toBe(400);
    expect(await unsignedJson.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    const unsignedQuery = await post(query, 'Action=ListQueues&Version=2012-11-05');
    expect(unsignedQuery.status).toBe(403);
    expect(await unsignedQuery.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    const half = 'AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST/20240101/eu-west-1/kinesis/aws4_request';
    const halfJson = await post({ ...json, authorization: half, 'x-amz-date': '20240101T000000Z' }, '{}');
    expect(halfJson.status).toBe(400);
    expect(await halfJson.json()).toMatchObject({ __type: 'IncompleteSignatureException' });
    const halfQuery = await post({ ...query, authorization: half.replace('kinesis', 'sqs'), 'x-amz-date': '20240101T000000Z' }, 'Action=ListQueues&Version=2012-11-05');
    expect(halfQuery.status).toBe(400);
    expect(await halfQuery.text()).toContain('<Code>IncompleteSignature</Code>');
  });

  it('SubscribeURL and UnsubscribeURL work unsigned, as links do on AWS; other unsigned SNS calls do not', async () => {
    const bodies: string[] = [];
    const waiting: (() => void)[] = [];
    const app = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (d: string) => (body += d));
      req.on('end', () => {
        bodies.push(body);
        res.end();
        waiting.splice(0).forEach((w) => w());
      });
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', () => r()));
    const nth = async (n: number) => {
      while (bodies.length < n) await new Promise<void>((r) => waiting.push(r));
      return JSON.parse(bodies[n - 1]!);
    };
    const sns = new SNSClient({ endpoint: url, region: REGION, credentials: good, maxAttempts: 1 });
    try {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'sig-links' }));
      const endpoint = `http://127.0.0.1:${(app.address() as AddressInfo).port}/`;
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: endpoint }));
      const confirmation = await nth(1);
      expect((await fetch(confirmation.SubscribeURL)).status).toBe(200);
      await sns.send(new PublishCommand({ TopicArn, Message: 'signed publish' }));
      const notification = await nth(2);
      expect(notification.Message).toBe('signed publish');
      const unsignedPublish = await fetch(`${url}/?Action=Publish&TopicArn=${encodeURIComponent(TopicArn!)}&Message=x`);
      expect(unsignedPublish.status).toBe(403);
      expect(await unsignedPublish.text()).toContain('<Code>MissingAuthenticationToken</Code>');
      expect((await fetch(notification.UnsubscribeURL)).status).toBe(200);
      expect((await nth(3)).Type).toBe('UnsubscribeConfirmation');
    } finally {
      sns.destroy();
      app.close();
    }
  });
});
