/**
 * Long polls and subscriptions in the server: a thousand waiting at once cost the event loop
 * nothing (other requests are answered meanwhile), the clock endpoint ends them, and commits
 * of other processes — `awsmsg sqs send-message`, `awsmsg clock advance`, `awsmsg kinesis
 * put-record` on the same state file — wake them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { BIN } from '../helpers/cli.js';
import { decodeEventMessages } from '../../src/server/protocols/eventstream.js';
import { eventually, kinesisJson, queryPost, sqsJson, testServer, type TestServer } from './harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await testServer();
});
afterAll(() => server.stop());

const waiting = async (): Promise<number> => ((await (await fetch(`${server.url}/_awsmsg/health`)).json()) as { waiting: number }).waiting;

/** bin/awsmsg on the server's state file, run asynchronously (the server answers in this process meanwhile). */
function awsmsg(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH, HOME: server.dir, AWS_CONFIG_FILE: `${server.dir}/aws-config`, AWSMSG_DB: server.db },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A JSON call over a node:http agent of our own (a thousand sockets at once). */
function post(agent: Agent, target: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: server.port, method: 'POST', path: '/', agent, headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.0' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) as Record<string, unknown> }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('a thousand long polls', () => {
  it('wait at once without holding up other requests; one message wakes one of them; the clock endpoint ends the rest empty', async () => {
    const queues: string[] = [];
    for (let i = 0; i < 10; i++) queues.push((await sqsJson(server.url, 'CreateQueue', { QueueName: `idle-${i}` })).json!.QueueUrl as string);
    const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
    try {
      const polls = Array.from({ length: 1000 }, (_, i) => post(agent, 'AmazonSQS.ReceiveMessage', { QueueUrl: queues[i % 10], WaitTimeSeconds: 20 }));
      await eventually(async () => ((await waiting()) === 1000 ? true : undefined), 'a thousand long polls to wait', 60_000);

      // meanwhile everything else is answered as usual, in every protocol
      const busy = (await sqsJson(server.url, 'CreateQueue', { QueueName: 'busy' })).json!.QueueUrl as string;
      for (let i = 0; i < 20; i++) expect((await sqsJson(server.url, 'SendMessage', { QueueUrl: busy, MessageBody: `m${i}` })).status).toBe(200);
      const received = await sqsJson(server.url, 'ReceiveMessage', { QueueUrl: busy, MaxNumberOfMessages: 10 });
      expect((received.json!.Messages as unknown[]).length).toBe(10);
      expect((await kinesisJson(server.url, 'ListStreams', {})).status).toBe(200);
      expect((await queryPost(server.url, { Action: 'ListTopics', Version: '2010-03-31' })).status).toBe(200);
      expect(await waiting()).toBe(1000);

      // a message for idle-0 goes to exactly one of its hundred polls
      const settled = polls.map((p) => p.then((r) => ({ r, done: true })));
      await sqsJson(server.url, 'SendMessage', { QueueUrl: queues[0], MessageBody: 'for one of you' });
      await eventually(async () => ((await waiting()) === 999 ? true : undefined), 'one poll to return');

      const moved = await fetch(`${server.url}/_awsmsg/clock`, { method: 'POST', body: '{"advance":"20s"}' });
      expect(moved.status).toBe(200);
      const results = await Promise.all(settled);
      expect(results.every(({ r }) => r.status === 200)).toBe(true);
      const withMessages = results.filter(({ r }) => r.json.Messages);
      expect(withMessages).toHaveLength(1);
      expect((withMessages[0]!.r.json.Messages as { Body: string }[])[0]!.Body).toBe('for one of you');
      expect(results.filter(({ r }) => Object.keys(r.json).length === 0)).toHaveLength(999);
      expect(await waiting()).toBe(0);
    } finally {
      agent.destroy();
    }
    // a thousand requests take their time on a busy two-core machine: a limit for hangs, not a speed test
  }, 120_000);
});

describe('what the server itself does wakes its long polls', () => {
  it("deleting a FIFO group's message in flight hands the group's next one to a waiting long poll at once", async () => {
    const url = (await sqsJson(server.url, 'CreateQueue', { QueueName: 'wake.fifo', Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } })).json!
      .QueueUrl as string;
    for (const b of ['m1', 'm2', 'm3']) await sqsJson(server.url, 'SendMessage', { QueueUrl: url, MessageBody: b, MessageGroupId: 'g' });
    let inFlight = (await sqsJson(server.url, 'ReceiveMessage', { QueueUrl: url })).json!.Messages as { Body: string; ReceiptHandle: string }[];
    expect(inFlight.map((m) => m.Body)).toEqual(['m1']);
    for (const [next, remove] of [
      ['m2', (h: string) => sqsJson(server.url, 'DeleteMessage', { QueueUrl: url, ReceiptHandle: h })],
      ['m3', (h: string) => sqsJson(server.url, 'DeleteMessageBatch', { QueueUrl: url, Entries: [{ Id: 'd', ReceiptHandle: h }] })],
    ] as const) {
      // the group is blocked while its message is in flight: the poll waits
      const poll = sqsJson(server.url, 'ReceiveMessage', { QueueUrl: url, WaitTimeSeconds: 20 });
      await eventually(async () => ((await waiting()) === 1 ? true : undefined), 'the long poll to wait');
      expect((await remove(inFlight[0]!.ReceiptHandle)).status).toBe(200);
      // answered by the delete itself, not by a later look: nothing waits any more
      expect(await waiting()).toBe(0);
      inFlight = (await poll).json!.Messages as { Body: string; ReceiptHandle: string }[];
      expect(inFlight.map((m) => m.Body)).toEqual([next]);
    }
  });

  it('deleting the queue ends a long poll on it at once', async () => {
    const url = (await sqsJson(server.url, 'CreateQueue', { QueueName: 'going' })).json!.QueueUrl as string;
    const poll = sqsJson(server.url, 'ReceiveMessage', { QueueUrl: url, WaitTimeSeconds: 20 });
    await eventually(async () => ((await waiting()) === 1 ? true : undefined), 'the long poll to wait');
    expect((await sqsJson(server.url, 'DeleteQueue', { QueueUrl: url })).status).toBe(200);
    expect(await waiting()).toBe(0);
    const r = await poll;
    expect([r.status, r.json!.__type]).toEqual([400, 'com.amazonaws.sqs#QueueDoesNotExist']);
  });
});

describe('other processes on the same state file wake what waits in the server', () => {
  it('a message sent with `awsmsg sqs send-message` reaches a waiting long poll', async () => {
    const url = (await sqsJson(server.url, 'CreateQueue', { QueueName: 'cross' })).json!.QueueUrl as string;
    const poll = sqsJson(server.url, 'ReceiveMessage', { QueueUrl: url, WaitTimeSeconds: 20 });
    await eventually(async () => ((await waiting()) === 1 ? true : undefined), 'the long poll to wait');
    // the CLI names the queue in AWS's form; it is the same queue
    const sent = await awsmsg(['sqs', 'send-message', '--queue-url', 'https://sqs.us-east-1.amazonaws.com/000000000000/cross', '--message-body', 'from the shell']);
    expect(sent.status, sent.stderr).toBe(0);
    const r = await poll;
    expect(r.status).toBe(200);
    expect((r.json!.Messages as { Body: string; MessageId: string }[]).map((m) => [m.Body, m.MessageId])).toEqual([
      ['from the shell', (JSON.parse(sent.stdout) as { MessageId: string }).MessageId],
    ]);
  });

  it('`awsmsg clock advance` makes an in-flight message visible to a waiting long poll', async () => {
    const url = (await sqsJson(server.url, 'CreateQueue', { QueueName: 'cross-clock' })).json!.QueueUrl as string;
    await sqsJson(server.url, 'SendMessage', { QueueUrl: url, MessageBody: 'again' });
    expect(((await sqsJson(server.url, 'ReceiveMessage', { QueueUrl: url, VisibilityTimeout: 60 })).json!.Messages as unknown[]).length).toBe(1);
    const poll = sqsJson(server.url, 'ReceiveMessage', { QueueUrl: url, WaitTimeSeconds: 20 });
    await eventually(async () => ((await waiting()) === 1 ? true : undefined), 'the long poll to wait');
    const advanced = await awsmsg(['clock', 'advance', '61s']);
    expect(advanced.status, advanced.stderr).toBe(0);
    const r = await poll;
    expect((r.json!.Messages as { Body: string }[]).map((m) => m.Body)).toEqual(['again']);
  });

  it('a record put with `awsmsg kinesis put-record` reaches an open SubscribeToShard stream', async () => {
    await kinesisJson(server.url, 'CreateStream', { StreamName: 'cross', ShardCount: 1 });
    await fetch(`${server.url}/_awsmsg/clock`, { method: 'POST', body: '{"advance":"1m"}' });
    const consumer = await kinesisJson(server.url, 'RegisterStreamConsumer', { StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/cross', ConsumerName: 'c' });
    await fetch(`${server.url}/_awsmsg/clock`, { method: 'POST', body: '{"advance":"1m"}' });
    const controller = new AbortController();
    const r = await fetch(server.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'Kinesis_20131202.SubscribeToShard', 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ ConsumerARN: (consumer.json!.Consumer as { ConsumerARN: string }).ConsumerARN, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } }),
      signal: controller.signal,
    });
    const reader = r.body!.getReader();
    // read frames until an event with the record (empty heartbeat events may come first)
    const records: string[] = [];
    let sent = false;
    let pending: Buffer = Buffer.alloc(0);
    while (records.length === 0) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended before the record');
      const decoded = decodeEventMessages(Buffer.concat([pending, Buffer.from(value)]));
      pending = decoded.rest;
      for (const m of decoded.messages) {
        if (m.headers[':event-type'] === 'initial-response' && !sent) {
          sent = true;
          const put = await awsmsg(['kinesis', 'put-record', '--stream-name', 'cross', '--partition-key', 'k', '--data', Buffer.from('from the shell').toString('base64')]);
          expect(put.status, put.stderr).toBe(0);
        }
        if (m.headers[':event-type'] === 'SubscribeToShardEvent') {
          const event = JSON.parse(m.payload.toString()) as { Records: { Data: string }[] };
          records.push(...event.Records.map((x) => Buffer.from(x.Data, 'base64').toString()));
        }
      }
    }
    controller.abort();
    await reader.cancel().catch(() => undefined);
    expect(records).toEqual(['from the shell']);
  });
});
